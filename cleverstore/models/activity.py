"""The activity log and the outgoing mail queue shared by every feature."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class ActivityEvent(SQLModel, table=True):
    """Something the customer (or the system for them) did: shown to the customer and to admins."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(sa_type=String(40), index=True)
    detail: str = Field(default="", sa_type=String(500))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # a household member who did it in the owner's register (their id outlives their erasure: no key)
    actor_id: int | None = None


class OutgoingMail(SQLModel, table=True):
    """An e-mail waiting to be delivered (written in the same transaction as its cause)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    to_address: str = Field(sa_type=String(320))
    subject: str = Field(sa_type=String(300))
    body: str = Field(sa_type=Text)
    kind: str = Field(sa_type=String(40))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = Field(default="", sa_type=String(500))
