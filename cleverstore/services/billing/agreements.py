"""Admin billing operations (invoice terms, price adjustment): invoice terms and a new yearly price. Used by the admin pages."""
from __future__ import annotations

import stripe
from sqlmodel import Session, select

from cleverstore.models import Account, BillingAccount, Plan
from cleverstore.models.base import utcnow
from cleverstore.services.billing import rules
from cleverstore.services.billing.payments import ensure_customer
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed

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


def put_on_invoice_terms(db: Session, client: stripe.StripeClient, account_id: int, plan_code: str,
                         days_until_due: int) -> BillingAccount:
    """Invoice terms by written agreement: Stripe sends invoices; the register opens when one is issued."""
    if not 1 <= int(days_until_due) <= MAX_DAYS_UNTIL_DUE:
        raise ValidationFailed({"days_until_due": "error.days_until_due"})
    row = ensure_customer(db, client, account_id)
    terms = {"collection_method": "send_invoice", "days_until_due": int(days_until_due)}
    if rules.has_live_subscription(row):
        sub = client.v1.subscriptions.update(row.subscription_id, terms)
    else:
        plan = db.exec(select(Plan).where(Plan.code == plan_code)).first()
        if plan is None or not plan.lookup_key:
            raise ValidationFailed({"plan": "error.plan_unknown"})
        prices = client.v1.prices.list({"lookup_keys": [plan.lookup_key], "active": True})
        if not prices["data"]:
            raise ValidationFailed({"plan": "error.plan_unknown"})
        sub = client.v1.subscriptions.create(
            {"customer": row.stripe_customer_id, "items": [{"price": prices["data"][0]["id"]}],
             "metadata": {"account_id": str(account_id)}, **terms},
            {"idempotency_key": f"cleverstore-invoice-terms-{account_id}-{row.id}-{plan.code}"},
        )
    rules.apply_subscription(db, row, rules.SubscriptionView.from_stripe(sub))
    activity.record(db, account_id, "invoice_terms_set", str(days_until_due))
    return row


def publish_new_yearly_price(db: Session, client: stripe.StripeClient, plan_code: str, new_price_ore: int,
                             override: bool = False) -> int:
    """A new Stripe price for the plan (the lookup key moves to it); subscribers move at their next renewal.

    Returns how many subscribers were moved (each gets a notice e-mail).
    """
    plan = db.exec(select(Plan).where(Plan.code == str(plan_code))).first()
    if plan is None or not plan.lookup_key:
        raise NotFound()
    rules.check_price_change(plan.yearly_price_ore, int(new_price_ore), override)
    current = client.v1.prices.list({"lookup_keys": [plan.lookup_key], "active": True})
    if not current["data"]:
        raise ValidationFailed({"price": "error.plan_unknown"})
    new = client.v1.prices.create({
        "currency": "sek", "unit_amount": int(new_price_ore), "product": current["data"][0]["product"],
        "recurring": {"interval": "year"}, "tax_behavior": "inclusive", "lookup_key": plan.lookup_key,
        "transfer_lookup_key": True,
    })
    old_ore = plan.yearly_price_ore
    plan.yearly_price_ore, plan.updated_at = int(new_price_ore), utcnow()
    db.add(plan)
    moved = 0
    for row in db.exec(select(BillingAccount).where(BillingAccount.plan_code == plan.code)).all():
        if not rules.has_live_subscription(row):
            continue
        sub = client.v1.subscriptions.retrieve(row.subscription_id)
        item_id = sub["items"]["data"][0]["id"]
        # no proration: nothing is charged now, the next yearly invoice uses the new price
        client.v1.subscriptions.update(row.subscription_id, {"items": [{"id": item_id, "price": new["id"]}],
                                                             "proration_behavior": "none"})
        row.price_id = new["id"]
        db.add(row)
        rules.queue_price_notice(db, row.account_id, plan.name, old_ore, int(new_price_ore), row.current_period_end)
        moved += 1
    db.flush()
    return moved
