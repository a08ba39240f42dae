"""phone renditions: a photo's sizes for a phone screen

- `itemfile.phone_rendition`: the stored name of a WebP with its long edge at 640 px, made for photos larger
  than that. The object page offers it beside the display size (1200 px) and a phone takes it: about half
  the bytes before the page's largest picture is drawn. NULL for documents, small photos and photos stored
  before: their display size serves (the route falls back).
- `itemfile.tile_rendition`: a WebP with its long edge at 240 px for the small squares of the other photos
  (a third of the thumbnail's bytes). NULL: the thumbnail serves.

Revision ID: f8a8b9cadb08
Revises: f7a7b8c9da07
Create Date: 2026-12-07 18:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'f8a8b9cadb08'
down_revision: Union[str, None] = 'f7a7b8c9da07'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("itemfile") as batch_op:
        batch_op.add_column(sa.Column("phone_rendition", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("tile_rendition", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("itemfile") as batch_op:
        batch_op.drop_column("tile_rendition")
        batch_op.drop_column("phone_rendition")
