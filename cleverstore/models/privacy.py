"""Erasure requests and the pseudonymous receipts that prove an erasure ran."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class ErasureRequest(SQLModel, table=True):
    """The customer asked for erasure; the job erases on `effective_at`."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"),
                                             nullable=False, unique=True))
    requested_at: datetime = Field(default_factory=utcnow)
    effective_at: datetime = Field(index=True)


class ErasureReceipt(SQLModel, table=True):
    """Kept after an erasure: a keyed hash of the old account id and when it was done; nothing personal."""

    id: int | None = Field(default=None, primary_key=True)
    subject_hash: str = Field(sa_type=String(64), index=True)
    requested_at: datetime
    completed_at: datetime = Field(default_factory=utcnow)
