"""insurance policies and theft-prone categories

- `insurancepolicy`: a customer's policies (contents sum, theft-prone and single-item limits, excess,
  renewal, the policy's PDF in the file store).
- `theftpronewords`: the words that make a category theft-prone, per customer.
- `location.policy_id` (a place's policy, inherited by the places inside it) and `item.policy_id`
  (an object on a separate item cover).
Both new tables have an `account_id`: they get the tenant row-level-security policy on PostgreSQL.

Revision ID: f1a1b2c3d401
Revises: e6a2b3c4d502
Create Date: 2026-12-07 13:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'f1a1b2c3d401'
down_revision: Union[str, None] = 'e6a2b3c4d502'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"
TENANT_TABLES = ("insurancepolicy", "theftpronewords")


def _secure(table: str) -> None:
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY {POLICY} ON "{table}" FOR ALL'
        f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
        f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def upgrade() -> None:
    op.create_table(
        'insurancepolicy',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('company', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column('policy_number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('contents_sum_ore', sa.BigInteger(), nullable=False),
        sa.Column('theft_limit_ore', sa.BigInteger(), nullable=True),
        sa.Column('theft_limit_percent', sa.Integer(), nullable=True),
        sa.Column('single_item_limit_ore', sa.BigInteger(), nullable=True),
        sa.Column('excess_ore', sa.BigInteger(), nullable=True),
        sa.Column('renews_on', sa.Date(), nullable=True),
        sa.Column('document_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column('document_filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_insurancepolicy_account_id'), 'insurancepolicy', ['account_id'], unique=False)
    op.create_table(
        'theftpronewords',
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('account_id'),
    )
    for table in ("location", "item"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('policy_id', sa.Integer(), nullable=True))
            batch.create_index(f'ix_{table}_policy_id', ['policy_id'], unique=False)
            batch.create_foreign_key(f'fk_{table}_policy_id', 'insurancepolicy', ['policy_id'], ['id'],
                                     ondelete='SET NULL')
    if op.get_bind().dialect.name == "postgresql":
        for table in TENANT_TABLES:
            _secure(table)


def downgrade() -> None:
    for table in ("item", "location"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f'fk_{table}_policy_id', type_='foreignkey')
            batch.drop_index(f'ix_{table}_policy_id')
            batch.drop_column('policy_id')
    if op.get_bind().dialect.name == "postgresql":
        for table in TENANT_TABLES:
            op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"')
    op.drop_table('theftpronewords')
    op.drop_index(op.f('ix_insurancepolicy_account_id'), table_name='insurancepolicy')
    op.drop_table('insurancepolicy')
