"""the 14-day right of withdrawal

- `billingaccount.started_at` (the subscription's start, from Stripe) and `service_consent_at` (the customer
  agreed at checkout that the service starts at once).
- `withdrawal`: one row per withdrawn purchase. A new table with an `account_id`: it gets the tenant
  row-level-security policy on PostgreSQL.

Revision ID: d8b4fa05a234
Revises: c7a3e9d4f123
Create Date: 2026-12-12 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'd8b4fa05a234'
down_revision: Union[str, None] = 'c7a3e9d4f123'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"


def upgrade() -> None:
    with op.batch_alter_table('billingaccount') as batch_op:
        batch_op.add_column(sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('service_consent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_table(
        'withdrawal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('refund_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column('refund_ore', sa.BigInteger(), nullable=True),
        sa.Column('completed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('subscription_id'),
    )
    op.create_index(op.f('ix_withdrawal_account_id'), 'withdrawal', ['account_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "withdrawal" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "withdrawal" FORCE ROW LEVEL SECURITY')
        op.execute(
            f'CREATE POLICY {POLICY} ON "withdrawal" FOR ALL'
            f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
            f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "withdrawal"')
    op.drop_index(op.f('ix_withdrawal_account_id'), table_name='withdrawal')
    op.drop_table('withdrawal')
    with op.batch_alter_table('billingaccount') as batch_op:
        batch_op.drop_column('service_consent_at')
        batch_op.drop_column('started_at')
