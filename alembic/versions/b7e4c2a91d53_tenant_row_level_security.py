"""tenant row-level security on PostgreSQL (defence in depth)

Every table with an `account_id` column gets ENABLE + FORCE ROW LEVEL SECURITY and
one policy, `tenant_isolation`, for reads and writes (USING and WITH CHECK):

    current_setting('cleverstore.account_id', true) is unset or ''
    OR account_id = current_setting('cleverstore.account_id', true)::int

The app declares the tenant per transaction (`cleverstore.db.tenant_scope`, with
`set_config(..., true)`, so it ends with the transaction and a pooled connection
never carries it over). Declared → only that customer's rows are visible or
writable, even when a query forgot its `account_id = ...` filter. Undeclared →
everything, which is what the unscoped work needs (admin, jobs, webhooks,
migrations, backups).

Why "nothing declared sees all" and not a stricter `cleverstore.scope = 'system'`:
the protection this buys is against the app's own mistakes in customer-scoped
code, and those paths always declare a tenant. A stricter default would not stop
an attacker who can run SQL (any role may call set_config, and SET ROLE is undone
by RESET ROLE), yet every admin path, job, migration, pg_dump and psql session
would have to remember the system switch — more ways to break, no more safety.

Policies do not bind a superuser or a role with BYPASSRLS, even with FORCE. So a
tenant-scoped transaction also does `SET LOCAL ROLE cleverstore_app`: a NOLOGIN
role, created here when missing (roles are cluster-wide), with the table and
sequence rights the app needs and no ownership. The role that runs the
migrations must be allowed to create it and becomes a member (docs/deploy.md).

On SQLite this revision does nothing.
"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'b7e4c2a91d53'
down_revision: Union[str, None] = '256e168cf035'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

APP_ROLE = "cleverstore_app"
POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"


def _tenant_tables(bind) -> list[str]:
    """Tables of this schema with an account_id column, as they are at this revision."""
    return list(bind.execute(sa.text(
        "SELECT c.table_name FROM information_schema.columns c"
        " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = current_schema() AND c.column_name = 'account_id' AND t.table_type = 'BASE TABLE'"
        " ORDER BY c.table_name")).scalars())


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
    END $$""")
    op.execute(f"""DO $$ BEGIN
        IF NOT pg_has_role(current_user, '{APP_ROLE}', 'MEMBER') THEN
            EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
        END IF;
    END $$""")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    # tables and sequences made by later migrations (run by this same role) are granted too
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {APP_ROLE}")
    for table in _tenant_tables(bind):
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        op.execute(
            f'CREATE POLICY {POLICY} ON "{table}" FOR ALL'
            f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
            f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table in _tenant_tables(bind):
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE}")
    # the role itself stays: roles belong to the cluster, other databases may use it
