"""Administrators, their sessions, the append-only audit log, support threads and maintenance mode."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text, false
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class AdminUser(SQLModel, table=True):
    """An operator. Created only by the command line; always signs in with a TOTP code."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(320), unique=True, index=True)
    password_hash: str = Field(sa_type=String(100))
    totp_secret: str = Field(sa_type=String(64))
    # The time step of the last code accepted: a code is good once, never again within its window.
    totp_last_step: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # May open the evidence of heir claims (ID documents, death certificates); given on the command line.
    heir_reviewer: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false(), default=False))
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class AdminSession(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    admin_id: int = Field(
        sa_column=Column(Integer, ForeignKey("adminuser.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class AdminLoginTicket(SQLModel, table=True):
    """Issued after password and TOTP code were both right; exchanged once for the admin cookie."""

    id: int | None = Field(default=None, primary_key=True)
    admin_id: int = Field(
        sa_column=Column(Integer, ForeignKey("adminuser.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    ticket_hash: str = Field(sa_type=String(64), unique=True, index=True)
    expires_at: datetime
    used_at: datetime | None = None


class AuditEntry(SQLModel, table=True):
    """One admin action (or a refused attempt). Rows are only ever inserted."""

    id: int | None = Field(default=None, primary_key=True)
    admin_id: int | None = Field(default=None, index=True)
    action: str = Field(sa_type=String(60), index=True)
    target_type: str = Field(default="", sa_type=String(40))
    target_id: str = Field(default="", sa_type=String(40), index=True)
    reason: str = Field(default="", sa_type=String(1000))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class SupportThread(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    subject: str = Field(sa_type=String(200))
    item_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("item.id", ondelete="SET NULL"), nullable=True)
    )
    status: str = Field(default="open", sa_type=String(16), index=True)
    customer_unread: int = 0
    admin_unread: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)


class SupportMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(
        sa_column=Column(Integer, ForeignKey("supportthread.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    # the customer's id on every message too: export and erasure find customer data by account_id
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    from_admin: bool = False
    admin_id: int | None = None
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow)


class MaintenanceWindow(SQLModel, table=True):
    """Maintenance mode. The newest row is the current setting."""

    id: int | None = Field(default=None, primary_key=True)
    enabled: bool = False
    message_sv: str = Field(default="", sa_type=String(1000))
    message_en: str = Field(default="", sa_type=String(1000))
    ends_at: datetime | None = None
    admin_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
