"""Admin billing operations by written agreement: a plan on invoice terms (an agreed price for a plan
sold by agreement) and a new yearly price.

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
from cleverstore.services.billing import mails, reminders
from cleverstore.services.billing import plans as plans_module
from cleverstore.services.billing import rules, superpro
from cleverstore.services.billing.payments import Fetched, apply_view, ensure_customer
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import format_ore

MAX_DAYS_UNTIL_DUE = 90
MAX_AGREED_PRICE_ORE = 100_000_000  # 1 000 000 kr a year: anything above is a typing error
AGREED_PLAN_KEY = "cleverstore_plan"  # an agreed price's metadata: its plan (read by rules.plan_of_view)
# A subscription in these states can take an agreement (a late one too: its open invoice stays to be paid)
AGREEABLE_STATUSES = frozenset({"active", "trialing", "past_due", "unpaid"})


def customer_by_number(db: Session, number: str) -> Account:
    """The customer an admin names by customer number; an unknown number is a field error."""
    account = db.exec(select(Account).where(Account.customer_number == number.strip())).first()
    if account is None:
        raise ValidationFailed({"customer_number": "error.customer_unknown"})
    return account


def plans(db: Session) -> list[Plan]:
    """The plan catalogue in its order (the admins' price list)."""
    return list(db.exec(select(Plan).order_by(Plan.sort_order, Plan.id)).all())


@dataclass(frozen=True)
class _Agreed:
    """What an agreement needs from our records, read and committed before Stripe is called."""

    plan_code: str
    plan_name: str
    lookup_key: str | None
    product_id: str | None  # the product agreed prices of the plan are made on (None: made now)
    subscription_id: str | None  # the live subscription the agreement changes, if any
    seen: datetime | None
    previous_plan: str


def _agreement_terms(db: Session, account_id: int, plan_code: str, agreed_ore: int | None) -> _Agreed:
    """Checks the agreement against the plan and the customer's subscription; each refusal names its reason."""
    plan = plans_module.by_code(db, plan_code)
    if plan is None or not plan.active:
        raise ValidationFailed({"plan": "error.plan_unknown"})
    if plan.lookup_key and agreed_ore is not None:
        raise ValidationFailed({"agreed_price": "error.agreed_price_list_plan"})
    if not plan.lookup_key and agreed_ore is None:
        raise ValidationFailed({"agreed_price": "error.agreed_price_required"})
    if agreed_ore is not None and not 0 < agreed_ore <= MAX_AGREED_PRICE_ORE:
        raise ValidationFailed({"agreed_price": "error.amount_invalid"})
    row = rules.billing_row(db, account_id)
    live = rules.has_live_subscription(row)
    if live and row.cancel_at is not None:
        raise ValidationFailed({"plan": "error.agreement_notice_given"})
    if live and row.status not in AGREEABLE_STATUSES:
        raise ValidationFailed({"plan": "error.agreement_subscription_state"})
    return _Agreed(plan.code, plan.name, plan.lookup_key, plan.agreement_product_id,
                   row.subscription_id if live else None, row.synced_at if row is not None else None,
                   (row.plan_code or "") if row is not None else "")


def put_on_invoice_terms(client: stripe.StripeClient, account_id: int, plan_code: str, days_until_due: int,
                         admin_id: int | None = None, agreed_price_ore: int | None = None) -> BillingAccount:
    """A written agreement: the plan, invoice terms (Stripe sends invoices) and, for a plan sold by
    agreement (SuperPro), the agreed yearly price. A live subscription moves to the plan's price at
    once without proration (the agreement states the price); without one a subscription is made and
    the register opens when its invoice is issued. Returns the billing row as stored; the change is in
    the customer's activity and the audit log. ValidationFailed names the reason it cannot be done.
    """
    if not 1 <= int(days_until_due) <= MAX_DAYS_UNTIL_DUE:
        raise ValidationFailed({"days_until_due": "error.days_until_due"})
    days = int(days_until_due)
    with session_scope() as db:
        agreed = _agreement_terms(db, account_id, str(plan_code), agreed_price_ore)
    customer_id = ensure_customer(client, account_id)
    current = client.v1.subscriptions.retrieve(agreed.subscription_id) if agreed.subscription_id else None
    price_id = _price_for(client, account_id, agreed, agreed_price_ore, current)
    terms = {"collection_method": "send_invoice", "days_until_due": days}
    if current is not None:
        item = current["items"]["data"][0]
        change = {**terms, "metadata": {"account_id": str(account_id)}}
        if item["price"]["id"] != price_id:
            change.update(items=[{"id": item["id"], "price": price_id}], proration_behavior="none")
        sub = client.v1.subscriptions.update(current["id"], change)
    else:
        sub = client.v1.subscriptions.create(
            {"customer": customer_id, "items": [{"price": price_id}],
             "metadata": {"account_id": str(account_id)}, **terms},
            # a lost reply or a second click creates no second subscription
            {"idempotency_key": f"cleverstore-invoice-terms-{account_id}-{customer_id}-{agreed.plan_code}"},
        )
    price_ore = sub["items"]["data"][0]["price"]["unit_amount"]
    detail = f"{agreed.plan_name}, {format_ore(price_ore)}, {days} days"
    if agreed.previous_plan and agreed.previous_plan != agreed.plan_code:
        detail += f" (was {agreed.previous_plan})"

    def record(db: Session, row: BillingAccount | None) -> BillingAccount | None:
        activity.record(db, account_id, "invoice_terms_set", f"{agreed.plan_name}, {days}")
        audit.record(db, admin_id, "invoice_terms_set", "account", account_id, detail)
        if not agreed.lookup_key:  # the agreement answers the customer's SuperPro requests
            for request in superpro.requests_of(db, account_id):
                if request.handled_at is None:
                    superpro.mark_handled(db, request.id)
        return row

    return apply_view(client, session_scope, agreed.seen, Fetched(rules.SubscriptionView.from_stripe(sub)), record)


def _price_for(client: stripe.StripeClient, account_id: int, agreed: _Agreed, agreed_ore: int | None,
               current) -> str:
    """The plan's list price (by lookup key), or the customer's agreed price: the one the live
    subscription already has when it is the same, else a new price on the plan's product."""
    if agreed.lookup_key:
        prices = client.v1.prices.list({"lookup_keys": [agreed.lookup_key], "active": True})
        if not prices["data"]:
            raise ValidationFailed({"plan": "error.plan_unknown"})
        return prices["data"][0]["id"]
    if current is not None:
        price = current["items"]["data"][0]["price"]
        if price["unit_amount"] == agreed_ore and rules.SubscriptionView.from_stripe(current).agreed_plan \
                == agreed.plan_code:
            return price["id"]
    made = {"currency": "sek", "unit_amount": agreed_ore, "recurring": {"interval": "year"},
            "tax_behavior": "inclusive", "nickname": f"{agreed.plan_name} {account_id}",
            "metadata": {AGREED_PLAN_KEY: agreed.plan_code, "account_id": str(account_id)}}
    if agreed.product_id:
        made["product"] = agreed.product_id
    else:
        made["product_data"] = {"name": agreed.plan_name}
    price = client.v1.prices.create(made, {"idempotency_key": f"cleverstore-agreed-price-{account_id}-"
                                                              f"{agreed.plan_code}-{agreed_ore}-{agreed.product_id}"})
    if not agreed.product_id:
        with session_scope() as db:  # later agreements make their prices on the same product
            plan = plans_module.by_code(db, agreed.plan_code)
            if plan is not None and not plan.agreement_product_id:
                plan.agreement_product_id = price["product"]
                db.add(plan)
    return price["id"]


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
    if not reminders.notice_still_possible(subscriber.period_end, utcnow()):
        # too near to give notice before it: the old price for this renewal, the new from the one after
        with session_scope() as db:
            return reminders.queue_later_price_notice(db, subscriber.account_id, plan_name, old_ore, new,
                                                      subscriber.period_end)
    # no proration: nothing is charged now, the next yearly invoice uses the new price
    updated = client.v1.subscriptions.update(subscriber.subscription_id,
                                             {"items": [{"id": item["id"], "price": new["id"]}],
                                              "proration_behavior": "none"})

    def notify(db: Session, _row: BillingAccount | None) -> None:
        rules.queue_price_notice(db, subscriber.account_id, plan_name, old_ore, new["unit_amount"],
                                 subscriber.period_end)
        mails.remember(db, subscriber.account_id, "price_change", new["id"])  # when told: the lead time

    apply_view(client, session_scope, subscriber.seen, Fetched(rules.SubscriptionView.from_stripe(updated)), notify)
    return True
