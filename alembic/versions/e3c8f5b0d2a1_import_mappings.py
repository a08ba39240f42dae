"""import mappings: a customer's column mappings kept for the next file with the same header; the name of
the file waiting for the customer's confirmation (it tells a workbook from a CSV)

- `importmapping`: one row per account and header row (a hash of the normalised header), the targets as
  JSON. A new table with an `account_id`: it gets the tenant row-level-security policy on PostgreSQL.
- `pendingimport.filename`.

Revision ID: e3c8f5b0d2a1
Revises: d2b7e4a9c1f0
Create Date: 2026-12-10 09:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'e3c8f5b0d2a1'
down_revision: Union[str, None] = 'd2b7e4a9c1f0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"


def upgrade() -> None:
    op.create_table(
        'importmapping',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('header_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('targets', sa.Text(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('account_id', 'header_key', name='uq_importmapping_account_header'),
    )
    op.create_index(op.f('ix_importmapping_account_id'), 'importmapping', ['account_id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "importmapping" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "importmapping" FORCE ROW LEVEL SECURITY')
        op.execute(
            f'CREATE POLICY {POLICY} ON "importmapping" FOR ALL'
            f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
            f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")
    with op.batch_alter_table('pendingimport') as batch_op:
        batch_op.add_column(sa.Column('filename', sa.String(length=200), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('pendingimport') as batch_op:
        batch_op.drop_column('filename')
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "importmapping"')
    op.drop_index(op.f('ix_importmapping_account_id'), table_name='importmapping')
    op.drop_table('importmapping')
