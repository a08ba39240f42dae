"""large registers: indexes that keep a register of 100 000 objects as quick as one of 100

- `ix_item_account_name_values` (account_id, name, the three values) replaces `ix_item_account_name`: it still
  serves the register's order by name, and it holds all that "needs details" reads, so the count the register
  shows beside every page is read from the index alone instead of from 100 000 rows.
- `ix_item_account_location_name` (account_id, location_id, name, id): the register report reads the objects
  place by place in name order, and the register lists one place's objects by name; each read is a range of
  the index in the order it is shown, not the whole register sorted again.
- `ix_item_account_category_worth` (account_id, category_id and what worth is computed from: status, quantity,
  the three values, purchase date): the register's totals (by the one definition in `shared/worth.py`) are
  summed from the index alone, and a category's objects are counted and summed from that category's entries
  only (with an index on the owner alone, SQLite reads every row of the register).
- `ix_item_account_updated` (account_id, updated_at, id): the register sorted by "last changed".
- `ix_item_account_warranty` (account_id, warranty_end): the dashboard's warranties ending within 90 days.
No table is added (no row-level security to set); both databases get the same indexes.

Revision ID: f7a7b8c9da07
Revises: f6f6a7b8c906
Create Date: 2026-12-07 15:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa  # noqa: F401

from alembic import op

revision: str = 'f7a7b8c9da07'
down_revision: Union[str, None] = 'f6f6a7b8c906'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

NAME_VALUES = ["account_id", "name", "purchase_price_ore", "replacement_value_ore", "current_value_ore"]
INDEXES = {
    "ix_item_account_name_values": NAME_VALUES,
    "ix_item_account_location_name": ["account_id", "location_id", "name", "id"],
    "ix_item_account_category_worth": ["account_id", "category_id", "status", "quantity", "purchase_price_ore",
                                       "replacement_value_ore", "current_value_ore", "purchase_date"],
    "ix_item_account_updated": ["account_id", "updated_at", "id"],
    "ix_item_account_warranty": ["account_id", "warranty_end"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "item", columns, unique=False)
    op.drop_index("ix_item_account_name", table_name="item")


def downgrade() -> None:
    op.create_index("ix_item_account_name", "item", ["account_id", "name"], unique=False)
    for name in reversed(list(INDEXES)):
        op.drop_index(name, table_name="item")
