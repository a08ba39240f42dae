"""Heir access: the contacts a customer names (`LegacyContact`, table kept from before), claims with documents,
two-admin decisions, heir sessions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def _fk(table: str, ondelete: str = "CASCADE", nullable: bool = False) -> Column:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable, index=True)


class LegacyContact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_fk("account"))
    name: str = Field(sa_type=String(200))
    email: str = Field(sa_type=String(320))
    relation: str = Field(default="", sa_type=String(100))
    created_at: datetime = Field(default_factory=utcnow)


class HeirClaim(SQLModel, table=True):
    """A request for read-only access to a customer's register, by a spouse, heir or guardian."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_fk("account"))
    reference: str = Field(sa_type=String(20), unique=True, index=True)
    claimant_name: str = Field(sa_type=String(200))
    claimant_email: str = Field(sa_type=String(320))
    reason: str = Field(sa_type=String(10))  # "death" or "illness"
    message: str = Field(default="", sa_type=Text)
    status: str = Field(default="submitted", sa_type=String(16), index=True)
    proposed_by: int | None = Field(default=None, sa_column=_fk("adminuser", "SET NULL", nullable=True))
    proposed_at: datetime | None = None
    approved_by: int | None = Field(default=None, sa_column=_fk("adminuser", "SET NULL", nullable=True))
    approved_at: datetime | None = None
    objection_until: datetime | None = None
    decided_note: str = Field(default="", sa_type=String(500))
    access_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # When the claim was approved, rejected or objected to: its evidence is deleted a while after.
    decided_at: datetime | None = None


class ClaimDocument(SQLModel, table=True):
    """An uploaded proof (ID, death certificate, estate inventory, guardianship decision), kept outside any web dir."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=_fk("heirclaim"))
    account_id: int = Field(sa_column=_fk("account"))
    kind: str = Field(sa_type=String(20))
    filename: str = Field(sa_type=String(200))
    stored_name: str = Field(sa_type=String(80))
    size: int
    created_at: datetime = Field(default_factory=utcnow)


class ClaimantSession(SQLModel, table=True):
    """The approved claimant's own login: a cookie token, read-only access to one register."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(sa_column=_fk("heirclaim"))
    account_id: int = Field(sa_column=_fk("account"))
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    expires_at: datetime
    used_at: datetime | None = None
    kind: str = Field(default="session", sa_type=String(10))  # "invite" (e-mailed, once) or "session" (cookie)
