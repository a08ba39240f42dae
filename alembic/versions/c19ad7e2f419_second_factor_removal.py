"""Second-factor removal requests: two admins, the customer's link, a waiting period.

Revision ID: c19ad7e2f419
Revises: c16f3b8e5a12
Create Date: 2026-12-06 23:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'c19ad7e2f419'
down_revision: Union[str, None] = 'c16f3b8e5a12'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POLICY = "tenant_isolation"
_TENANT = "NULLIF(current_setting('cleverstore.account_id', true), '')"
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "secondfactorremoval",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("approved_at", _TIME(), nullable=True),
        sa.Column("confirmed_at", _TIME(), nullable=True),
        sa.Column("removes_at", _TIME(), nullable=True),
        sa.Column("stopped_at", _TIME(), nullable=True),
        sa.Column("done_at", _TIME(), nullable=True),
    )
    op.create_index("ix_secondfactorremoval_account_id", "secondfactorremoval", ["account_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "secondfactorremoval" ENABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "secondfactorremoval" FORCE ROW LEVEL SECURITY')
        op.execute(f'CREATE POLICY {POLICY} ON "secondfactorremoval" FOR ALL'
                   f" USING ({_TENANT} IS NULL OR account_id = {_TENANT}::int)"
                   f" WITH CHECK ({_TENANT} IS NULL OR account_id = {_TENANT}::int)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'DROP POLICY IF EXISTS {POLICY} ON "secondfactorremoval"')
    op.drop_index("ix_secondfactorremoval_account_id", table_name="secondfactorremoval")
    op.drop_table("secondfactorremoval")
