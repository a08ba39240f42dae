"""Plans, each account's Stripe subscription as last synced, processed webhook events, SuperPro requests."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from cleverstore.models.base import utcnow


class Plan(SQLModel, table=True):
    """A plan in the catalogue. Yearly price in öre incl. 25 % VAT; None = "contact us" (SuperPro).

    The plan's limits are data here (the one table of plan limits, read through
    `services/shared/plan_limits.py`): `max_objects`, `max_stored_bytes` and `max_members` (None =
    unlimited or by agreement), `claim_pack` and `qr_labels` (the feature is in the plan).
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=String(30), unique=True, index=True)
    name: str = Field(sa_type=String(60))
    yearly_price_ore: int | None = Field(default=None, sa_type=BigInteger)
    max_objects: int | None = None
    max_stored_bytes: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    max_members: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    claim_pack: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0", default=False))
    qr_labels: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0", default=False))
    feature_keys: str = Field(default="", sa_type=String(500))  # comma separated i18n keys
    lookup_key: str | None = Field(default=None, sa_type=String(100))  # the Stripe price's lookup key
    # the Stripe product agreed prices are made on (a plan sold by agreement: SuperPro); made at first use
    agreement_product_id: str | None = Field(default=None, sa_type=String(100))
    sort_order: int = 0
    active: bool = True
    updated_at: datetime = Field(default_factory=utcnow)


class BillingAccount(SQLModel, table=True):
    """One Stripe customer per account and its (at most one) live subscription, as Stripe last said."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    stripe_customer_id: str | None = Field(default=None, sa_type=String(100), unique=True, index=True)
    subscription_id: str | None = Field(default=None, sa_type=String(100), unique=True, index=True)
    status: str = Field(default="none", sa_type=String(30))
    plan_code: str | None = Field(default=None, sa_type=String(30))
    price_id: str | None = Field(default=None, sa_type=String(100))
    current_period_end: datetime | None = None
    cancel_at: datetime | None = None
    past_due_since: datetime | None = None
    collection_method: str = Field(default="charge_automatically", sa_type=String(30))
    days_until_due: int | None = None
    card_brand: str = Field(default="", sa_type=String(30))
    card_last4: str = Field(default="", sa_type=String(4))
    card_exp_month: int | None = None
    card_exp_year: int | None = None
    synced_at: datetime | None = None
    # a plan change waiting for the renewal (services/billing/plan_change.py): Stripe's subscription schedule
    # and the plan it switches to; cleared when Stripe's view shows that plan (or the change is taken back)
    plan_schedule_id: str | None = Field(default=None, sa_type=String(100))
    scheduled_plan_code: str | None = Field(default=None, sa_type=String(30))
    # a company customer's details on the Stripe customer and so on its invoices (services/billing/company_details.py)
    vat_number: str | None = Field(default=None, sa_type=String(14))
    invoice_reference: str = Field(default="", sa_type=String(60), sa_column_kwargs={"server_default": ""})
    # the right of withdrawal (services/billing/withdrawal.py): the subscription's start as Stripe says,
    # and when the customer last agreed at checkout that the service starts at once
    started_at: datetime | None = None
    service_consent_at: datetime | None = None


class Withdrawal(SQLModel, table=True):
    """A private customer's withdrawal from one purchase (distansavtalslagen), claimed before Stripe is
    called: `requested_at` fixes the days used, so a second click asks Stripe for the same refund."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    subscription_id: str = Field(sa_type=String(100), unique=True)
    requested_at: datetime = Field(default_factory=utcnow)
    refund_id: str | None = Field(default=None, sa_type=String(100))
    refund_ore: int | None = Field(default=None, sa_type=BigInteger)
    completed_at: datetime | None = None


class StripeEvent(SQLModel, table=True):
    """A webhook event already applied; the primary key makes a replay a no-op."""

    id: str = Field(sa_type=String(100), primary_key=True)
    type: str = Field(sa_type=String(100))
    received_at: datetime = Field(default_factory=utcnow)


class SuperProRequest(SQLModel, table=True):
    """A customer's request for the SuperPro plan, waiting for an admin."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    company_count: int = 2
    message: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    handled_at: datetime | None = None


class RetainedBillingRecord(SQLModel, table=True):
    """What erasure keeps of a customer's billing (Bokföringslagen, 7 years): Stripe ids, no person.

    The invoices themselves are kept by Stripe; these ids let the accounts be
    reconciled without saying who the customer was.
    """

    id: int | None = Field(default=None, primary_key=True)
    subject_hash: str = Field(sa_type=String(64), index=True)
    stripe_customer_id: str | None = Field(default=None, sa_type=String(100))
    subscription_id: str | None = Field(default=None, sa_type=String(100))
    plan_code: str | None = Field(default=None, sa_type=String(30))
    erased_at: datetime = Field(default_factory=utcnow)
    keep_until: datetime
