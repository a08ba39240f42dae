"""The yearly renewal reminder and the lead time of a new price: both follow the three months' notice.

* A reminder goes to each subscriber once per period, `REMINDER_DAYS` before the renewal, while notice
  can still be given for it: the date, the amount that will be charged and how to give notice. Not
  after notice was given; customers on invoice terms (a written agreement) get it too, worded for it.
* A new yearly price applies only to a renewal the customer could still give notice for when told
  (more than three months after the notice e-mail). A subscriber whose renewal is nearer keeps the old
  price for it: `_move` in agreements.py leaves them and queues `queue_later_price_notice`; the
  reminder job moves them before the following renewal (`_price_to_move_to`).

The job (`send_due`, from `operations/jobs.run_all`) reads in one short unit of work, asks Stripe with
none open, and queues each mail in the unit of work that stores Stripe's answer (`payments.apply_view`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import stripe
from sqlmodel import Session, select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import Account, BillingAccount, BillingMailSent, Plan
from cleverstore.models.base import utcnow
from cleverstore.services.billing import mails, rules
from cleverstore.services.billing.payments import Fetched, apply_view
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.money import format_ore

log = logging.getLogger("cleverstore.billing")

REMINDER_DAYS = 100  # before the renewal: more than the three months' notice, so notice can still be given
YEAR_MONTHS = 12


def notice_still_possible(renewal: datetime | None, told_at: datetime) -> bool:
    """A customer told at `told_at` can still give notice so that the subscription ends at `renewal`."""
    return renewal is None or rules.add_months(rules._aware(told_at), rules.NOTICE_MONTHS) <= rules._aware(renewal)


def last_notice_day(renewal: datetime) -> datetime:
    """The last day to give notice so that the subscription ends at `renewal`: the day before the date three
    months earlier (notice given later on that very day would end it hours after the renewal)."""
    return rules.add_months(rules._aware(renewal), -rules.NOTICE_MONTHS) - timedelta(days=1)


def reminder_key(subscription_id: str, renewal: datetime) -> str:
    return f"{subscription_id}:{rules._aware(renewal).date().isoformat()}"


# -- the price's lead time ----------------------------------------------------------------------------

def queue_later_price_notice(db: Session, account_id: int, plan_name: str, old_ore: int | None, new_price,
                             renewal: datetime) -> bool:
    """Tell a subscriber whose renewal is too near that it keeps the old price and the new one applies
    from the renewal after. Once per price (a second publish run sends nothing)."""
    account = db.get(Account, account_id)
    if account is None or mails.already_sent(db, account_id, "price_change", new_price["id"]):
        return False
    lang = account.language
    queue_mail(db, to=account.email, subject=translate("mail.price_change.subject", lang, plan=plan_name),
               body=translate("mail.price_change.body_later", lang, name=account.name, plan=plan_name,
                              old=format_ore(old_ore or 0, lang), new=format_ore(new_price["unit_amount"], lang),
                              first=mails.day(renewal), date=mails.day(rules.add_months(renewal, YEAR_MONTHS)),
                              link=mails.billing_link()),
               kind="price_change", account_id=account_id)
    mails.remember(db, account_id, "price_change", new_price["id"])
    return True


def _price_to_move_to(client: stripe.StripeClient, due: "_Due", current_price, renewal: datetime):
    """The plan's newest price when this subscriber was told of it early enough for `renewal`; else None."""
    if not due.lookup_key:
        return None
    newest = client.v1.prices.list({"lookup_keys": [due.lookup_key], "active": True})["data"]
    if not newest or newest[0]["id"] == current_price["id"]:
        return None
    with tenant_scope(due.account_id) as db:
        told = db.exec(select(BillingMailSent.sent_at).where(
            BillingMailSent.account_id == due.account_id, BillingMailSent.kind == "price_change",
            BillingMailSent.key == newest[0]["id"])).first()
    return newest[0] if told is not None and notice_still_possible(renewal, told) else None


# -- the reminder -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Due:
    account_id: int
    subscription_id: str
    seen: datetime | None
    lookup_key: str | None
    plan_name: str


def due(db: Session, now: datetime) -> list[_Due]:
    """Subscribers renewing within `REMINDER_DAYS`, notice still possible and not given, not yet reminded."""
    renewing = BillingAccount.current_period_end
    rows = db.exec(select(BillingAccount).where(BillingAccount.subscription_id.is_not(None),
                                                BillingAccount.cancel_at.is_(None), renewing.is_not(None),
                                                renewing <= now + timedelta(days=REMINDER_DAYS),
                                                renewing > now)).all()
    plans = {p.code: p for p in db.exec(select(Plan)).all()}
    found = []
    for row in rows:
        if row.status not in rules.ACCESS_STATUSES or not notice_still_possible(row.current_period_end, now):
            continue
        if mails.already_sent(db, row.account_id, "renewal_reminder",
                              reminder_key(row.subscription_id, row.current_period_end)):
            continue
        plan = plans.get(row.plan_code or "")
        found.append(_Due(row.account_id, row.subscription_id, row.synced_at, plan.lookup_key if plan else None,
                          plan.name if plan else ""))
    return found


def send_due(now: datetime | None = None, client: stripe.StripeClient | None = None) -> int:
    """The daily job: remind every subscriber who is due; returns how many reminders were queued.
    Run it with no unit of work holding writes (it calls Stripe). A Stripe failure leaves that
    subscriber for the next run."""
    now = now or utcnow()
    with session_scope() as db:
        found = due(db, now)
    if not found:
        return 0
    client = client or stripe_client()
    sent = 0
    for subscriber in found:
        try:
            sent += _remind(client, subscriber, now)
        except stripe.StripeError:
            log.warning("renewal reminder for account %s waits for Stripe", subscriber.account_id)
    return sent


def _remind(client: stripe.StripeClient, due_: _Due, now: datetime) -> bool:
    sub = client.v1.subscriptions.retrieve(due_.subscription_id)
    view = rules.SubscriptionView.from_stripe(sub)
    item = sub["items"]["data"][0]
    price = item["price"]
    renewal = view.current_period_end
    if view.status in rules.ACCESS_STATUSES and view.cancel_at is None and notice_still_possible(renewal, now):
        newer = _price_to_move_to(client, due_, price, renewal)
        if newer is not None:  # announced early enough: this renewal is charged at the new price
            sub = client.v1.subscriptions.update(due_.subscription_id, {
                "items": [{"id": item["id"], "price": newer["id"]}], "proration_behavior": "none"})
            view, price = rules.SubscriptionView.from_stripe(sub), newer

    def remind(db: Session, row: BillingAccount | None) -> bool:
        if row is None or row.status not in rules.ACCESS_STATUSES or row.cancel_at is not None \
                or not notice_still_possible(renewal, now):
            return False  # the stored view says notice was given or the renewal is too near
        return queue_reminder(db, row, due_.plan_name, price["unit_amount"], renewal)

    return bool(apply_view(client, partial(tenant_scope, due_.account_id), due_.seen, Fetched(view), remind))


def queue_reminder(db: Session, row: BillingAccount, plan_name: str, amount_ore: int, renewal: datetime) -> bool:
    """The reminder: the renewal date, the amount, the last day for notice and the link to give it."""
    by_invoice = row.collection_method == "send_invoice"

    def values(lang: str) -> dict[str, str]:
        return {"plan": plan_name, "date": mails.day(renewal), "amount": format_ore(amount_ore, lang),
                "how": translate("mail.renewal_reminder.by_invoice" if by_invoice else "mail.renewal_reminder.by_card",
                                 lang),
                "last_day": mails.day(last_notice_day(renewal)), "link": mails.billing_link()}

    return mails.send_once(db, row.account_id, "renewal_reminder", reminder_key(row.subscription_id, renewal), values)
