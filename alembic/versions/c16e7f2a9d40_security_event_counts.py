"""Security event counts per day: refused ids and forged webhooks, for the administrators.

Revision ID: c16e7f2a9d40
Revises: c17d4e0a6b25
Create Date: 2026-12-06 23:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'c16e7f2a9d40'
down_revision: Union[str, None] = 'c17d4e0a6b25'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "securityeventday",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.UniqueConstraint("day", "kind"),
    )
    op.create_index("ix_securityeventday_day", "securityeventday", ["day"])


def downgrade() -> None:
    op.drop_index("ix_securityeventday_day", table_name="securityeventday")
    op.drop_table("securityeventday")
