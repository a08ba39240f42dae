"""Customer jobs: reports, labels, claim packs, exports and imports counted per customer (rate limits).

Revision ID: c16f3b8e5a12
Revises: c16e7f2a9d40
Create Date: 2026-12-06 23:25:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'c16f3b8e5a12'
down_revision: Union[str, None] = 'c16e7f2a9d40'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"


def upgrade() -> None:
    op.create_table(
        "customerjob",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.create_index("ix_customerjob_account_id", "customerjob", ["account_id"])
    op.create_index("ix_customerjob_started_at", "customerjob", ["started_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "customerjob" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "customerjob" FORCE ROW LEVEL SECURITY')
        op.execute(f'CREATE POLICY {POLICY} ON "customerjob" FOR ALL'
                   f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
                   f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "customerjob"')
    op.drop_index("ix_customerjob_started_at", table_name="customerjob")
    op.drop_index("ix_customerjob_account_id", table_name="customerjob")
    op.drop_table("customerjob")
