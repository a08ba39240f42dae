"""Customer-side billing through Stripe: checkout, portal, sync, webhook events, invoices, cancellation.

No database transaction is open while Stripe is called (`stripe_client` refuses the call): each
use case reads what it needs in one unit of work and commits, calls Stripe, then stores Stripe's
answer in a new unit of work (`apply_view`). Webhooks about the same change may arrive before,
during or after that second unit of work; storing is idempotent, and a view that another writer
replaced in between is not stored blindly: Stripe is asked again (see `apply_view`).

Access is granted only by Stripe's view of the subscription: webhooks and the success page
re-fetch it, the customer's own changes store the reply Stripe gave.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import TypeVar

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Account, BillingAccount, StripeEvent
from cleverstore.models.base import utcnow
from cleverstore.services.billing import mails, plans, rules, withdrawal
from cleverstore.services.billing import notice  # the notice's cost: end date and last invoice
from cleverstore.services.billing import company_details  # a company's VAT number and invoice fields
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import format_ore

T = TypeVar("T")
Scope = Callable[[], AbstractContextManager[Session]]

SUBSCRIPTION_EVENTS = frozenset({
    "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
    "customer.subscription.paused", "customer.subscription.resumed",
})
INVOICE_EVENTS = frozenset({"invoice.paid", "invoice.payment_failed", "invoice.payment_action_required",
                            "invoice.finalized", "invoice.overdue"})
# How often a view replaced by another writer is fetched again before the newest fetch is stored anyway.
APPLY_ATTEMPTS = 3


# --- the customer -----------------------------------------------------------------------------------

def ensure_customer(client: stripe.StripeClient, account_id: int) -> str:
    """The account's one Stripe customer id, created once (the idempotency key covers a lost reply
    and two tabs asking at the same moment; whichever stores it second finds it stored)."""
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if row is not None and row.stripe_customer_id:
            return row.stripe_customer_id
        account = db.get(Account, account_id)
        if account is None:
            raise NotFound()
        email, name, language = account.email, account.name, account.language
        extras = company_details.customer_extras(db, account)  # a company's VAT number and invoice fields
    customer = client.v1.customers.create(
        {"email": email, "name": name, "metadata": {"account_id": str(account_id)}, "preferred_locales": [language],
         **extras},
        {"idempotency_key": f"cleverstore-customer-{account_id}"},
    )
    for attempt in range(2):
        try:
            with tenant_scope(account_id) as db:
                return _store_customer(db, account_id, customer["id"])
        except IntegrityError:
            if attempt:  # the row another request made between our read and our insert is read on the retry
                raise
    raise AssertionError("unreachable")


def _store_customer(db: Session, account_id: int, customer_id: str) -> str:
    row = db.exec(select(BillingAccount).where(BillingAccount.account_id == account_id).with_for_update()).first()
    if row is None:
        row = BillingAccount(account_id=account_id)
    if not row.stripe_customer_id:
        row.stripe_customer_id = customer_id
        db.add(row)
        db.flush()
    return row.stripe_customer_id


# --- checkout and the portal --------------------------------------------------------------------------

def start_checkout(client: stripe.StripeClient, account_id: int, plan_code: str, base_url: str,
                   service_start_consent: bool | None = None) -> str:
    """The Checkout URL for a plan. Refused when a live subscription exists (one per account), and for a
    private customer who has not agreed that the service starts at once (`withdrawal.checkout_consent`)."""
    with tenant_scope(account_id) as db:
        plan = plans.buyable(db, plan_code)
        if plan is None:
            raise ValidationFailed({"plan": "error.plan_unknown"})
        if rules.has_live_subscription(rules.billing_row(db, account_id)):
            raise ValidationFailed({"plan": "error.already_subscribed"})
        code, lookup_key = plan.code, plan.lookup_key
        consent = withdrawal.checkout_consent(db, account_id, service_start_consent)
    customer_id = ensure_customer(client, account_id)
    withdrawal.record_consent(account_id, consent)
    prices = client.v1.prices.list({"lookup_keys": [lookup_key], "active": True})
    if not prices["data"]:
        raise ValidationFailed({"plan": "error.plan_unknown"})
    minute = int(time.time() // 60)
    session = client.v1.checkout.sessions.create(
        {
            "mode": "subscription",
            "line_items": [{"price": prices["data"][0]["id"], "quantity": 1}],
            "customer": customer_id,
            "client_reference_id": str(account_id),
            "success_url": f"{base_url}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{base_url}/billing",
            "metadata": {"account_id": str(account_id), **withdrawal.consent_metadata(consent)},
            "subscription_data": {"metadata": {"account_id": str(account_id), **withdrawal.consent_metadata(consent)}},
            "billing_address_collection": "required",
            **withdrawal.consent_text(consent),
        },
        # a double click or a second tab within the minute gets the same session back
        {"idempotency_key": f"cleverstore-checkout-{account_id}-{code}-{minute}"},
    )
    _expire_other_checkouts(client, customer_id, session["id"])
    return session["url"]


def _expire_other_checkouts(client: stripe.StripeClient, customer_id: str, keep: str) -> None:
    """Only the newest checkout can be paid: an old tab can never start a second subscription."""
    for other in client.v1.checkout.sessions.list({"customer": customer_id, "status": "open", "limit": 20})["data"]:
        if other["id"] != keep:
            client.v1.checkout.sessions.expire(other["id"])


def portal_url(client: stripe.StripeClient, account_id: int, return_url: str) -> str:
    customer_id = ensure_customer(client, account_id)
    return client.v1.billing_portal.sessions.create({"customer": customer_id, "return_url": return_url})["url"]


# --- Stripe's view of a subscription, stored ------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class Fetched:
    """What Stripe said about a subscription (and its card, when it was asked)."""

    view: rules.SubscriptionView
    card: Card | None = None


def fetch_subscription(client: stripe.StripeClient, subscription_id: str) -> Fetched:
    """Stripe's current view of a subscription and its default card (no database involved)."""
    view = rules.SubscriptionView.from_stripe(client.v1.subscriptions.retrieve(subscription_id))
    card = None
    if view.default_payment_method:
        pm = client.v1.payment_methods.retrieve(view.default_payment_method)
        found = pm["card"] if "card" in pm else None
        if found is not None:
            card = Card(found["brand"], found["last4"], found["exp_month"], found["exp_year"])
    return Fetched(view, card)


def stored_version(scope: Scope, customer_id: str) -> datetime | None:
    """When our copy of the customer's subscription last changed: read before asking Stripe, so that
    `apply_view` can tell whether another writer stored a view in the meantime."""
    with scope() as db:
        return db.exec(select(BillingAccount.synced_at)
                       .where(BillingAccount.stripe_customer_id == customer_id)).first()


class _Replaced:
    """Another writer stored a different view after `seen` was read."""


def apply_view(client: stripe.StripeClient, scope: Scope, seen: datetime | None, fetched: Fetched,
               then: Callable[[Session, BillingAccount | None], T] | None = None) -> T | BillingAccount | None:
    """Store Stripe's view in a new unit of work and run `then(db, row)` in the same one.

    Idempotent: a view already stored (a webhook got there first) changes nothing. When another
    writer stored a different view after `seen` was read, that view may be older or newer than
    ours: Stripe is asked again (with no transaction open) and the newest answer is stored.
    """
    for attempt in range(APPLY_ATTEMPTS):
        with scope() as db:
            outcome = _apply_once(db, seen, fetched, then, force=attempt == APPLY_ATTEMPTS - 1)
        if not isinstance(outcome, _Replaced):
            return outcome
        seen = stored_version(scope, fetched.view.customer_id)
        fetched = fetch_subscription(client, fetched.view.subscription_id)
    raise AssertionError("unreachable")


def _apply_once(db: Session, seen: datetime | None, fetched: Fetched, then, force: bool):
    # the row lock orders a webhook and the success page storing at the same moment (PostgreSQL)
    row = db.exec(select(BillingAccount).where(BillingAccount.stripe_customer_id == fetched.view.customer_id)
                  .with_for_update()).first()
    if row is not None and not rules.already_applied(db, row, fetched.view):
        if row.synced_at != seen and not force:
            return _Replaced()
        rules.apply_subscription(db, row, fetched.view)
    if row is not None and fetched.card is not None and _card_of(row) != fetched.card:
        row.card_brand, row.card_last4 = fetched.card.brand, fetched.card.last4
        row.card_exp_month, row.card_exp_year = fetched.card.exp_month, fetched.card.exp_year
        db.add(row)
        db.flush()
    return then(db, row) if then is not None else row


def _card_of(row: BillingAccount) -> Card:
    return Card(row.card_brand, row.card_last4, row.card_exp_month or 0, row.card_exp_year or 0)


def fetch_with_version(client: stripe.StripeClient, scope: Scope, subscription_id: str,
                       customer_id: str | None = None) -> tuple[datetime | None, Fetched]:
    """Our copy's version, then Stripe's current view (in that order, for `apply_view`). Without the
    customer id, Stripe is asked once more first to learn it."""
    if not customer_id:
        customer_id = fetch_subscription(client, subscription_id).view.customer_id
    seen = stored_version(scope, customer_id)
    return seen, fetch_subscription(client, subscription_id)


def sync_subscription(client: stripe.StripeClient, subscription_id: str) -> BillingAccount | None:
    """Re-fetch the subscription and store its current state (idempotent, order-proof); None when it is
    not one of our customers'."""
    seen, fetched = fetch_with_version(client, session_scope, subscription_id)
    return apply_view(client, session_scope, seen, fetched)


def sync_after_redirect(client: stripe.StripeClient, account_id: int, session_id: str) -> bool:
    """The success page: trust the session only if Stripe says it is complete and it is this account's.
    True once the register is open."""
    if not session_id.startswith("cs_") or len(session_id) > 200:
        return False
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        customer_id, seen = (row.stripe_customer_id, row.synced_at) if row is not None else (None, None)
    if not customer_id:
        return False
    try:
        session = client.v1.checkout.sessions.retrieve(session_id)
    except stripe.InvalidRequestError:
        return False
    if (session["client_reference_id"] != str(account_id) or session["customer"] != customer_id
            or session["status"] != "complete" or not session["subscription"]):
        return False
    fetched = fetch_subscription(client, session["subscription"])
    if fetched.view.customer_id != customer_id:
        return False  # seen was read before this fetch: it versions this customer's row
    return apply_view(client, partial(tenant_scope, account_id), seen, fetched,
                      lambda db, _row: rules.register_open(db, account_id))


# --- webhook events --------------------------------------------------------------------------------------

def process_event(client: stripe.StripeClient, event) -> bool:
    """Apply one verified event once. False when its id was seen before (a replay).

    Stripe is asked first (a replay is recognised before that, without a call); the event is then
    recorded and the view stored in one short unit of work.
    """
    with session_scope() as db:
        if db.get(StripeEvent, event["id"]) is not None:
            return False
    subscription_id = _subscription_of(event)
    if not subscription_id:
        with session_scope() as db:
            return _record_event(db, None, event)
    seen, fetched = fetch_with_version(client, session_scope, subscription_id, _customer_of(event))
    facts = mails.invoice_for_event(client, event, fetched.view)  # the invoice a billing mail names
    return apply_view(client, session_scope, seen, fetched, partial(_record_event, event=event, facts=facts))


def _record_event(db: Session, row: BillingAccount | None, event, facts: mails.InvoiceFacts | None = None) -> bool:
    db.add(StripeEvent(id=event["id"], type=event["type"]))
    try:
        db.flush()
    except IntegrityError:  # the same event delivered twice at once: the other delivery applied it
        db.rollback()
        return False
    if row is not None and event["type"] == "invoice.paid":
        invoice = event["data"]["object"]
        activity.record(db, row.account_id, "payment_received",
                        f"{invoice['number'] or ''} {format_ore(invoice['amount_paid'])}".strip())
    mails.after_event(db, row, event["type"], facts)  # the receipt, or the failed payment's notice
    return True


def _customer_of(event) -> str | None:
    obj = event["data"]["object"]
    customer = obj["customer"] if "customer" in obj else None
    if customer is None or isinstance(customer, str):
        return customer
    return customer["id"]


def _subscription_of(event) -> str | None:
    obj = event["data"]["object"]
    kind = event["type"]
    if kind in SUBSCRIPTION_EVENTS:
        return obj["id"]
    if kind == "checkout.session.completed" and obj["mode"] == "subscription":
        return obj["subscription"]
    if kind in INVOICE_EVENTS:
        parent = obj["parent"] if "parent" in obj else None
        details = parent["subscription_details"] if parent is not None and "subscription_details" in parent else None
        return details["subscription"] if details is not None else None
    return None


# --- invoices -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InvoiceLine:
    number: str
    created: datetime
    amount_ore: int
    status: str
    hosted_url: str
    pdf_url: str


def invoices(client: stripe.StripeClient, account_id: int, limit: int = 24) -> list[InvoiceLine]:
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        customer_id = row.stripe_customer_id if row is not None else None
    if not customer_id:
        return []
    found = client.v1.invoices.list({"customer": customer_id, "limit": limit})
    return [InvoiceLine(i["number"] or "", datetime.fromtimestamp(i["created"], timezone.utc), i["total"], i["status"],
                        i["hosted_invoice_url"] or "", i["invoice_pdf"] or "") for i in found["data"]]


# --- notice of termination ---------------------------------------------------------------------------------

def cancellation_preview(db: Session, account_id: int, now: datetime | None = None) -> datetime:
    """The date the subscription would end if notice were given now."""
    row = rules.billing_row(db, account_id)
    if not rules.has_live_subscription(row) or row.current_period_end is None:
        raise ValidationFailed({"cancel": "error.no_subscription"})
    return rules.cancellation_date(row.current_period_end, now or utcnow())


@dataclass(frozen=True)
class _Subscribed:
    subscription_id: str
    customer_id: str
    seen: datetime | None


def _subscribed(db: Session, account_id: int) -> _Subscribed:
    row = rules.billing_row(db, account_id)
    return _Subscribed(row.subscription_id, row.stripe_customer_id, row.synced_at)


def request_cancellation(client: stripe.StripeClient, account_id: int, now: datetime | None = None) -> datetime:
    """Give notice: Stripe ends the subscription at the computed date (cancel_at, no proration). The
    confirmation mail names the end and Stripe's previewed last invoice (`notice.py`)."""
    with tenant_scope(account_id) as db:
        ends = cancellation_preview(db, account_id, now)
        notice.require_no_waiting_change(rules.billing_row(db, account_id))
        paid_until = rules.billing_row(db, account_id).current_period_end
        current = _subscribed(db, account_id)
    last = notice.last_invoice(client, current.subscription_id, ends, paid_until)
    sub = client.v1.subscriptions.update(current.subscription_id, {"cancel_at": int(ends.timestamp()),
                                                                   "proration_behavior": "none"})
    apply_view(client, partial(tenant_scope, account_id), current.seen, Fetched(rules.SubscriptionView.from_stripe(sub)),
               lambda db, _row: notice.record_notice(db, account_id, ends, last))
    return ends


def withdraw_cancellation(client: stripe.StripeClient, account_id: int) -> None:
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if not rules.has_live_subscription(row) or row.cancel_at is None:
            raise ValidationFailed({"cancel": "error.no_cancellation"})
        current = _subscribed(db, account_id)
    sub = client.v1.subscriptions.update(current.subscription_id, {"cancel_at": ""})
    apply_view(client, partial(tenant_scope, account_id), current.seen, Fetched(rules.SubscriptionView.from_stripe(sub)),
               lambda db, _row: activity.record(db, account_id, "cancellation_withdrawn", ""))
