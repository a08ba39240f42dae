"""Subscription rules (payment, lock on late payment, one subscription, notice, price adjustment) on our own records; nothing here talks to Stripe.

* who may use the register (status → access, with a configurable grace period),
* the cancellation date under the 3-month notice,
* the 10 % price-change rule,
* `apply_subscription`: the one idempotent step that stores Stripe's current view
  of a subscription; webhooks and the success page both end here.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.i18n import translate
from cleverstore.models import Account, BillingAccount
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import registers
from cleverstore.services.billing import plans
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.money import format_ore
from cleverstore.services.shared.timefmt import local_text

ACCESS_STATUSES = frozenset({"active", "trialing"})
# A subscription in one of these may still be paid or repaired: no second one may be started.
LIVE_STATUSES = frozenset({"active", "trialing", "past_due", "unpaid", "incomplete", "paused"})
NOTICE_MONTHS = 3
MAX_YEARLY_INCREASE = 0.10
CARD_WARNING_DAYS = 45


def grace_days() -> int:
    """Days a past_due subscription keeps the register open (CLEVERSTORE_BILLING_GRACE_DAYS, default 0)."""
    return get_settings().billing_grace_days


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def status_allows_access(status: str, past_due_since: datetime | None, now: datetime, grace: int) -> bool:
    """active/trialing open the register; past_due only inside the grace period; all else locks it."""
    if status in ACCESS_STATUSES:
        return True
    if status == "past_due" and grace > 0 and past_due_since is not None:
        return now < _aware(past_due_since) + timedelta(days=grace)
    return False


# read on every register event: built once
_BILLING_ROW = select(BillingAccount).where(BillingAccount.account_id == bindparam("account_id"))


def billing_row(db: Session, account_id: int) -> BillingAccount | None:
    return db.exec(_BILLING_ROW, params={"account_id": account_id}).first()


def register_open(db: Session, account_id: int, now: datetime | None = None, *, payer_id: int | None = None) -> bool:
    """Read fresh from the database on every call: a lock applies on the customer's next click.

    A SuperPro company register is open while its owner's subscription is. `payer_id`: the account that
    pays for it, when the caller already knows (a person's own register and their company registers are
    paid by that person): one read fewer on every event.
    """
    row = billing_row(db, payer_id if payer_id is not None else registers.owner_id_of(db, account_id))
    if row is None:
        return False
    return status_allows_access(row.status, row.past_due_since, now or utcnow(), grace_days())


def has_live_subscription(row: BillingAccount | None) -> bool:
    return row is not None and row.subscription_id is not None and row.status in LIVE_STATUSES


def is_locked(row: BillingAccount | None, open_: bool) -> bool:
    """Locked: the account had a subscription and the register is not open to it now (the billing
    page then explains the lock and how to pay)."""
    return row is not None and row.subscription_id is not None and not open_


# -- three months' notice ----------------------------------------------------------------

def add_months(moment: datetime, months: int) -> datetime:
    """Same day `months` later; the 31st becomes the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def cancellation_date(period_end: datetime, notice_at: datetime) -> datetime:
    """The later of the paid period's end and three months after the notice."""
    return max(_aware(period_end), add_months(_aware(notice_at), NOTICE_MONTHS))


# -- price adjustment: at most 10 % a year ------------------------------------------------------------------

def check_price_change(current_ore: int | None, new_ore: int, override: bool) -> None:
    """Refuse a non-positive price, or an increase over 10 % unless an admin explicitly overrides."""
    if new_ore <= 0:
        raise ValidationFailed({"price": "error.price_positive"})
    if current_ore and new_ore > current_ore * (1 + MAX_YEARLY_INCREASE) and not override:
        raise ValidationFailed({"price": "error.price_increase_over_limit"})


# -- a valid card: warning before it expires ---------------------------------------------------------------------------

def card_expires_soon(row: BillingAccount | None, today: date) -> bool:
    if row is None or not row.card_exp_year or not row.card_exp_month:
        return False
    last_day = date(row.card_exp_year, row.card_exp_month,
                    calendar.monthrange(row.card_exp_year, row.card_exp_month)[1])
    return last_day - today <= timedelta(days=CARD_WARNING_DAYS)


# -- applying Stripe's view ---------------------------------------------------------------------

@dataclass(frozen=True)
class SubscriptionView:
    """What we keep of a Stripe subscription (read from the basil+ paths)."""

    subscription_id: str
    customer_id: str
    status: str
    price_id: str | None
    lookup_key: str | None
    current_period_end: datetime | None
    cancel_at: datetime | None
    collection_method: str
    days_until_due: int | None
    default_payment_method: str | None
    started_at: datetime | None = None  # Stripe's start_date: the 14 days of withdrawal count from it
    agreed_plan: str | None = None  # an agreed price (no lookup key) names its plan in its metadata

    @classmethod
    def from_stripe(cls, sub: Any) -> "SubscriptionView":
        item = sub["items"]["data"][0] if sub["items"]["data"] else None
        price = item["price"] if item is not None else None
        pm = sub["default_payment_method"]
        return cls(
            subscription_id=sub["id"],
            customer_id=sub["customer"] if isinstance(sub["customer"], str) else sub["customer"]["id"],
            status=sub["status"],
            price_id=price["id"] if price is not None else None,
            lookup_key=price["lookup_key"] if price is not None else None,
            current_period_end=_from_ts(item["current_period_end"]) if item is not None else None,
            cancel_at=_from_ts(sub["cancel_at"]),
            collection_method=sub["collection_method"],
            days_until_due=sub["days_until_due"],
            default_payment_method=pm if isinstance(pm, str) or pm is None else pm["id"],
            started_at=_from_ts(sub["start_date"]),
            agreed_plan=_agreed_plan(price),
        )


def _agreed_plan(price: Any) -> str | None:
    """The plan an agreed price was made for (the metadata key `agreements.AGREED_PLAN_KEY`)."""
    metadata = price["metadata"] if price is not None and "metadata" in price else None
    return str(metadata["cleverstore_plan"]) if metadata and "cleverstore_plan" in metadata else None


def plan_of_view(db: Session, view: SubscriptionView):
    """The plan of the subscription's price: by its lookup key, or the agreed plan it names."""
    return plans.by_lookup_key(db, view.lookup_key) or (plans.by_code(db, view.agreed_plan)
                                                       if view.agreed_plan else None)


def _from_ts(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value, timezone.utc) if value else None


def already_applied(db: Session, row: BillingAccount, view: SubscriptionView) -> bool:
    """True when the row already holds this view (a webhook or the caller's own reply got there first)."""
    plan = plan_of_view(db, view)
    return (row.subscription_id == view.subscription_id and row.status == view.status
            and row.price_id == view.price_id and (plan is None or row.plan_code == plan.code)
            and _aware(row.current_period_end) == view.current_period_end and _aware(row.cancel_at) == view.cancel_at
            and row.collection_method == view.collection_method and row.days_until_due == view.days_until_due)


def apply_subscription(db: Session, row: BillingAccount, view: SubscriptionView, now: datetime | None = None) -> str:
    """Store the current state; returns the previous status. A view already stored changes nothing
    (not even `synced_at`, which therefore says when our copy last changed)."""
    now = now or utcnow()
    if already_applied(db, row, view):
        return row.status
    if row.subscription_id not in (None, view.subscription_id) and has_live_subscription(row) \
            and view.status not in LIVE_STATUSES:
        return row.status  # an old, ended subscription must not replace the live one
    previous = row.status
    plan = plan_of_view(db, view)
    row.subscription_id = view.subscription_id
    row.status = view.status
    row.price_id = view.price_id
    # an old price loses its lookup key when a new yearly price is published: the plan stays the same
    row.plan_code = plan.code if plan else row.plan_code
    if row.scheduled_plan_code and row.scheduled_plan_code == row.plan_code:  # the plan change at renewal is made
        row.plan_schedule_id = row.scheduled_plan_code = None
    row.current_period_end = view.current_period_end
    row.cancel_at = view.cancel_at
    row.collection_method = view.collection_method
    row.days_until_due = view.days_until_due
    row.started_at = view.started_at or row.started_at
    row.past_due_since = (row.past_due_since or now) if view.status == "past_due" else None
    row.synced_at = datetime.now(timezone.utc)  # to the microsecond: payments.apply_view reads it as a version
    db.add(row)
    _record_transition(db, row, previous, view.status)
    db.flush()
    return previous


def _record_transition(db: Session, row: BillingAccount, previous: str, status: str) -> None:
    if previous == status:
        return
    if status in ACCESS_STATUSES and previous not in ACCESS_STATUSES:
        activity.record(db, row.account_id, "subscription_paid", row.plan_code or "")
    elif status == "past_due":
        # the mail naming the invoice, its amount and next try goes with the webhook event (billing/mails.py)
        activity.record(db, row.account_id, "payment_failed", row.plan_code or "")
    elif status == "unpaid":  # every retry failed: the subscription waits, locked, for the invoice to be paid
        activity.record(db, row.account_id, "payment_unpaid", row.plan_code or "")
    elif status == "canceled":
        activity.record(db, row.account_id, "subscription_ended", row.plan_code or "")
        if previous in ("past_due", "unpaid"):  # ended after the last failed retry: say so, and how to start again
            _mail(db, row.account_id, "subscription_ended_unpaid", link=f"{get_settings().base_url}/billing")
    elif previous in ACCESS_STATUSES:  # paused, incomplete…: the register locks
        activity.record(db, row.account_id, "subscription_locked", status)


def _mail(db: Session, account_id: int, kind: str, **values: object) -> None:
    account = db.get(Account, account_id)
    if account is None:
        return
    lang = account.language
    queue_mail(db, to=account.email, subject=translate(f"mail.{kind}.subject", lang),
               body=translate(f"mail.{kind}.body", lang, name=account.name, **values), kind=kind,
               account_id=account_id)


def queue_price_notice(db: Session, account_id: int, plan_name: str, old_ore: int | None, new_ore: int,
                       effective: datetime | None) -> None:
    """Tell a subscriber about a new yearly price before it applies at their renewal."""
    account = db.get(Account, account_id)
    if account is None:
        return
    lang = account.language
    when = effective.date().isoformat() if effective else ""
    _mail(db, account_id, "price_change", plan=plan_name, old=format_ore(old_ore or 0, lang),
          new=format_ore(new_ore, lang), date=when)


# -- the customer's state in words (the admin's customer page and list) ------------------------------------------

def subscription_state(row: BillingAccount | None, suspended_at: datetime | None = None,
                       now: datetime | None = None) -> tuple[str, dict[str, str]]:
    """The real state, most serious first: a `billing.state.<key>` text key and its values.

    Suspension, a lock, late payment inside the grace days, notice given (with the end date), ended, active.
    """
    now = now or utcnow()

    def day(moment: datetime | None) -> str:
        return local_text(moment, date_only=True)

    if suspended_at is not None:
        return "suspended", {"since": day(suspended_at)}
    if row is None or not row.subscription_id:
        return "none", {}
    if row.status == "canceled":
        return "ended", {"date": day(row.cancel_at or row.current_period_end)}
    if row.status == "past_due":
        if status_allows_access(row.status, row.past_due_since, now, grace_days()):
            return "past_due", {"since": day(row.past_due_since),
                                "until": day(_aware(row.past_due_since) + timedelta(days=grace_days()))}
        return "locked_past_due", {"since": day(row.past_due_since or row.synced_at)}
    if row.status not in ACCESS_STATUSES:
        return "locked", {"status": row.status}
    if row.cancel_at is not None:
        return "notice_given", {"date": day(row.cancel_at)}
    return ("trialing" if row.status == "trialing" else "active"), {"date": day(row.current_period_end)}


def state_in_words(row: BillingAccount | None, suspended_at: datetime | None, lang: str,
                   now: datetime | None = None) -> str:
    """The one sentence the admin reads about a customer's subscription ("Uppsagt, upphör 2027-03-01")."""
    key, values = subscription_state(row, suspended_at, now)
    if key == "locked":
        values = {"status": translate(f"billing.status.{values['status']}", lang)}
    return translate(f"billing.state.{key}", lang, **values)
