"""yearly re-inventory: last checked per object

Revision ID: e6a2b3c4d502
Revises: e5f1a2b3c401
Create Date: 2026-12-07 12:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'e6a2b3c4d502'
down_revision: Union[str, None] = 'e5f1a2b3c401'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("item") as batch:
        batch.add_column(sa.Column("last_checked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item") as batch:
        batch.drop_column("last_checked_on")
