"""Generated report files: kept 24 hours, served only to their owner."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class ReportJob(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(sa_type=String(40), unique=True, index=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(sa_type=String(20))
    status: str = Field(default="running", sa_type=String(12))
    title: str = Field(default="", sa_type=String(300))
    file_name: str = Field(default="", sa_type=String(120))
    stored_name: str = Field(default="", sa_type=String(120))
    size_bytes: int = 0
    pages: int = 0
    created_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    expires_at: datetime


class ReportVerification(SQLModel, table=True):
    """What /verify may say about a report we issued: its id, the SHA-256 of the finished PDF, the day and
    how many objects. No account and nothing personal, so it outlives the 24-hour purge and an erasure."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: str = Field(sa_type=String(40), unique=True, index=True)
    sha256: str = Field(sa_type=String(64), index=True)
    kind: str = Field(sa_type=String(20))
    issued_on: date
    object_count: int = 0
