"""The heavy work a customer starts (reports, labels, claim packs, exports, imports), counted so that
one customer cannot crowd out the others."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class CustomerJob(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False,
                                             index=True))
    kind: str = Field(sa_type=String(20))
    started_at: datetime = Field(default_factory=utcnow, index=True)
    ended_at: datetime | None = None


class JobClaim(SQLModel, table=True):
    """One row per scheduled job: when it is next due and which app node took its last run. A node runs
    the job only after moving `due_at` on under a row lock, so N nodes run it once per period."""

    name: str = Field(sa_type=String(60), primary_key=True)
    due_at: datetime
    claimed_at: datetime | None = None
    claimed_by: str = Field(default="", sa_type=String(120))
