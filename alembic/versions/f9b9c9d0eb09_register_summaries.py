"""register summaries: the dashboard's and the insurance check's figures kept between page loads

- `registerrevision`: one row per account (every existing account gets one here, every new account from
  a trigger on `account`), counted up by triggers whenever a row the figures are made of is written:
  `item`, `itemfile`, `itemchange`, `category`, `location`, `insurancepolicy`, `theftpronewords`. On
  PostgreSQL the triggers run when the transaction commits (deferred constraint triggers), so the counter's
  row is locked only for the commit, and a transaction counts once (`counted_by` holds its id), so an
  import of 100 000 objects makes one new version of the row, not 100 000 of them; the transaction's last
  counted register is remembered in a transaction-local setting, so its next rows skip the update.
- `registersummary`: figures of one kind as made at a revision on a day; shown only while both still hold.

Both carry the tenant row-level-security policy on PostgreSQL, like every table with an account_id.

Revision ID: f9b9c9d0eb09
Revises: f8a8b9cadb08
Create Date: 2026-12-07 23:59:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'f9b9c9d0eb09'
down_revision: Union[str, None] = 'f8a8b9cadb08'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"
TABLES = ("registerrevision", "registersummary")
# the tables whose rows the dashboard and the insurance check are made of
WATCHED = ("item", "itemfile", "itemchange", "category", "location", "insurancepolicy", "theftpronewords")

_PG_COUNT = """
CREATE OR REPLACE FUNCTION register_count(account integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    mark text := txid_current()::text || ':' || account;
BEGIN
    -- the transaction's last counted register, remembered until it ends: the next rows skip the update
    IF current_setting('cleverstore.counted', true) = mark THEN
        RETURN;
    END IF;
    UPDATE registerrevision SET revision = revision + 1, counted_by = txid_current()
     WHERE account_id = account AND counted_by IS DISTINCT FROM txid_current();
    PERFORM set_config('cleverstore.counted', mark, true);
END $$;
CREATE OR REPLACE FUNCTION register_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM register_count(NEW.account_id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM register_count(OLD.account_id);
    ELSIF TG_OP = 'UPDATE' THEN
        IF OLD.account_id <> NEW.account_id THEN
            PERFORM register_count(OLD.account_id);
        END IF;
    END IF;
    RETURN NULL;
END $$
"""
_PG_START = """
CREATE OR REPLACE FUNCTION register_revision_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO registerrevision (account_id, revision) VALUES (NEW.id, 0) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$
"""


def _sqlite_triggers() -> dict[str, str]:
    bump = "UPDATE registerrevision SET revision = revision + 1 WHERE account_id"
    triggers = {"account_revision_start": "AFTER INSERT ON account BEGIN "
                                          "INSERT OR IGNORE INTO registerrevision (account_id, revision) "
                                          "VALUES (new.id, 0); END"}
    for table in WATCHED:
        triggers[f"{table}_counts_insert"] = f"AFTER INSERT ON {table} BEGIN {bump} = new.account_id; END"
        triggers[f"{table}_counts_update"] = (f"AFTER UPDATE ON {table} BEGIN "
                                              f"{bump} IN (new.account_id, old.account_id); END")
        triggers[f"{table}_counts_delete"] = f"AFTER DELETE ON {table} BEGIN {bump} = old.account_id; END"
    return triggers


def upgrade() -> None:
    op.create_table(
        'registerrevision',
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.Column('counted_by', sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('account_id'),
    )
    op.create_table(
        'registersummary',
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('account_id', 'kind'),
    )
    op.execute("INSERT INTO registerrevision (account_id, revision) SELECT id, 0 FROM account")
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY {POLICY} ON "{table}" FOR ALL'
                f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
                f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")
        op.execute(_PG_COUNT)
        op.execute(_PG_START)
        op.execute("CREATE TRIGGER account_revision_start AFTER INSERT ON account "
                   "FOR EACH ROW EXECUTE FUNCTION register_revision_start()")
        for table in WATCHED:
            # deferred to the commit: the counter's row is locked only while the transaction commits, so a long
            # import never holds up another member's edit in the same register
            op.execute(f'CREATE CONSTRAINT TRIGGER {table}_counts AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION register_changed()")
    else:
        for name, body in _sqlite_triggers().items():
            op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_counts ON "{table}"')
        op.execute("DROP TRIGGER IF EXISTS account_revision_start ON account")
        op.execute("DROP FUNCTION IF EXISTS register_changed()")
        op.execute("DROP FUNCTION IF EXISTS register_count(integer)")
        op.execute("DROP FUNCTION IF EXISTS register_revision_start()")
        for table in TABLES:
            op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
    else:
        for name in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('registersummary')
    op.drop_table('registerrevision')
