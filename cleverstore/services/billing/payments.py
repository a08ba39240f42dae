"""Customer-side billing through Stripe: checkout, portal, sync, webhook events, invoices, cancellation.

Access is granted only by `sync_subscription`, which re-fetches the subscription from
Stripe and applies its current state; webhooks and the success page both call it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from cleverstore.models import Account, BillingAccount, StripeEvent
from cleverstore.models.base import utcnow
from cleverstore.services.billing import plans, rules
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import format_ore

SUBSCRIPTION_EVENTS = frozenset({
    "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
    "customer.subscription.paused", "customer.subscription.resumed",
})
INVOICE_EVENTS = frozenset({"invoice.paid", "invoice.payment_failed", "invoice.payment_action_required",
                            "invoice.finalized", "invoice.overdue"})


def _row(db: Session, account_id: int) -> BillingAccount:
    row = rules.billing_row(db, account_id)
    if row is None:
        row = BillingAccount(account_id=account_id)
        db.add(row)
        db.flush()
    return row


def ensure_customer(db: Session, client: stripe.StripeClient, account_id: int) -> BillingAccount:
    """The account's one Stripe customer, created once (the idempotency key covers a lost reply)."""
    row = _row(db, account_id)
    if row.stripe_customer_id:
        return row
    account = db.get(Account, account_id)
    if account is None:
        raise NotFound()
    customer = client.v1.customers.create(
        {"email": account.email, "name": account.name, "metadata": {"account_id": str(account_id)},
         "preferred_locales": [account.language]},
        {"idempotency_key": f"cleverstore-customer-{account_id}"},
    )
    row.stripe_customer_id = customer["id"]
    db.add(row)
    db.flush()
    return row


def start_checkout(db: Session, client: stripe.StripeClient, account_id: int, plan_code: str, base_url: str) -> str:
    """The Checkout URL for a plan. Refused when a live subscription exists (one per account)."""
    plan = plans.buyable(db, plan_code)
    if plan is None:
        raise ValidationFailed({"plan": "error.plan_unknown"})
    if rules.has_live_subscription(rules.billing_row(db, account_id)):
        raise ValidationFailed({"plan": "error.already_subscribed"})
    row = ensure_customer(db, client, account_id)
    prices = client.v1.prices.list({"lookup_keys": [plan.lookup_key], "active": True})
    if not prices["data"]:
        raise ValidationFailed({"plan": "error.plan_unknown"})
    minute = int(time.time() // 60)
    session = client.v1.checkout.sessions.create(
        {
            "mode": "subscription",
            "line_items": [{"price": prices["data"][0]["id"], "quantity": 1}],
            "customer": row.stripe_customer_id,
            "client_reference_id": str(account_id),
            "success_url": f"{base_url}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{base_url}/billing",
            "metadata": {"account_id": str(account_id)},
            "subscription_data": {"metadata": {"account_id": str(account_id)}},
            "billing_address_collection": "required",
        },
        # a double click or a second tab within the minute gets the same session back
        {"idempotency_key": f"cleverstore-checkout-{account_id}-{plan.code}-{minute}"},
    )
    _expire_other_checkouts(client, row.stripe_customer_id, session["id"])
    return session["url"]


def _expire_other_checkouts(client: stripe.StripeClient, customer_id: str, keep: str) -> None:
    """Only the newest checkout can be paid: an old tab can never start a second subscription."""
    for other in client.v1.checkout.sessions.list({"customer": customer_id, "status": "open", "limit": 20})["data"]:
        if other["id"] != keep:
            client.v1.checkout.sessions.expire(other["id"])


def portal_url(db: Session, client: stripe.StripeClient, account_id: int, return_url: str) -> str:
    row = ensure_customer(db, client, account_id)
    return client.v1.billing_portal.sessions.create({"customer": row.stripe_customer_id, "return_url": return_url})["url"]


def sync_subscription(db: Session, client: stripe.StripeClient, subscription_id: str) -> BillingAccount | None:
    """Re-fetch the subscription and store its current state (idempotent, order-proof)."""
    sub = client.v1.subscriptions.retrieve(subscription_id)
    view = rules.SubscriptionView.from_stripe(sub)
    # the row lock orders a webhook and the success page syncing at the same moment (PostgreSQL)
    row = db.exec(select(BillingAccount).where(BillingAccount.stripe_customer_id == view.customer_id)
                  .with_for_update()).first()
    if row is None:
        return None  # not one of our customers
    rules.apply_subscription(db, row, view)
    if view.default_payment_method:
        _store_card(row, client.v1.payment_methods.retrieve(view.default_payment_method))
        db.add(row)
    db.flush()
    return row


def _store_card(row: BillingAccount, pm) -> None:
    card = pm["card"] if "card" in pm else None
    if card is not None:
        row.card_brand, row.card_last4 = card["brand"], card["last4"]
        row.card_exp_month, row.card_exp_year = card["exp_month"], card["exp_year"]


def sync_after_redirect(db: Session, client: stripe.StripeClient, account_id: int, session_id: str) -> bool:
    """The success page: trust the session only if Stripe says it is complete and it is this account's."""
    if not session_id.startswith("cs_") or len(session_id) > 200:
        return False
    try:
        session = client.v1.checkout.sessions.retrieve(session_id)
    except stripe.InvalidRequestError:
        return False
    row = rules.billing_row(db, account_id)
    if (session["client_reference_id"] != str(account_id) or row is None
            or session["customer"] != row.stripe_customer_id or session["status"] != "complete"
            or not session["subscription"]):
        return False
    sync_subscription(db, client, session["subscription"])
    return rules.register_open(db, account_id)


def process_event(db: Session, client: stripe.StripeClient, event) -> bool:
    """Apply one verified event once. False when its id was seen before (a replay)."""
    db.add(StripeEvent(id=event["id"], type=event["type"]))
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        return False
    subscription_id = _subscription_of(event)
    if subscription_id:
        row = sync_subscription(db, client, subscription_id)
        if row is not None and event["type"] == "invoice.paid":
            invoice = event["data"]["object"]
            activity.record(db, row.account_id, "payment_received",
                            f"{invoice['number'] or ''} {format_ore(invoice['amount_paid'])}".strip())
    return True


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


@dataclass(frozen=True)
class InvoiceLine:
    number: str
    created: datetime
    amount_ore: int
    status: str
    hosted_url: str
    pdf_url: str


def invoices(db: Session, client: stripe.StripeClient, account_id: int, limit: int = 24) -> list[InvoiceLine]:
    row = rules.billing_row(db, account_id)
    if row is None or not row.stripe_customer_id:
        return []
    found = client.v1.invoices.list({"customer": row.stripe_customer_id, "limit": limit})
    return [InvoiceLine(i["number"] or "", datetime.fromtimestamp(i["created"], timezone.utc), i["total"], i["status"],
                        i["hosted_invoice_url"] or "", i["invoice_pdf"] or "") for i in found["data"]]


def cancellation_preview(db: Session, account_id: int, now: datetime | None = None) -> datetime:
    """The date the subscription would end if notice were given now."""
    row = rules.billing_row(db, account_id)
    if not rules.has_live_subscription(row) or row.current_period_end is None:
        raise ValidationFailed({"cancel": "error.no_subscription"})
    return rules.cancellation_date(row.current_period_end, now or utcnow())


def request_cancellation(db: Session, client: stripe.StripeClient, account_id: int,
                         now: datetime | None = None) -> datetime:
    """Give notice: Stripe ends the subscription at the computed date (cancel_at, no proration)."""
    ends = cancellation_preview(db, account_id, now)
    row = rules.billing_row(db, account_id)
    sub = client.v1.subscriptions.update(row.subscription_id, {"cancel_at": int(ends.timestamp()),
                                                               "proration_behavior": "none"})
    rules.apply_subscription(db, row, rules.SubscriptionView.from_stripe(sub))
    activity.record(db, account_id, "cancellation_requested", ends.date().isoformat())
    return ends


def withdraw_cancellation(db: Session, client: stripe.StripeClient, account_id: int) -> None:
    row = rules.billing_row(db, account_id)
    if not rules.has_live_subscription(row) or row.cancel_at is None:
        raise ValidationFailed({"cancel": "error.no_cancellation"})
    sub = client.v1.subscriptions.update(row.subscription_id, {"cancel_at": ""})
    rules.apply_subscription(db, row, rules.SubscriptionView.from_stripe(sub))
    activity.record(db, account_id, "cancellation_withdrawn", "")
