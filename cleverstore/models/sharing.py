"""Read-only links a register's owner gives someone without an account (an insurance adjuster, a broker, a
lawyer): what each shows, how long it lives, and every opening and download through it.

Tokens, access codes and opening sessions are kept as keyed SHA-256 hashes only. Every row carries the
register's `account_id`: the erasure takes them with the account (ON DELETE CASCADE) and row-level
security binds them to their customer.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def _ref(table: str, ondelete: str = "CASCADE", nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable, index=True)


class SharedLink(SQLModel, table=True):
    """Shows the chosen objects (`SharedLinkItem` rows) or one place with the places inside it; live while
    not ended and before `expires_at`. Ending is final."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_ref("account"))
    token_hash: str = Field(sa_type=String(64), unique=True)
    # a place instead of chosen objects; a removed place leaves a link that shows nothing
    location_id: int | None = Field(default=None, sa_column=_ref("location", "SET NULL", nullable=True))
    show_prices: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    show_receipts: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    code_hash: str | None = Field(default=None, sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    ended_at: datetime | None = None


class SharedLinkItem(SQLModel, table=True):
    """One chosen object of a link (a deleted object leaves the link)."""

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(sa_column=_ref("sharedlink"))
    account_id: int = Field(sa_column=_ref("account"))
    item_id: int = Field(sa_column=_ref("item"))


class SharedLinkVisit(SQLModel, table=True):
    """An opening (kind "opened": `cookie_hash` is its session token, hashed) or a download through it
    ("report", "file"), with the coarse address (/24 or /48) it came from, shown to the owner."""

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(sa_column=_ref("sharedlink"))
    account_id: int = Field(sa_column=_ref("account"))
    kind: str = Field(sa_type=String(10))
    detail: str = Field(default="", sa_type=String(200))
    address_prefix: str = Field(default="", sa_type=String(50))
    cookie_hash: str | None = Field(default=None, sa_type=String(64), index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
