"""Use cases of billing for customers: each opens its own unit of work.

The states and routes build no Stripe client: a Stripe failure comes out as `StripeUnavailable`.
No unit of work is open while Stripe is called (the client refuses it): `payments` reads and
commits, calls Stripe, then stores the answer in a new unit of work. The customer's own billing
rows go through `tenant_scope`; the plan catalogue (no customer's data, also shown to visitors)
and the webhook (Stripe names the customer) are unscoped.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import stripe

from cleverstore.config import get_settings
from cleverstore.db import session_scope, tenant_scope
from cleverstore.services.billing import payments, plans, rules, superpro, withdrawal
from cleverstore.services.billing.payments import InvoiceLine
from cleverstore.services.billing.stripe_client import (
    StripeUnavailable,
    stripe_client,
    webhook_secret,
)
from cleverstore.services.shared import plan_limits, security_log

__all__ = [
    "STRIPE_WEBHOOK_MAX_BYTES",
    "STRIPE_WEBHOOK_TOLERANCE_SECONDS",
    "BillingOverview",
    "InvoiceLine",
    "PlanOffer",
    "PlanUsage",
    "StripeUnavailable",
    "StripeWebhookOutcome",
    "billing_invoices",
    "billing_overview",
    "billing_portal_address",
    "cancellation_preview_date",
    "confirm_checkout",
    "plan_offers",
    "plan_usage",
    "receive_stripe_webhook",
    "request_subscription_cancellation",
    "start_plan_checkout",
    "submit_superpro_request",
    "withdraw_subscription_cancellation",
    "WithdrawalStatus",
    "withdrawal_status",
    "withdraw_purchase",
]

# the notice's cost and plan changes: their use cases live in plan_actions.py
from cleverstore.services.billing.plan_actions import *  # noqa: E402,F401,F403
from cleverstore.services.billing.plan_actions import __all__ as _plan_actions  # noqa: E402

__all__ += _plan_actions

STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300
STRIPE_WEBHOOK_MAX_BYTES = 1024 * 1024  # Stripe events are a few kB


# --- the plan catalogue ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanOffer:
    code: str
    name: str
    yearly_price_ore: int | None  # None: price by agreement ("contact us")
    feature_keys: tuple[str, ...]
    buyable: bool  # payable by card (not SuperPro, which is by agreement)
    # the plan's limits (the one table of plan limits, on the plan); None: unlimited or by agreement
    max_objects: int | None = None
    max_stored_bytes: int | None = None
    max_members: int | None = None
    claim_pack: bool = False
    qr_labels: bool = False


def plan_offers() -> list[PlanOffer]:
    """The active plans in display order (the landing page and the billing page)."""
    with session_scope() as db:
        return [PlanOffer(p.code, p.name, p.yearly_price_ore, tuple(k for k in p.feature_keys.split(",") if k),
                          plans.is_buyable(p), p.max_objects, p.max_stored_bytes, p.max_members,
                          bool(p.claim_pack), bool(p.qr_labels)) for p in plans.catalogue(db)]


@dataclass(frozen=True)
class PlanUsage:
    """How much of its plan a register uses ("Du använder 812 av 1 000 föremål")."""

    plan_code: str
    objects: int
    max_objects: int | None  # None: unlimited
    stored_bytes: int
    max_stored_bytes: int | None


def plan_usage(account_id: int) -> PlanUsage:
    """The register's objects and stored bytes against its plan's limits (a company register's are
    its owner's plan's)."""
    with tenant_scope(account_id) as db:
        limits = plan_limits.limits_for(db, account_id)
        return PlanUsage(limits.plan_code, plan_limits.object_count(db, account_id), limits.max_objects,
                         plan_limits.stored_bytes(db, account_id), limits.max_stored_bytes)


# --- the billing page -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BillingOverview:
    register_open: bool
    subscribed: bool  # a live subscription exists
    locked: bool  # had a subscription, now without access
    has_subscription: bool  # a subscription id is stored (live or not)
    status: str
    plan_code: str
    period_end: date | None
    cancel_at: date | None
    card_brand: str
    card_last4: str
    card_exp_month: int
    card_exp_year: int
    card_warning: bool  # the card expires soon
    invoice_terms: bool  # paid by invoice (written agreement)


def billing_overview(account_id: int, today: date | None = None) -> BillingOverview:
    """The customer's subscription as we have stored it (no call to Stripe)."""
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        open_ = rules.register_open(db, account_id)
        return BillingOverview(
            register_open=open_,
            subscribed=rules.has_live_subscription(row),
            locked=rules.is_locked(row, open_),
            has_subscription=bool(row and row.subscription_id),
            status=row.status if row else "",
            plan_code=(row.plan_code or "") if row else "",
            period_end=row.current_period_end.date() if row and row.current_period_end else None,
            cancel_at=row.cancel_at.date() if row and row.cancel_at else None,
            card_brand=(row.card_brand or "") if row and row.card_last4 else "",
            card_last4=(row.card_last4 or "") if row else "",
            card_exp_month=(row.card_exp_month or 0) if row and row.card_last4 else 0,
            card_exp_year=(row.card_exp_year or 0) if row and row.card_last4 else 0,
            card_warning=rules.card_expires_soon(row, today or date.today()),
            invoice_terms=bool(row and row.collection_method == "send_invoice"),
        )


def billing_invoices(account_id: int) -> list[InvoiceLine]:
    """The customer's invoices from Stripe, newest first. StripeUnavailable when Stripe is not reachable."""
    try:
        return payments.invoices(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def start_plan_checkout(account_id: int, plan_code: str, service_start_consent: bool) -> str:
    """The Stripe Checkout address for a plan; ValidationFailed for a plan that cannot be bought
    (or when a subscription exists, or a private customer has not ticked that the service starts at
    once), StripeUnavailable."""
    try:
        return payments.start_checkout(stripe_client(), account_id, str(plan_code)[:30], get_settings().base_url,
                                       bool(service_start_consent))
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def billing_portal_address(account_id: int) -> str:
    """Stripe's customer portal (card, invoices), returning to the billing page. StripeUnavailable."""
    try:
        return payments.portal_url(stripe_client(), account_id, get_settings().base_url + "/billing")
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def cancellation_preview_date(account_id: int) -> date:
    """The day the subscription would end if notice were given now; ValidationFailed without one."""
    with tenant_scope(account_id) as db:
        return payments.cancellation_preview(db, account_id).date()


def request_subscription_cancellation(account_id: int) -> None:
    """Give notice (3 months, at the earliest the end of the paid period). ValidationFailed, StripeUnavailable."""
    try:
        payments.request_cancellation(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def withdraw_subscription_cancellation(account_id: int) -> None:
    """Take back a notice given earlier. ValidationFailed, StripeUnavailable."""
    try:
        payments.withdraw_cancellation(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def submit_superpro_request(account_id: int, form: dict) -> None:
    """Ask for the SuperPro plan (stored for the admins); ValidationFailed lists the refused fields."""
    with tenant_scope(account_id) as db:
        superpro.submit_request(db, account_id, form if isinstance(form, dict) else {})


def confirm_checkout(account_id: int, checkout_session_id: str) -> bool:
    """The page Stripe returns to: True once the register is open (synced like the webhook does);
    a session that is not this account's, or not paid, confirms nothing. StripeUnavailable."""
    with tenant_scope(account_id) as db:
        if rules.register_open(db, account_id):
            return True
    try:
        return payments.sync_after_redirect(stripe_client(), account_id, checkout_session_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


# --- the 14-day right of withdrawal (withdrawal.py) -------------------------------------------------

@dataclass(frozen=True)
class WithdrawalStatus:
    consent_needed: bool  # a private customer: the checkout asks that the service starts at once
    offer: withdrawal.RefundForDaysUsed | None  # within the 14 days: the refund if withdrawn now


def withdrawal_status(account_id: int) -> WithdrawalStatus:
    """Whether checkout asks for the consent, and the refund on offer (Stripe is asked only within the
    14 days). StripeUnavailable."""
    with tenant_scope(account_id) as db:
        needed = withdrawal.checkout_consent(db, account_id, True) is not None
    try:
        found = withdrawal.offer(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error
    return WithdrawalStatus(needed, found.refund if found is not None else None)


def withdraw_purchase(account_id: int) -> int:
    """Withdraw from the purchase: the refund (öre) of the first payment less the days used; the
    subscription ends at once. ValidationFailed when the right does not apply, StripeUnavailable."""
    try:
        return withdrawal.withdraw(stripe_client(), account_id).refund_ore
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


# --- the webhook ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StripeWebhookOutcome:
    """`not_configured` (no signing secret), `bad_request` (too large, unsigned), `bad_signature`
    (forged, tampered or stale), `applied`, or `duplicate` (an event id seen before)."""

    result: str
    event_id: str = ""


def receive_stripe_webhook(payload: bytes, signature: str) -> StripeWebhookOutcome:
    """Check the signature on the raw body, then apply the event once (unscoped: Stripe names the
    customer). Stripe is asked before the event is recorded, so StripeUnavailable (with the event id)
    when the re-fetch fails leaves nothing stored and Stripe may deliver the event again."""
    secret = webhook_secret()
    if not secret:
        return StripeWebhookOutcome("not_configured")
    if len(payload) > STRIPE_WEBHOOK_MAX_BYTES or not signature:
        return StripeWebhookOutcome("bad_request")
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=STRIPE_WEBHOOK_TOLERANCE_SECONDS)
    except (ValueError, stripe.SignatureVerificationError):
        security_log.record(None, "forged_webhook")
        return StripeWebhookOutcome("bad_signature")
    try:
        applied = payments.process_event(stripe_client(), event)
    except stripe.StripeError as error:
        raise StripeUnavailable(event["id"]) from error
    return StripeWebhookOutcome("applied" if applied else "duplicate", event["id"])
