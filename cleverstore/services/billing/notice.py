"""The notice's cost: when the subscription ends and what its last invoice will be, in Stripe's own figures.

Notice given less than three months before the renewal runs into the next period: Stripe renews at the
period's end and invoices the part up to the end date (`cancel_at`), prorated. The figure shown before
confirming and in the confirmation mail comes from Stripe's invoice preview with that `cancel_at`
(`POST /v1/invoices/create_preview`), so it is the amount Stripe charges. When the end is the paid
period's end there is no further invoice and Stripe is not asked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import stripe
from sqlmodel import Session

from cleverstore.config import get_settings
from cleverstore.db import tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import Account, BillingAccount
from cleverstore.models.base import utcnow
from cleverstore.services.billing import rules
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.money import format_ore


@dataclass(frozen=True)
class LastInvoice:
    """The invoice Stripe makes at the renewal for the stretch up to the end (incl. 25 % VAT)."""

    amount_ore: int
    period_start: date  # the day it is charged (the renewal)
    period_end: date


@dataclass(frozen=True)
class NoticeTerms:
    ends: datetime
    last_invoice: LastInvoice | None  # None: no further invoice (the end is the paid period's end)


def vat_part(amount_ore: int) -> int:
    """The VAT inside a price that includes 25 % VAT."""
    return round(amount_ore * 25 / 125)


def require_no_waiting_change(row: BillingAccount | None) -> None:
    """Stripe refuses to set an end on a subscription a schedule manages: the customer takes back the
    plan change waiting for the renewal first (then the figure shown is the one charged)."""
    if row is not None and row.plan_schedule_id:
        raise ValidationFailed({"cancel": "plan_change.error.take_back_first"})


def notice_terms(client: stripe.StripeClient, account_id: int, now: datetime | None = None) -> NoticeTerms:
    """What notice given now means: the end date and the last invoice. ValidationFailed without a live
    subscription."""
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if not rules.has_live_subscription(row) or row.current_period_end is None:
            raise ValidationFailed({"cancel": "error.no_subscription"})
        require_no_waiting_change(row)
        ends = rules.cancellation_date(row.current_period_end, now or utcnow())
        subscription_id, paid_until = row.subscription_id, row.current_period_end
    return NoticeTerms(ends, last_invoice(client, subscription_id, ends, paid_until))


def last_invoice(client: stripe.StripeClient, subscription_id: str, ends: datetime,
                 paid_until: datetime | None) -> LastInvoice | None:
    """Stripe's preview of the invoice a `cancel_at` of `ends` leads to; None when none follows."""
    if paid_until is None or ends <= _aware(paid_until):
        return None
    try:
        preview = client.v1.invoices.create_preview({
            "subscription": subscription_id,
            "subscription_details": {"cancel_at": int(ends.timestamp()), "proration_behavior": "none"}})
    except stripe.InvalidRequestError as error:
        if error.code == "invoice_upcoming_none":
            return None
        raise
    periods = [line["period"] for line in preview["lines"]["data"]]
    return LastInvoice(preview["total"], _day(min(p["start"] for p in periods)), _day(max(p["end"] for p in periods)))


def record_notice(db: Session, account_id: int, ends: datetime, last: LastInvoice | None) -> None:
    """The activity row and the confirmation mail, in the unit of work that stores Stripe's answer."""
    activity.record(db, account_id, "cancellation_requested", ends.date().isoformat())
    account = db.get(Account, account_id)
    if account is None:
        return
    lang = account.language
    values = {"name": account.name, "date": ends.date().isoformat(), "link": f"{get_settings().base_url}/billing"}
    if last is None:
        values["last_invoice"] = translate("mail.notice_confirmed.no_invoice", lang)
    else:
        values["last_invoice"] = translate(
            "mail.notice_confirmed.last_invoice", lang, amount=format_ore(last.amount_ore, lang),
            vat=format_ore(vat_part(last.amount_ore), lang), start=last.period_start.isoformat(),
            end=last.period_end.isoformat())
    queue_mail(db, to=account.email, subject=translate("mail.notice_confirmed.subject", lang, **values),
               body=translate("mail.notice_confirmed.body", lang, **values), kind="notice_confirmed",
               account_id=account_id)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _day(ts: int) -> date:
    return datetime.fromtimestamp(ts, timezone.utc).date()
