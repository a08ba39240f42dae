"""billing mail and renewal reminders: `billingmailsent` remembers each billing e-mail sent (a receipt per
invoice, a failed-payment notice per try, a renewal reminder per period, a price notice per price), so that
none goes twice. A new table with an `account_id`: it gets the tenant row-level-security policy on PostgreSQL.

Revision ID: a5e1c7b2d901
Revises: f4d9c6a1e2b7
Create Date: 2026-12-12 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'a5e1c7b2d901'
down_revision: Union[str, None] = 'f4d9c6a1e2b7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"


def upgrade() -> None:
    op.create_table(
        'billingmailsent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('account_id', 'kind', 'key', name='uq_billingmailsent_account_kind_key'),
    )
    op.create_index(op.f('ix_billingmailsent_account_id'), 'billingmailsent', ['account_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "billingmailsent" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "billingmailsent" FORCE ROW LEVEL SECURITY')
        op.execute(
            f'CREATE POLICY {POLICY} ON "billingmailsent" FOR ALL'
            f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
            f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "billingmailsent"')
    op.drop_index(op.f('ix_billingmailsent_account_id'), table_name='billingmailsent')
    op.drop_table('billingmailsent')
