"""The billing e-mails a customer can act on: a receipt after each paid invoice, and a notice of each
failed payment with the amount, the next try and links straight to pay.

Each is queued in the unit of work that stores its cause (the webhook event, see `payments._record_event`)
and goes once: `BillingMailSent` remembers it (an invoice for a receipt, an invoice and its try for a
failed payment), so a webhook delivered twice, or two events about the same failure, mail once. The
invoice a mail is about comes from the event; for a subscription event it is asked from Stripe before
the unit of work opens (`invoice_for_event`), never inside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import stripe
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.i18n import translate
from cleverstore.models import Account, BillingAccount, BillingMailSent
from cleverstore.models.base import utcnow
from cleverstore.services.billing import rules
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.money import format_ore
from cleverstore.services.shared.timefmt import STOCKHOLM, local_text

# A subscription in one of these owes an invoice: an open invoice is then a failed (or late) payment.
OWING = frozenset({"past_due", "unpaid"})
INVOICE_MAIL_EVENTS = frozenset({"invoice.paid", "invoice.payment_failed"})


def vat_part(amount_ore: int) -> int:
    """The 25 % VAT inside a price that includes it: amount × 25/125, to the öre."""
    return round(amount_ore * 25 / 125)


def _field(obj, key: str, default=None):
    """A field of a Stripe object or a plain dict; missing or None gives `default`."""
    try:
        value = obj[key]
    except (KeyError, TypeError):
        return default
    return default if value is None else value


def _moment(ts: int | None) -> datetime | None:
    return datetime.fromtimestamp(ts, timezone.utc) if ts else None


@dataclass(frozen=True)
class InvoiceFacts:
    """What a billing mail (and the locked page) says about an invoice. The period is the invoice lines'
    (the invoice's own `period_start`/`period_end` are the previous period for a renewal)."""

    invoice_id: str
    number: str
    status: str
    amount_due: int
    amount_paid: int
    attempt_count: int
    period_start: datetime | None
    period_end: datetime | None
    next_attempt: datetime | None
    paid_at: datetime | None
    hosted_url: str
    pdf_url: str
    due_date: datetime | None = None  # an invoice sent for payment (invoice terms): the day it was due
    by_invoice: bool = False  # sent for payment by the customer, not charged to a card

    @classmethod
    def from_stripe(cls, invoice) -> "InvoiceFacts":
        lines = _field(_field(invoice, "lines", {}), "data", [])
        periods = [_field(line, "period", {}) for line in lines]
        starts = [_field(p, "start") for p in periods if _field(p, "start")]
        ends = [_field(p, "end") for p in periods if _field(p, "end")]
        transitions = _field(invoice, "status_transitions", {})
        return cls(
            invoice_id=_field(invoice, "id", ""), number=_field(invoice, "number", ""),
            status=_field(invoice, "status", ""), amount_due=int(_field(invoice, "amount_due", 0)),
            amount_paid=int(_field(invoice, "amount_paid", 0)), attempt_count=int(_field(invoice, "attempt_count", 0)),
            period_start=_moment(min(starts) if starts else _field(invoice, "period_start")),
            period_end=_moment(max(ends) if ends else _field(invoice, "period_end")),
            next_attempt=_moment(_field(invoice, "next_payment_attempt")),
            paid_at=_moment(_field(transitions, "paid_at")),
            hosted_url=_field(invoice, "hosted_invoice_url", ""), pdf_url=_field(invoice, "invoice_pdf", ""),
            due_date=_moment(_field(invoice, "due_date")),
            by_invoice=_field(invoice, "collection_method") == "send_invoice",
        )


def invoice_for_event(client: stripe.StripeClient, event, view: rules.SubscriptionView) -> InvoiceFacts | None:
    """The invoice a billing mail about this event would name. An invoice event carries it; while the
    subscription owes money, any other event asks Stripe for its latest invoice (call this with no
    unit of work open)."""
    if event["type"] in INVOICE_MAIL_EVENTS:
        return InvoiceFacts.from_stripe(event["data"]["object"])
    if view.status not in OWING:
        return None
    latest = _field(client.v1.subscriptions.retrieve(view.subscription_id, {"expand": ["latest_invoice"]}),
                    "latest_invoice")
    if latest is None or isinstance(latest, str) or _field(latest, "status") != "open":
        return None
    return InvoiceFacts.from_stripe(latest)


def after_event(db: Session, row: BillingAccount | None, event_type: str, invoice: InvoiceFacts | None) -> None:
    """Queue what the stored event calls for: a receipt for a paid invoice, a notice for an open
    invoice of a subscription that owes (past due or unpaid)."""
    if row is None or invoice is None:
        return
    if event_type == "invoice.paid" and invoice.status == "paid" and invoice.amount_paid > 0:
        queue_receipt(db, row.account_id, invoice)
    elif row.status in OWING and invoice.status == "open" and invoice.amount_due > 0:
        queue_payment_failed(db, row.account_id, invoice)


# -- once only ---------------------------------------------------------------------------------------

def already_sent(db: Session, account_id: int, kind: str, key: str) -> bool:
    return db.exec(select(BillingMailSent.id).where(BillingMailSent.account_id == account_id,
                                                    BillingMailSent.kind == kind,
                                                    BillingMailSent.key == key[:200])).first() is not None


def remember(db: Session, account_id: int, kind: str, key: str) -> None:
    """Note that the mail went (the caller holds the customer's billing row lock, so no twin races it)."""
    db.add(BillingMailSent(account_id=account_id, kind=kind, key=key[:200], sent_at=utcnow()))
    db.flush()


def send_once(db: Session, account_id: int, kind: str, key: str, values_for) -> bool:
    """Queue mail `kind` unless it went already for `key`; `values_for(lang)` gives the body's values."""
    account = db.get(Account, account_id)
    if account is None or already_sent(db, account_id, kind, key):
        return False
    lang = account.language
    values = values_for(lang)
    queue_mail(db, to=account.email, subject=translate(f"mail.{kind}.subject", lang, **values),
               body=translate(f"mail.{kind}.body", lang, name=account.name, **values), kind=kind,
               account_id=account_id)
    remember(db, account_id, kind, key)
    return True


def day(moment: datetime | None) -> str:
    """A date as the mails write it (Swedish time): 2027-12-07."""
    return local_text(moment, date_only=True)


def local_date(moment: datetime | None) -> date | None:
    """The Swedish calendar day of a moment (pages format it themselves)."""
    return moment.astimezone(STOCKHOLM).date() if moment else None


def billing_link() -> str:
    return f"{get_settings().base_url}/billing"


# -- the mails --------------------------------------------------------------------------------------

def queue_receipt(db: Session, account_id: int, invoice: InvoiceFacts) -> bool:
    """The receipt: amount, its VAT part, the period paid for, the invoice number, PDF and web links."""
    def values(lang: str) -> dict[str, str]:
        return {"number": invoice.number, "amount": format_ore(invoice.amount_paid, lang),
                "vat": format_ore(vat_part(invoice.amount_paid), lang), "start": day(invoice.period_start),
                "end": day(invoice.period_end), "paid": day(invoice.paid_at or utcnow()),
                "pdf": invoice.pdf_url, "hosted": invoice.hosted_url}

    return send_once(db, account_id, "payment_receipt", invoice.invoice_id, values)


def queue_payment_failed(db: Session, account_id: int, invoice: InvoiceFacts) -> bool:
    """One notice per failed try (or per late invoice): the amount, the period, whether the register is
    locked, the next try if Stripe plans one, and links to pay the invoice and to /billing."""
    open_ = rules.register_open(db, account_id)
    row = rules.billing_row(db, account_id)
    until = None
    if open_ and row is not None and row.past_due_since is not None:
        since = row.past_due_since
        until = (since if since.tzinfo else since.replace(tzinfo=timezone.utc)) + timedelta(days=rules.grace_days())

    def values(lang: str) -> dict[str, str]:
        state = (translate("mail.payment_failed.open_until", lang, date=day(until)) if open_ and until
                 else translate("mail.payment_failed.locked", lang))
        if invoice.by_invoice:  # invoice terms: nothing is charged, the invoice was due on a day
            retry = translate("mail.payment_failed.overdue", lang, date=day(invoice.due_date))
        elif invoice.next_attempt:
            retry = translate("mail.payment_failed.next_try", lang, date=day(invoice.next_attempt))
        else:
            retry = translate("mail.payment_failed.no_next_try", lang)
        return {"number": invoice.number, "amount": format_ore(invoice.amount_due, lang),
                "start": day(invoice.period_start), "end": day(invoice.period_end), "state": state,
                "retry": retry, "pay_link": invoice.hosted_url or billing_link(), "billing_link": billing_link()}

    return send_once(db, account_id, "payment_failed", f"{invoice.invoice_id}:{invoice.attempt_count}", values)
