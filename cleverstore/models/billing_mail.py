"""Billing e-mails already sent, so that each goes once: a receipt per invoice, a failed-payment notice per
failed try, a renewal reminder per period, a price notice per new price."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class BillingMailSent(SQLModel, table=True):
    """`kind` is the mail's kind (`payment_receipt`, `payment_failed`, `renewal_reminder`, `price_change`);
    `key` names what it was about (an invoice and its try, a subscription's period, a price)."""

    __table_args__ = (UniqueConstraint("account_id", "kind", "key", name="uq_billingmailsent_account_kind_key"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(sa_type=String(40))
    key: str = Field(sa_type=String(200))
    sent_at: datetime = Field(default_factory=utcnow)
