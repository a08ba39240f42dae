"""What a bulk action changed, kept for a short while so the customer can undo it from its message."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class BulkUndo(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    action: str = Field(sa_type=String(16))
    # JSON: what the action changed (old values; for a delete, the deleted rows themselves)
    payload: str = Field(default="{}", sa_type=Text)
    # JSON list: stored file names of deleted objects, kept in the file store until the undo has passed
    kept_files: str = Field(default="[]", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    undone_at: datetime | None = None
