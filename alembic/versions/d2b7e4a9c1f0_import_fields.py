"""Objects brought in from Homebox, Shelf or a spreadsheet keep what those tools hold: an asset id, a link,
a lifetime warranty and the stable id that makes a re-import update instead of add; names up to 255
characters and maker, model, serial number, shop and buyer up to 255 (Homebox's limits).

Revision ID: d2b7e4a9c1f0
Revises: c1a2d9e4f7b3
Create Date: 2026-12-10 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa

from alembic import op

revision: str = 'd2b7e4a9c1f0'
down_revision: Union[str, None] = 'c1a2d9e4f7b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

WIDENED = (("name", 200), ("manufacturer", 120), ("model", 120), ("serial_number", 120),
           ("purchase_place", 120), ("sold_to", 120))


def upgrade() -> None:
    with op.batch_alter_table("item") as batch_op:
        batch_op.add_column(sa.Column("asset_id", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("url", sa.String(length=2000), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("lifetime_warranty", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("import_ref", sa.String(length=120), nullable=True))
        for column, old in WIDENED:
            batch_op.alter_column(column, existing_type=sa.String(length=old), type_=sa.String(length=255),
                                  existing_nullable=False)
        batch_op.create_index("ix_item_account_import_ref", ["account_id", "import_ref"])


def downgrade() -> None:
    with op.batch_alter_table("item") as batch_op:
        batch_op.drop_index("ix_item_account_import_ref")
        for column, old in WIDENED:
            batch_op.alter_column(column, existing_type=sa.String(length=255), type_=sa.String(length=old),
                                  existing_nullable=False)
        batch_op.drop_column("import_ref")
        batch_op.drop_column("lifetime_warranty")
        batch_op.drop_column("url")
        batch_op.drop_column("asset_id")
