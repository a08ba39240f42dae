"""Account security: e-mailed one-time tokens, devices, two-factor login and recovery codes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def _account_fk(index: bool = True) -> Column:
    return Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=index)


class EmailToken(SQLModel, table=True):
    """A link token sent by e-mail (verify address, reset password): hashed, single-use, expiring."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk())
    purpose: str = Field(sa_type=String(20))
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class Device(SQLModel, table=True):
    """A browser that signed in, known by a random first-party cookie; never a raw fingerprint."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk())
    cookie_hash: str = Field(sa_type=String(64), index=True)
    agent_hash: str = Field(sa_type=String(32))
    label: str = Field(default="", sa_type=String(80))
    ip_prefix: str = Field(default="", sa_type=String(64), index=True)
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class TwoFactor(SQLModel, table=True):
    """TOTP for one account. `last_step` makes each code single-use."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"),
                                             nullable=False, unique=True))
    secret: str = Field(sa_type=String(64))
    enabled_at: datetime | None = None
    last_step: int = 0


class RecoveryCode(SQLModel, table=True):
    """A one-time code for a lost phone; only its keyed hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk())
    code_hash: str = Field(sa_type=String(64))
    used_at: datetime | None = None
