"""What a customer wants to be reminded of, and the reminders already noted, so each goes once."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def _switch() -> Column:
    return Column(Boolean, nullable=False, server_default="1", default=True)


class ReminderSettings(SQLModel, table=True):
    """One row per customer once they change anything; without a row every kind is on, mailed at once."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    warranty: bool = Field(default=True, sa_column=_switch())
    lent: bool = Field(default=True, sa_column=_switch())
    policy: bool = Field(default=True, sa_column=_switch())
    reinventory: bool = Field(default=True, sa_column=_switch())
    card: bool = Field(default=True, sa_column=_switch())
    cadence: str = Field(default="at_once", sa_type=String(16))  # "at_once" or "monthly"
    updated_at: datetime = Field(default_factory=utcnow)


class ReminderSent(SQLModel, table=True):
    """A reminder noted for its occasion: `kind`, `subject` (an object's or policy's id, or the register or
    card) and `occasion` (the day it is about). `mailed_at` is empty while it waits for the monthly summary."""

    __table_args__ = (UniqueConstraint("account_id", "kind", "subject", "occasion", name="uq_remindersent_occasion"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(sa_type=String(20))
    subject: str = Field(sa_type=String(40))
    occasion: date
    text: str = Field(default="", sa_type=String(600))  # the line as the summary prints it, in the customer's language
    noted_at: datetime = Field(default_factory=utcnow)
    mailed_at: datetime | None = None
