"""Changing plan on a live card subscription: Bas → Plus now (Stripe prorates), Plus → Bas at the renewal.

Up: Stripe's invoice preview with the new price and `always_invoice` gives the amount to pay now (the
unused Bas time credited, the rest of the period on Plus charged); its proration moment (the lines'
start, Stripe's own clock) is kept and sent with the update, so the charge is the amount shown. The
update carries an idempotency key: a double click charges once. The plan and its limits change when
Stripe's answer is stored (`payments.apply_view`).

Down: only when the register fits the smaller plan (objects and stored bytes, `shared/plan_limits`).
The customer paid for Plus, so they keep it to the renewal: a Stripe subscription schedule (the current
phase on the current price to the period's end, then the smaller price) switches the price at the
renewal itself, whatever the clock says, and the renewal invoice is at the smaller price. The schedule
is remembered on our row and cleared when Stripe's view shows the new plan (`rules.apply_subscription`);
taking the change back releases the schedule.

Refused: without a live subscription, on invoice terms (agreements are the admin's), when not paid up.
No transaction is open during a Stripe call (read and commit, call, store in a new unit of work).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import partial

import stripe
from sqlmodel import Session

from cleverstore.db import tenant_scope
from cleverstore.models import BillingAccount, Plan
from cleverstore.services.billing import payments, plans, rules
from cleverstore.services.shared import activity, plan_limits
from cleverstore.services.shared.errors import ValidationFailed

FIELD = "plan"
# A quote older than this (Stripe's clock, between preview and confirm) is previewed again.
QUOTE_SECONDS = 3600


@dataclass(frozen=True)
class UpgradeQuote:
    """What moving up costs now, as Stripe previewed it (incl. 25 % VAT)."""

    plan_code: str
    plan_name: str
    amount_ore: int
    proration_date: int  # Stripe's moment of the proration, sent again with the change
    period_end: date


@dataclass(frozen=True)
class DowngradeFit:
    """Whether the register fits the smaller plan, and what to remove when it does not."""

    plan_code: str
    plan_name: str
    objects: int
    max_objects: int | None
    stored_bytes: int
    max_stored_bytes: int | None
    renewal: date | None

    @property
    def objects_over(self) -> int:
        return max(0, self.objects - self.max_objects) if self.max_objects is not None else 0

    @property
    def bytes_over(self) -> int:
        return max(0, self.stored_bytes - self.max_stored_bytes) if self.max_stored_bytes is not None else 0

    @property
    def fits(self) -> bool:
        return not self.objects_over and not self.bytes_over


@dataclass(frozen=True)
class _Live:
    subscription_id: str
    seen: datetime | None
    current_code: str
    target: Plan


def _checked(db: Session, account_id: int, plan_code: str) -> tuple[BillingAccount, Plan, Plan | None]:
    """The row, the target plan and the current plan, or ValidationFailed saying why a change is refused."""
    row = rules.billing_row(db, account_id)
    if not rules.has_live_subscription(row):
        raise ValidationFailed({FIELD: "plan_change.error.no_subscription"})
    if row.collection_method == "send_invoice":
        raise ValidationFailed({FIELD: "plan_change.error.agreement"})
    if row.status not in rules.ACCESS_STATUSES or row.past_due_since is not None:
        raise ValidationFailed({FIELD: "plan_change.error.unpaid"})
    target = plans.buyable(db, str(plan_code)[:30])
    if target is None:
        raise ValidationFailed({FIELD: "error.plan_unknown"})
    if target.code == row.plan_code:
        raise ValidationFailed({FIELD: "plan_change.error.same_plan"})
    return row, target, plans.buyable(db, row.plan_code or "")


def _live(db: Session, account_id: int, plan_code: str, up: bool) -> _Live:
    row, target, current = _checked(db, account_id, plan_code)
    current_price = current.yearly_price_ore if current is not None else None
    if current_price is None or (target.yearly_price_ore > current_price) != up:
        raise ValidationFailed({FIELD: "plan_change.error.not_upgrade" if up else "plan_change.error.not_downgrade"})
    if not up and row.cancel_at is not None:
        raise ValidationFailed({FIELD: "plan_change.error.notice_given"})
    if up and row.plan_schedule_id:
        raise ValidationFailed({FIELD: "plan_change.error.take_back_first"})
    return _Live(row.subscription_id, row.synced_at, row.plan_code or "", target)


def _price_id(client: stripe.StripeClient, lookup_key: str) -> str:
    prices = client.v1.prices.list({"lookup_keys": [lookup_key], "active": True})
    if not prices["data"]:
        raise ValidationFailed({FIELD: "error.plan_unknown"})
    return prices["data"][0]["id"]


# --- up, now ---------------------------------------------------------------------------------------

def _preview_upgrade(client: stripe.StripeClient, live: _Live, proration_date: int | None = None):
    sub = client.v1.subscriptions.retrieve(live.subscription_id)
    item = sub["items"]["data"][0]
    price_id = _price_id(client, live.target.lookup_key)
    details: dict = {"items": [{"id": item["id"], "price": price_id}], "proration_behavior": "always_invoice"}
    if proration_date is not None:
        details["proration_date"] = proration_date
    preview = client.v1.invoices.create_preview({"subscription": live.subscription_id, "subscription_details": details})
    moment = min(line["period"]["start"] for line in preview["lines"]["data"])
    return sub, item, price_id, preview, moment


def upgrade_quote(client: stripe.StripeClient, account_id: int, plan_code: str) -> UpgradeQuote:
    """The amount to pay now for moving up to `plan_code`, from Stripe's preview."""
    with tenant_scope(account_id) as db:
        live = _live(db, account_id, plan_code, up=True)
    _sub, item, _price, preview, moment = _preview_upgrade(client, live)
    return UpgradeQuote(live.target.code, live.target.name, preview["total"], moment,
                        datetime.fromtimestamp(item["current_period_end"], timezone.utc).date())


def upgrade(client: stripe.StripeClient, account_id: int, plan_code: str, proration_date: int) -> str:
    """Move up now at the quoted proration moment; Stripe invoices and charges the difference at once.
    A quote older than an hour is refused (the page previews again). Returns the new plan's code."""
    with tenant_scope(account_id) as db:
        live = _live(db, account_id, plan_code, up=True)
    try:
        at = int(proration_date)
    except (TypeError, ValueError):
        raise ValidationFailed({FIELD: "plan_change.error.quote_expired"}) from None
    scope = partial(tenant_scope, account_id)
    sub, item, price_id, _preview, fresh = _preview_upgrade(client, live)
    if item["price"]["id"] == price_id:  # another tab made the change already: store Stripe's view, charge nothing
        payments.apply_view(client, scope, live.seen, payments.Fetched(rules.SubscriptionView.from_stripe(sub)))
        return live.target.code
    if not 0 <= fresh - at <= QUOTE_SECONDS or not item["current_period_start"] <= at < item["current_period_end"]:
        raise ValidationFailed({FIELD: "plan_change.error.quote_expired"})
    try:
        sub = client.v1.subscriptions.update(
            live.subscription_id,
            {"items": [{"id": item["id"], "price": price_id}], "proration_behavior": "always_invoice",
             "proration_date": at, "payment_behavior": "error_if_incomplete"},  # a refused card changes nothing
            # a double click sends the same request: Stripe answers the first one again and charges once
            {"idempotency_key": f"cleverstore-upgrade-{live.subscription_id}-{item['price']['id']}-{price_id}-{at}"})
    except stripe.CardError:
        raise ValidationFailed({FIELD: "plan_change.error.card_declined"}) from None
    detail = f"{live.current_code} → {live.target.code}"
    payments.apply_view(client, scope, live.seen, payments.Fetched(rules.SubscriptionView.from_stripe(sub)),
                        lambda db, _row: activity.record(db, account_id, "plan_upgraded", detail))
    return live.target.code


# --- down, at the renewal ------------------------------------------------------------------------------

def downgrade_fit(db: Session, account_id: int, plan_code: str) -> DowngradeFit:
    """The register against the smaller plan's limits (objects, stored bytes)."""
    target = plans.buyable(db, str(plan_code)[:30])
    if target is None:
        raise ValidationFailed({FIELD: "error.plan_unknown"})
    row = rules.billing_row(db, account_id)
    renewal = row.current_period_end.date() if row is not None and row.current_period_end else None
    return DowngradeFit(target.code, target.name, plan_limits.object_count(db, account_id), target.max_objects,
                        plan_limits.stored_bytes(db, account_id), target.max_stored_bytes, renewal)


def schedule_downgrade(client: stripe.StripeClient, account_id: int, plan_code: str) -> date | None:
    """Order the move down for the renewal (a Stripe subscription schedule); the day it happens.
    ValidationFailed("plan_change.error.too_big") when the register does not fit the smaller plan."""
    with tenant_scope(account_id) as db:
        live = _live(db, account_id, plan_code, up=False)
        row = rules.billing_row(db, account_id)
        if row.scheduled_plan_code == live.target.code:
            return row.current_period_end.date() if row.current_period_end else None
        if not downgrade_fit(db, account_id, live.target.code).fits:
            raise ValidationFailed({FIELD: "plan_change.error.too_big"})
    sub = client.v1.subscriptions.retrieve(live.subscription_id)
    item = sub["items"]["data"][0]
    new_price = _price_id(client, live.target.lookup_key)
    schedule_id = sub["schedule"] if isinstance(sub["schedule"], str) else None
    if schedule_id is None:
        try:
            schedule_id = client.v1.subscription_schedules.create({"from_subscription": live.subscription_id})["id"]
        except stripe.InvalidRequestError:  # a double click made it meanwhile: use that one
            schedule_id = client.v1.subscriptions.retrieve(live.subscription_id)["schedule"]
            if not schedule_id:
                raise
    current = client.v1.subscription_schedules.retrieve(schedule_id)["phases"][0]
    client.v1.subscription_schedules.update(schedule_id, {"end_behavior": "release", "proration_behavior": "none", "phases": [
        {"items": [{"price": item["price"]["id"], "quantity": 1}], "start_date": current["start_date"],
         "end_date": item["current_period_end"]},
        {"items": [{"price": new_price, "quantity": 1}], "iterations": 1, "proration_behavior": "none"},
    ]})
    on = datetime.fromtimestamp(item["current_period_end"], timezone.utc).date()
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        row.plan_schedule_id, row.scheduled_plan_code = schedule_id, live.target.code
        db.add(row)
        activity.record(db, account_id, "plan_downgrade_scheduled", f"{live.current_code} → {live.target.code} {on}")
    return on


def take_back_downgrade(client: stripe.StripeClient, account_id: int) -> None:
    """Keep the current plan after the renewal: the schedule is released."""
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if row is None or not row.plan_schedule_id:
            raise ValidationFailed({FIELD: "plan_change.error.nothing_waiting"})
        schedule_id = row.plan_schedule_id
    try:
        client.v1.subscription_schedules.release(schedule_id)
    except stripe.InvalidRequestError:  # already released (a second click, or the renewal came first)
        pass
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if row is not None and row.plan_schedule_id == schedule_id:
            row.plan_schedule_id = row.scheduled_plan_code = None
            db.add(row)
            activity.record(db, account_id, "plan_downgrade_withdrawn", "")
