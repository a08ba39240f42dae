"""A request to remove a customer's lost second factor: two admins, the customer's link, a waiting period."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class SecondFactorRemoval(SQLModel, table=True):
    """One request; it ends stopped or done. Only one open request per account."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"),
                                             nullable=False, index=True))
    requested_by: int
    approved_by: int | None = None
    reason: str = Field(default="", sa_type=String(1000))
    created_at: datetime = Field(default_factory=utcnow)
    approved_at: datetime | None = None  # the second admin agreed: the link went to the customer
    confirmed_at: datetime | None = None  # the customer opened the link: the waiting period runs
    removes_at: datetime | None = None
    stopped_at: datetime | None = None
    done_at: datetime | None = None
