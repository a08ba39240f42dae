"""A customer's time-limited, read-only grant to support to see the register, tied to one support thread."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def _fk(table: str, ondelete: str = "CASCADE", nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable, index=True)


class SupportAccessGrant(SQLModel, table=True):
    """Live while not ended and before `expires_at`; ending is final (a new grant is a new row)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_fk("account"))
    thread_id: int = Field(sa_column=_fk("supportthread"))
    granted_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ended_at: datetime | None = None
    ended_reason: str = Field(default="", sa_type=String(16))  # "withdrawn" or "closed"


class SupportAccessView(SQLModel, table=True):
    """One look by support under a grant: what was seen, shown to the customer in the thread."""

    id: int | None = Field(default=None, primary_key=True)
    grant_id: int = Field(sa_column=_fk("supportaccessgrant"))
    account_id: int = Field(sa_column=_fk("account"))
    admin_id: int | None = Field(default=None, sa_column=_fk("adminuser", "SET NULL", nullable=True))
    kind: str = Field(sa_type=String(16))  # "list", "search", "object", "file"
    detail: str = Field(default="", sa_type=String(300))
    created_at: datetime = Field(default_factory=utcnow, index=True)
