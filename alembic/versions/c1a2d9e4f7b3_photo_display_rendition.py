"""Photos get a display rendition (WebP, long edge at most 1200 px) the object page shows instead of the
full image. Photos uploaded before have none and are shown in full until they are uploaded again.

Revision ID: c1a2d9e4f7b3
Revises: c19ad7e2f419
Create Date: 2026-12-07 02:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'c1a2d9e4f7b3'
down_revision: Union[str, None] = 'c19ad7e2f419'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("itemfile") as batch_op:
        batch_op.add_column(sa.Column("display_rendition", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("itemfile") as batch_op:
        batch_op.drop_column("display_rendition")
