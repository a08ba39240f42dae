"""The 14-day right of withdrawal (distansavtalslagen) of a private customer who bought at a distance.

* At checkout a private customer agrees that the service starts at once (`checkout_consent`); without it
  the checkout is refused. The time is kept on the billing row and Stripe Checkout shows the same words.
* Within 14 days of the subscription's start (its first payment) the customer may withdraw: the first
  invoice's payment is refunded less the days used (`refund_for_days_used`), the subscription is
  canceled at once without proration, and the register locks as for any ended subscription (the
  status stored is Stripe's, through `payments.apply_view`).
* The right belongs to each purchase (each subscription bought at checkout), once: a renewal is no new
  purchase; a new subscription bought after a withdrawal is a new contract with its own 14 days.
  Companies (and their registers) have no such right, nor does a subscription on invoice terms (a
  written agreement).

`withdraw` follows payments.py: no unit of work is open while Stripe is called. The claim (a
`Withdrawal` row) is committed first and fixes the moment of the request, so a second click computes
the same refund and Stripe's idempotency key makes it one refund.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.db import tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import Account, AccountKind, BillingAccount, Withdrawal
from cleverstore.models.base import utcnow
from cleverstore.services.billing import payments, rules
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.money import format_ore
from cleverstore.services.shared.timefmt import STOCKHOLM

WITHDRAWAL_DAYS = 14
FIELD = "withdrawal"


def _day(moment: datetime) -> date:
    """The Swedish calendar day of a moment: the 14 days are counted in days as the customer lives them."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(STOCKHOLM).date()


def _from_ts(value: int) -> datetime:
    return datetime.fromtimestamp(value, timezone.utc)


# --- the consent at checkout --------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckoutConsent:
    """A private customer's agreement that the service starts at once, given at `at`."""

    at: datetime
    language: str


def checkout_consent(db: Session, account_id: int, given: bool | None,
                     now: datetime | None = None) -> CheckoutConsent | None:
    """None for a company (no right of withdrawal) or when the caller does not ask (`given` None);
    ValidationFailed for a private customer who has not ticked the box."""
    account = db.get(Account, account_id)
    if given is None or account is None or account.kind != AccountKind.PRIVATE.value:
        return None
    if not given:
        raise ValidationFailed({"consent": "billing.withdrawal_error.consent_required"})
    return CheckoutConsent(now or utcnow(), account.language)


def record_consent(account_id: int, consent: CheckoutConsent | None) -> None:
    """Keep the time of the consent on the billing row (made by `ensure_customer` just before)."""
    if consent is None:
        return
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if row is not None:
            row.service_consent_at = consent.at
            db.add(row)


def consent_metadata(consent: CheckoutConsent | None) -> dict[str, str]:
    """On the Checkout Session and the subscription (no time: a second click in the same minute must send
    the same parameters under the same idempotency key)."""
    return {"service_starts_at_once": "agreed"} if consent is not None else {}


def consent_text(consent: CheckoutConsent | None) -> dict:
    """Stripe Checkout shows the agreement above its pay button (`custom_text.submit.message`)."""
    if consent is None:
        return {}
    return {"custom_text": {"submit": {"message": translate("billing.withdrawal_checkout_text", consent.language)}}}


# --- the refund for the days used ---------------------------------------------------------------------

@dataclass(frozen=True)
class RefundForDaysUsed:
    paid_ore: int
    period_days: int  # days of the paid period
    days_used: int  # whole days since the start (the start day itself is day 0)
    used_ore: int
    refund_ore: int
    started: date
    last_day: date  # the last day the customer may withdraw


def refund_for_days_used(paid_ore: int, period_start: datetime, period_end: datetime,
                         at: datetime) -> RefundForDaysUsed:
    """The paid amount less the part for the days used, pro rata per day of the paid period, the used part
    rounded to whole öre (half up); never negative, never more than was paid."""
    started = _day(period_start)
    period_days = max(1, (_day(period_end) - started).days)
    days_used = min(period_days, max(0, (_day(at) - started).days))
    used = (2 * paid_ore * days_used + period_days) // (2 * period_days)
    refund = min(paid_ore, max(0, paid_ore - used))
    return RefundForDaysUsed(paid_ore, period_days, days_used, paid_ore - refund, refund, started,
                             started + timedelta(days=WITHDRAWAL_DAYS))


# --- who may withdraw ----------------------------------------------------------------------------------

def refusal(db: Session, account_id: int, now: datetime) -> str | None:
    """Why this customer may not withdraw now (an error key), or None. No Stripe call."""
    account = db.get(Account, account_id)
    if account is None or account.kind != AccountKind.PRIVATE.value:
        return "billing.withdrawal_error.company"
    row = rules.billing_row(db, account_id)
    claim = _claim_of(db, row.subscription_id) if row is not None and row.subscription_id else None
    if claim is not None and claim.completed_at is not None:
        return "billing.withdrawal_error.done"
    if not rules.has_live_subscription(row):
        return "billing.withdrawal_error.no_subscription"
    if row.collection_method == "send_invoice":
        return "billing.withdrawal_error.invoice_terms"
    moment = claim.requested_at if claim is not None else now
    if row.started_at is None or _day(moment) > _day(row.started_at) + timedelta(days=WITHDRAWAL_DAYS):
        return "billing.withdrawal_error.expired"
    return None


def _claim_of(db: Session, subscription_id: str | None) -> Withdrawal | None:
    return db.exec(select(Withdrawal).where(Withdrawal.subscription_id == subscription_id)).first()


# --- the first payment, from Stripe ---------------------------------------------------------------------

@dataclass(frozen=True)
class FirstPayment:
    """The subscription's first invoice as paid: what a withdrawal refunds."""

    invoice_id: str
    paid_ore: int
    period_start: datetime
    period_end: datetime
    payment_intent: str | None
    charge: str | None


def first_payment(client: stripe.StripeClient, subscription_id: str) -> FirstPayment:
    """The invoice that started the subscription and its payment. In our API version an invoice no longer
    names its PaymentIntent: its payments are listed at /v1/invoice_payments."""
    paid = client.v1.invoices.list({"subscription": subscription_id, "status": "paid", "limit": 100})["data"]
    first = [i for i in paid if i["billing_reason"] == "subscription_create"]
    if not first:
        raise NotFound()
    invoice = min(first, key=lambda i: i["created"])
    period = invoice["lines"]["data"][0]["period"]
    payments = client.v1.invoice_payments.list({"invoice": invoice["id"], "status": "paid"})["data"]
    payment = payments[0]["payment"] if payments else None
    if payment is None:
        raise NotFound()
    intent = payment["payment_intent"] if "payment_intent" in payment else None
    charge = payment["charge"] if "charge" in payment else None
    return FirstPayment(invoice["id"], invoice["amount_paid"], _from_ts(period["start"]), _from_ts(period["end"]),
                        _id_of(intent), _id_of(charge))


def _id_of(value) -> str | None:
    return value if value is None or isinstance(value, str) else value["id"]


@dataclass(frozen=True)
class WithdrawalOffer:
    """What the billing page shows within the 14 days: the refund, explained."""

    refund: RefundForDaysUsed


def offer(client: stripe.StripeClient, account_id: int, now: datetime | None = None) -> WithdrawalOffer | None:
    """The refund the customer would get if they withdrew now; None when they may not. Stripe is asked
    only within the 14 days (for the amount actually paid)."""
    now = now or utcnow()
    with tenant_scope(account_id) as db:
        if refusal(db, account_id, now) is not None:
            return None
        subscription_id = rules.billing_row(db, account_id).subscription_id
    try:
        paid = first_payment(client, subscription_id)
    except NotFound:
        return None
    return WithdrawalOffer(refund_for_days_used(paid.paid_ore, paid.period_start, paid.period_end, now))


# --- withdrawing -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WithdrawalDone:
    refund_ore: int
    refund_id: str | None


def withdraw(client: stripe.StripeClient, account_id: int, now: datetime | None = None) -> WithdrawalDone:
    """Refund the first payment less the days used, cancel the subscription at once, store Stripe's view
    (the register locks), confirm by mail. ValidationFailed when the customer may not withdraw."""
    claim = _claim(account_id, now or utcnow())
    try:
        paid = first_payment(client, claim.subscription_id)
    except NotFound:  # no paid first invoice: nothing to refund (the claim waits, unfinished)
        raise ValidationFailed({FIELD: "billing.withdrawal_error.no_subscription"}) from None
    refund = refund_for_days_used(paid.paid_ore, paid.period_start, paid.period_end, claim.requested_at)
    refund_id = None
    if refund.refund_ore > 0:
        target = {"payment_intent": paid.payment_intent} if paid.payment_intent else {"charge": paid.charge}
        made = client.v1.refunds.create(
            {**target, "amount": refund.refund_ore, "reason": "requested_by_customer",
             "metadata": {"account_id": str(account_id), "subscription_id": claim.subscription_id,
                          "withdrawal": "distansavtalslagen"}},
            {"idempotency_key": f"cleverstore-withdrawal-refund-{claim.subscription_id}"})
        refund_id = made["id"]
    ended = _cancel_now(client, claim.subscription_id)
    payments.apply_view(client, partial(tenant_scope, account_id), claim.seen,
                        payments.Fetched(rules.SubscriptionView.from_stripe(ended)),
                        partial(_complete, account_id=account_id, subscription_id=claim.subscription_id,
                                refund=refund, refund_id=refund_id))
    return WithdrawalDone(refund.refund_ore, refund_id)


@dataclass(frozen=True)
class _Claimed:
    subscription_id: str
    requested_at: datetime
    seen: datetime | None


def _claim(account_id: int, now: datetime) -> _Claimed:
    """Check the right and claim the withdrawal (committed before Stripe is asked); a claim already made
    and not finished is taken up again with its own moment."""
    for attempt in range(2):
        try:
            with tenant_scope(account_id) as db:
                reason = refusal(db, account_id, now)
                if reason is not None:
                    raise ValidationFailed({FIELD: reason})
                row = rules.billing_row(db, account_id)
                claim = _claim_of(db, row.subscription_id)
                if claim is None:
                    claim = Withdrawal(account_id=account_id, subscription_id=row.subscription_id, requested_at=now)
                    db.add(claim)
                    db.flush()
                return _Claimed(row.subscription_id, claim.requested_at, row.synced_at)
        except IntegrityError:  # the other click claimed it between our read and our insert
            if attempt:
                raise
    raise AssertionError("unreachable")


def _cancel_now(client: stripe.StripeClient, subscription_id: str):
    """Cancel at once without proration. Stripe answers 404 for one already canceled (the other click)."""
    try:
        return client.v1.subscriptions.cancel(subscription_id, {
            "invoice_now": False, "prorate": False, "cancellation_details": {"comment": "Ångerrätt (14 dagar)"}})
    except stripe.InvalidRequestError:
        ended = client.v1.subscriptions.retrieve(subscription_id)
        if ended["status"] != "canceled":
            raise
        return ended


def _complete(db: Session, _row: BillingAccount | None, *, account_id: int, subscription_id: str,
              refund: RefundForDaysUsed, refund_id: str | None) -> None:
    """Once per purchase (the claim's row lock orders two clicks): the record, the activity, the mail."""
    claim = db.exec(select(Withdrawal).where(Withdrawal.subscription_id == subscription_id)
                    .with_for_update()).first()
    if claim is None or claim.completed_at is not None:
        return
    claim.refund_id, claim.refund_ore, claim.completed_at = refund_id, refund.refund_ore, utcnow()
    db.add(claim)
    activity.record(db, account_id, "purchase_withdrawn", format_ore(refund.refund_ore))
    _mail(db, account_id, refund, claim.completed_at)


def _mail(db: Session, account_id: int, refund: RefundForDaysUsed, at: datetime) -> None:
    account = db.get(Account, account_id)
    if account is None:
        return
    lang = account.language
    queue_mail(db, to=account.email, subject=translate("mail.withdrawal.subject", lang),
               body=translate("mail.withdrawal.body", lang, name=account.name,
                              refund=format_ore(refund.refund_ore, lang),
                              vat=format_ore((refund.refund_ore + 2) // 5, lang),  # 25/125
                              paid=format_ore(refund.paid_ore, lang), used=format_ore(refund.used_ore, lang),
                              days=refund.days_used, period_days=refund.period_days,
                              started=refund.started.isoformat(), date=_day(at).isoformat(),
                              link=get_settings().base_url + "/billing"),
               kind="withdrawal", account_id=account_id)
