"""The three months' notice costs what it says: the page's figure is Stripe's preview, the mail says the
same, and the invoice Stripe makes at the renewal is that amount (against the emulator)."""
from datetime import timedelta

import pytest
import stripe
from sqlmodel import select

from cleverstore.models import OutgoingMail
from cleverstore.services.billing import notice, payments, rules
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.money import format_ore
from stripe_emulator.store import DAY_SECONDS, YEAR_SECONDS
from tests.billing.test_payments import _deliver, _done
from tests.helpers.factories import make_account
from tests.helpers.stripe_emulator import client_for, emulator, pay_checkout  # noqa: F401

BASE = "http://127.0.0.1:3000"


def _subscribed(db, emulator, plan="bas"):
    account = make_account(db, subscribed=False)
    _done(db)
    url = payments.start_checkout(stripe_client(), account.id, plan, BASE)
    _deliver(db, pay_checkout(emulator, url))
    return account


def _move_emulator_to(emulator, moment_ts: int) -> None:
    store = emulator.store
    store.offset += max(0, moment_ts - store.now())


def _mails(db, account):
    return db.exec(select(OutgoingMail).where(OutgoingMail.account_id == account.id,
                                              OutgoingMail.kind == "notice_confirmed")).all()


def test_late_notice_shows_and_mails_the_last_invoice_stripe_then_charges(db, emulator):
    account = _subscribed(db, emulator)
    row = rules.billing_row(db, account.id)
    period_end = row.current_period_end.replace(tzinfo=None)
    notice_at = row.current_period_end - timedelta(days=65)  # under three months before the renewal
    _move_emulator_to(emulator, int(notice_at.timestamp()))

    terms = notice.notice_terms(stripe_client(), account.id, now=notice_at)
    assert terms.ends == rules.add_months(notice_at, 3)
    last = terms.last_invoice
    seconds = int(terms.ends.timestamp()) - int(row.current_period_end.timestamp())
    assert last.amount_ore == round(49_500 * seconds / YEAR_SECONDS)
    assert 0 < last.amount_ore < 49_500
    assert (last.period_start, last.period_end) == (period_end.date(), terms.ends.date())

    ends = _done(db, payments.request_cancellation(stripe_client(), account.id, now=notice_at))
    assert ends == terms.ends
    [mail] = _mails(db, account)
    assert ends.date().isoformat() in mail.subject
    for text in (ends.date().isoformat(), format_ore(last.amount_ore), format_ore(round(last.amount_ore / 5)),
                 f"{period_end.date().isoformat()}–{ends.date().isoformat()}", "/billing"):
        assert text in mail.body, text

    before = len(emulator.events)
    emulator.emit(emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, emulator.events[before:])
    renewal = [i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_cycle"]
    assert [i["amount"] for i in renewal] == [last.amount_ore]  # the previewed figure is the one charged
    listed = payments.invoices(stripe_client(), account.id)
    assert listed[0].amount_ore == last.amount_ore and listed[0].status == "paid"
    assert rules.billing_row(db, account.id).status == "active"  # runs on to the end date


def test_notice_ending_with_the_paid_period_has_no_further_invoice(db, emulator):
    account = _subscribed(db, emulator, "plus")
    terms = notice.notice_terms(stripe_client(), account.id)
    assert terms.last_invoice is None
    assert terms.ends.date() == rules.billing_row(db, account.id).current_period_end.date()
    _done(db, payments.request_cancellation(stripe_client(), account.id))
    [mail] = _mails(db, account)
    assert "ingen fler faktura" in mail.body
    assert terms.ends.date().isoformat() in mail.body


def test_the_emulator_preview_of_a_tail_equals_its_renewal_invoice(db, emulator):
    account = _subscribed(db, emulator)
    row = rules.billing_row(db, account.id)
    client = client_for(emulator)
    period_end = int(row.current_period_end.timestamp())
    cancel_at = period_end + 73 * DAY_SECONDS
    preview = client.v1.invoices.create_preview({"subscription": row.subscription_id, "subscription_details": {
        "cancel_at": cancel_at, "proration_behavior": "none"}})
    assert preview["id"].startswith("upcoming_in_") and preview["status"] == "draft"
    period = preview["lines"]["data"][0]["period"]
    assert preview["total"] == 9_900 and (period["start"], period["end"]) == (period_end, cancel_at)
    with pytest.raises(stripe.InvalidRequestError) as none:
        client.v1.invoices.create_preview({"subscription": row.subscription_id,
                                           "subscription_details": {"cancel_at": period_end}})
    assert none.value.code == "invoice_upcoming_none"
    assert len(emulator.store.invoices) == 1  # previews are never stored


def test_notice_without_a_subscription_is_refused(db, emulator):
    account = _done(db, make_account(db, subscribed=False))
    with pytest.raises(ValidationFailed) as refused:
        notice.notice_terms(stripe_client(), account.id)
    assert refused.value.errors == {"cancel": "error.no_subscription"}
