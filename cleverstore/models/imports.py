"""A customer's column mappings, kept so that the next file with the same header imports without asking."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class ImportMapping(SQLModel, table=True):
    """One header row's mapping: `header_key` is a hash of the normalised header, `targets` a JSON list with
    one target per column (our field name, "field:<custom field>", "ref", or "" for a column left out)."""

    __table_args__ = (UniqueConstraint("account_id", "header_key", name="uq_importmapping_account_header"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True))
    header_key: str = Field(sa_type=String(64))
    targets: str = Field(default="[]", sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow)
