"""A customer account: one person or one company, one login.

A SuperPro company keeps one extra register per company it manages; each such
register is an account row of kind "register" (never a login) so that every
register table keeps keying its rows by account_id.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class AccountKind(str, Enum):
    PRIVATE = "private"
    COMPANY = "company"
    REGISTER = "register"  # a SuperPro company register: holds data, never logs in (see CompanyRegister)


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_number: str | None = Field(default=None, sa_type=String(20), unique=True, index=True)
    kind: str = Field(default=AccountKind.PRIVATE.value, sa_type=String(16))
    name: str = Field(sa_type=String(200))
    email: str = Field(sa_type=String(320), unique=True, index=True)
    password_hash: str = Field(sa_type=String(100))
    phone: str = Field(sa_type=String(32))
    street: str = Field(sa_type=String(200))
    postal_code: str = Field(sa_type=String(10))
    city: str = Field(sa_type=String(100))
    org_number: str | None = Field(default=None, sa_type=String(11))
    language: str = Field(default="sv", sa_type=String(2))
    terms_version: str = Field(sa_type=String(20))
    terms_accepted_at: datetime
    suspended_at: datetime | None = None
    suspension_reason: str = Field(default="", sa_type=String(1000), sa_column_kwargs={"server_default": ""})
    email_verified_at: datetime | None = None
    # When the first e-mailed link was used. A sign-up cannot log in before that, so signing up
    # and then logging in never tells whether an address was already registered.
    activated_at: datetime | None = None
    marketing_consent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CompanyRegister(SQLModel, table=True):
    """Links a SuperPro customer (account_id, the owner) to one of its company registers.

    The company's name and organisation number live on the register's own account
    row, so report covers and exports name the company without a join.
    """

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    register_account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    created_at: datetime = Field(default_factory=utcnow)
    archived_at: datetime | None = None
