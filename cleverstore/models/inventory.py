"""The register: the objects a customer owns."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import BigInteger, Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class ItemStatus(str, Enum):
    IN_USE = "in_use"
    LENT_OUT = "lent_out"
    SOLD = "sold"
    LOST = "lost"
    DISCARDED = "discarded"


# Objects with these statuses no longer count towards the register's values.
STATUSES_OUTSIDE_TOTALS = (ItemStatus.SOLD.value, ItemStatus.DISCARDED.value)


class Item(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(sa_type=String(200))
    description: str = Field(default="", sa_type=Text)
    category: str = Field(default="", sa_type=String(100), index=True)
    location: str = Field(default="", sa_type=String(200), index=True)
    quantity: int = Field(default=1)
    manufacturer: str = Field(default="", sa_type=String(120))
    model: str = Field(default="", sa_type=String(120))
    serial_number: str = Field(default="", sa_type=String(120))
    purchase_date: date | None = None
    purchase_price_ore: int | None = Field(default=None, sa_type=BigInteger)
    current_value_ore: int | None = Field(default=None, sa_type=BigInteger)
    warranty_end: date | None = None
    notes: str = Field(default="", sa_type=Text)
    status: str = Field(default=ItemStatus.IN_USE.value, sa_type=String(16), index=True)
    # Printed in the label's QR code: random, so it says nothing to anyone who finds the label.
    label_code: str | None = Field(default=None, sa_type=String(32), unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
