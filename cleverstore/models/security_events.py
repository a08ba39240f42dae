"""Refused requests that look like probing, counted per day and kind for the administrators."""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel


class SecurityEventDay(SQLModel, table=True):
    """How many requests of one kind were refused on one day (no customer, no address: a count)."""

    __table_args__ = (UniqueConstraint("day", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    kind: str = Field(sa_type=String(40))
    count: int = 0
