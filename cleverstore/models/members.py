"""Household members: people the owner lets into a register, and the invitations on their way to them."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class MemberRole(str, Enum):
    EDITOR = "editor"  # adds, edits and photographs objects, prints reports
    VIEWER = "viewer"  # looks and prints only


class RegisterMember(SQLModel, table=True):
    """A person (`person_id`, their own account) working in the register `account_id` (its owner's account).

    Keyed by the register's `account_id`, so row-level security keeps it with the owner's data; the
    person's erasure deletes the row (the object history keeps their id), the owner's erasure all of them.
    """

    __table_args__ = (UniqueConstraint("account_id", "person_id", name="uq_registermember_person"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True))
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True))
    role: str = Field(sa_type=String(10))
    joined_at: datetime = Field(default_factory=utcnow)
    last_active_at: datetime | None = None


class MemberInvite(SQLModel, table=True):
    """An invitation mailed to `email`; the link's token is kept only as its SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True))
    email: str = Field(sa_type=String(320))
    role: str = Field(sa_type=String(10))
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
