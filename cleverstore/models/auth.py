"""Login sessions, single-use login tickets and failed-login records."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


def _account_fk() -> Column:
    return Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)


class AuthSession(SQLModel, table=True):
    """A browser session. Only the SHA-256 of the cookie token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk())
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    ip_prefix: str = Field(default="", sa_type=String(64))
    device_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("device.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    # The company register this session works in (SuperPro); None = the customer's own register.
    # Checked against the owner on every use, never trusted as it stands.
    active_register_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="SET NULL"), nullable=True),
    )


class LoginTicket(SQLModel, table=True):
    """Bridges a verified login event to the HTTP route that sets the cookie (60 s, once)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk())
    ticket_hash: str = Field(sa_type=String(64), unique=True, index=True)
    expires_at: datetime
    used_at: datetime | None = None


class LoginFailure(SQLModel, table=True):
    """One failed login, keyed by a hash of the e-mail or of the client's address prefix."""

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(sa_type=String(64), index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
