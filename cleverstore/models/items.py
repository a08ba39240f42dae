"""The objects a customer registers (`Item`; pages say "object") and their statuses."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow
from cleverstore.models.insurance import policy_ref


class ItemStatus(str, Enum):
    IN_USE = "in_use"
    LENT_OUT = "lent_out"
    SOLD = "sold"
    LOST = "lost"
    DISCARDED = "discarded"


# Objects with these statuses no longer count towards the register's values.
STATUSES_OUTSIDE_TOTALS = (ItemStatus.SOLD.value, ItemStatus.DISCARDED.value)


class Item(SQLModel, table=True):
    # the register's default order (by name) is served by the first index, whatever the register's size, and
    # the values it holds answer "needs details" from the index alone; the others serve a place's objects by
    # name (the register report, the place filter), the totals and a category's objects (all that worth is
    # computed from), the "last changed" sort and the dashboard's warranties (migration
    # f7a7b8c9da07_large_registers)
    __table_args__ = (Index("ix_item_account_name_values", "account_id", "name", "purchase_price_ore",
                            "replacement_value_ore", "current_value_ore"),
                      Index("ix_item_account_import_ref", "account_id", "import_ref"),
                      Index("ix_item_account_location_name", "account_id", "location_id", "name", "id"),
                      Index("ix_item_account_category_worth", "account_id", "category_id", "status", "quantity",
                            "purchase_price_ore", "replacement_value_ore", "current_value_ore", "purchase_date"),
                      Index("ix_item_account_updated", "account_id", "updated_at", "id"),
                      Index("ix_item_account_warranty", "account_id", "warranty_end"))
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(sa_type=String(255))  # Homebox allows 255
    description: str = Field(default="", sa_type=Text)
    category_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("category.id", ondelete="SET NULL"), nullable=True, index=True)
    )
    location_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("location.id", ondelete="SET NULL"), nullable=True, index=True)
    )
    quantity: int = Field(default=1)
    manufacturer: str = Field(default="", sa_type=String(255))
    model: str = Field(default="", sa_type=String(255))
    serial_number: str = Field(default="", sa_type=String(255))
    purchase_date: date | None = None
    purchase_place: str = Field(default="", sa_type=String(255))
    purchase_price_ore: int | None = Field(default=None, sa_type=BigInteger)
    replacement_value_ore: int | None = Field(default=None, sa_type=BigInteger)
    current_value_ore: int | None = Field(default=None, sa_type=BigInteger)
    warranty_end: date | None = None
    insured: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0", default=False))
    notes: str = Field(default="", sa_type=Text)
    status: str = Field(default=ItemStatus.IN_USE.value, sa_type=String(16), index=True)
    # Printed in the label's QR code: random, so it says nothing to anyone who finds the label.
    label_code: str | None = Field(default=None, sa_type=String(32), unique=True, index=True)
    # what the status says: lent to whom and until when, sold when/for how much/to whom, lost when/police report
    lent_to: str = Field(default="", sa_type=String(120))
    lent_until: date | None = None
    sold_date: date | None = None
    sold_price_ore: int | None = Field(default=None, sa_type=BigInteger)
    sold_to: str = Field(default="", sa_type=String(255))
    lost_date: date | None = None
    police_report: str = Field(default="", sa_type=String(60))
    # brought in from another tool: its asset id (shown and searched), its link (shown as a link only when
    # http(s)), a lifetime warranty, and the stable id a re-import of the same file updates instead of adding
    asset_id: str = Field(default="", sa_column=Column(String(40), nullable=False, server_default="", default=""))
    url: str = Field(default="", sa_column=Column(String(2000), nullable=False, server_default="", default=""))
    lifetime_warranty: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0",
                                                                    default=False))
    import_ref: str | None = Field(default=None, sa_type=String(120))
    # the searched fields, lower-cased, kept by the services: one plain LIKE instead of six lower() calls per row
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default="", default=""))
    # the day the customer last confirmed the object in the yearly re-inventory (services/register/reinventory.py)
    last_checked_on: date | None = None
    # the separate item cover (allrisk) this object is on, if any (services/insurance)
    policy_id: int | None = Field(default=None, sa_column=policy_ref())
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
