"""bulk undo: what a bulk action changed, kept ten minutes so it can be undone

- `bulkundo`: one row per bulk action (move, tag, status, delete) with the old values or, for a
  delete, the deleted rows; `kept_files` names the stored files kept until the undo has passed.

A new table with an `account_id`: it gets the tenant row-level-security policy on PostgreSQL.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'c17d4e0a6b25'
down_revision: Union[str, None] = 'c14a5e3d9b71'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"


def upgrade() -> None:
    op.create_table(
        'bulkundo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('kept_files', sa.Text(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('undone_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_bulkundo_account_id'), 'bulkundo', ['account_id'], unique=False)
    op.create_index(op.f('ix_bulkundo_expires_at'), 'bulkundo', ['expires_at'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "bulkundo" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "bulkundo" FORCE ROW LEVEL SECURITY')
        op.execute(
            f'CREATE POLICY {POLICY} ON "bulkundo" FOR ALL'
            f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
            f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "bulkundo"')
    op.drop_index(op.f('ix_bulkundo_expires_at'), table_name='bulkundo')
    op.drop_index(op.f('ix_bulkundo_account_id'), table_name='bulkundo')
    op.drop_table('bulkundo')
