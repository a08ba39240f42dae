"""Admin billing operations by written agreement: invoice terms and a new yearly price.

Like every billing use case, each one reads and commits before it calls Stripe, and stores
Stripe's answer in a new unit of work with its audit entry (see `payments.apply_view`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import stripe
from sqlmodel import Session, select

from cleverstore.db import session_scope
from cleverstore.models import Account, BillingAccount, Plan
from cleverstore.models.base import utcnow
from cleverstore.services.billing import rules
from cleverstore.services.billing.payments import Fetched, apply_view, ensure_customer
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import format_ore

MAX_DAYS_UNTIL_DUE = 90


def customer_by_number(db: Session, number: str) -> Account:
    """The customer an admin names by customer number; an unknown number is a field error."""
    account = db.exec(select(Account).where(Account.customer_number == number.strip())).first()
    if account is None:
        raise ValidationFailed({"customer_number": "error.customer_unknown"})
    return account


def plans(db: Session) -> list[Plan]:
    """The plan catalogue in its order (the admins' price list)."""
    return list(db.exec(select(Plan).order_by(Plan.sort_order, Plan.id)).all())


def put_on_invoice_terms(client: stripe.StripeClient, account_id: int, plan_code: str, days_until_due: int,
                         admin_id: int | None = None) -> BillingAccount:
    """Invoice terms by written agreement: Stripe sends invoices; the register opens when one is issued.

    Returns the billing row as stored; the change is in the customer's activity and the audit log.
    """
    if not 1 <= int(days_until_due) <= MAX_DAYS_UNTIL_DUE:
        raise ValidationFailed({"days_until_due": "error.days_until_due"})
    days = int(days_until_due)
    with session_scope() as db:
        row = rules.billing_row(db, account_id)
        live = rules.has_live_subscription(row)
        subscription_id, seen = (row.subscription_id, row.synced_at) if row is not None else (None, None)
        lookup_key = code = None
        if not live:
            plan = db.exec(select(Plan).where(Plan.code == str(plan_code))).first()
            if plan is None or not plan.lookup_key:
                raise ValidationFailed({"plan": "error.plan_unknown"})
            lookup_key, code = plan.lookup_key, plan.code
    customer_id = ensure_customer(client, account_id)
    terms = {"collection_method": "send_invoice", "days_until_due": days}
    if live:
        sub = client.v1.subscriptions.update(subscription_id, terms)
    else:
        prices = client.v1.prices.list({"lookup_keys": [lookup_key], "active": True})
        if not prices["data"]:
            raise ValidationFailed({"plan": "error.plan_unknown"})
        sub = client.v1.subscriptions.create(
            {"customer": customer_id, "items": [{"price": prices["data"][0]["id"]}],
             "metadata": {"account_id": str(account_id)}, **terms},
            # a lost reply or a second click creates no second subscription
            {"idempotency_key": f"cleverstore-invoice-terms-{account_id}-{customer_id}-{code}"},
        )

    def record(db: Session, row: BillingAccount | None) -> BillingAccount | None:
        activity.record(db, account_id, "invoice_terms_set", str(days))
        audit.record(db, admin_id, "invoice_terms_set", "account", account_id, f"{days} days")
        return row

    return apply_view(client, session_scope, seen, Fetched(rules.SubscriptionView.from_stripe(sub)), record)


@dataclass(frozen=True)
class _Subscriber:
    account_id: int
    subscription_id: str
    seen: datetime | None
    period_end: datetime | None


def publish_new_yearly_price(client: stripe.StripeClient, plan_code: str, new_price_ore: int,
                             override: bool = False, admin_id: int | None = None) -> int:
    """A new Stripe price for the plan (the lookup key moves to it); subscribers move at their next renewal.

    Returns how many subscribers were moved (each gets a notice e-mail). Safe to run again after a
    failure half-way: the price already published is reused and subscribers already on it are skipped.
    """
    new_ore = int(new_price_ore)
    with session_scope() as db:
        plan = db.exec(select(Plan).where(Plan.code == str(plan_code))).first()
        if plan is None or not plan.lookup_key:
            raise NotFound()
        rules.check_price_change(plan.yearly_price_ore, new_ore, override)
        code, name, lookup_key = plan.code, plan.name, plan.lookup_key
        subscribers = [_Subscriber(row.account_id, row.subscription_id, row.synced_at, row.current_period_end)
                       for row in db.exec(select(BillingAccount).where(BillingAccount.plan_code == code)).all()
                       if rules.has_live_subscription(row)]
    current = client.v1.prices.list({"lookup_keys": [lookup_key], "active": True})
    if not current["data"]:
        raise ValidationFailed({"price": "error.plan_unknown"})
    new = current["data"][0]
    if new["unit_amount"] != new_ore:
        new = client.v1.prices.create({
            "currency": "sek", "unit_amount": new_ore, "product": new["product"],
            "recurring": {"interval": "year"}, "tax_behavior": "inclusive", "lookup_key": lookup_key,
            "transfer_lookup_key": True,
        })
    with session_scope() as db:  # Stripe's price list has changed: so does ours, whatever happens next
        plan = db.exec(select(Plan).where(Plan.code == code)).one()
        if plan.yearly_price_ore != new_ore:
            plan.yearly_price_ore, plan.updated_at = new_ore, utcnow()
            db.add(plan)
    moved = sum(_move(client, subscriber, new, name) for subscriber in subscribers)
    with session_scope() as db:
        audit.record(db, admin_id, "price_changed", "plan", code,
                     f"{format_ore(new_ore)}{' (override)' if override else ''}; {moved} subscribers at renewal")
    return moved


def _move(client: stripe.StripeClient, subscriber: _Subscriber, new, plan_name: str) -> bool:
    """Move one subscriber to the new price at renewal and queue their notice; False if already there."""
    sub = client.v1.subscriptions.retrieve(subscriber.subscription_id)
    item = sub["items"]["data"][0]
    if item["price"]["id"] == new["id"]:
        return False
    old_ore = item["price"]["unit_amount"]
    # no proration: nothing is charged now, the next yearly invoice uses the new price
    updated = client.v1.subscriptions.update(subscriber.subscription_id,
                                             {"items": [{"id": item["id"], "price": new["id"]}],
                                              "proration_behavior": "none"})

    def notify(db: Session, _row: BillingAccount | None) -> None:
        rules.queue_price_notice(db, subscriber.account_id, plan_name, old_ore, new["unit_amount"],
                                 subscriber.period_end)

    apply_view(client, session_scope, subscriber.seen, Fetched(rules.SubscriptionView.from_stripe(updated)), notify)
    return True
