"""Billing mail a customer can act on, through the real stripe-python client against the emulator: a
receipt after each paid invoice (once), a notice of each failed try (the amount, the next try, links to
pay), the end after the last retry; the emulator's hosted invoice page leads back to the app."""
import asyncio
import urllib.request
from datetime import datetime, timezone

from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.models import ActivityEvent, OutgoingMail
from cleverstore.services.billing import mails, payments, rules
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.timefmt import local_text
from stripe_emulator.store import DAY_SECONDS, SMART_RETRY_DAYS
from cleverstore.state.billing import BillingState
from cleverstore.state.billing_lock import BillingLockState
from tests.billing.test_payments import _deliver, _done
from tests.helpers.factories import make_account, signed_in_token, state_for
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401

BASE = "http://127.0.0.1:3000"
FAILS_LATER = "4000000000000341"
NBSP = "\u00a0"


def _subscribe(db, emulator, account, card="4242424242424242"):
    _done(db)
    url = _done(db, payments.start_checkout(stripe_client(), account.id, "bas", BASE))
    return _deliver(db, pay_checkout(emulator, url, card))


def _emit(emulator, events) -> list[dict]:
    before = len(emulator.events)
    emulator.emit(events)
    return emulator.events[before:]


def _mails(db, account, kind):
    return db.exec(select(OutgoingMail).where(OutgoingMail.account_id == account.id, OutgoingMail.kind == kind)
                   .order_by(OutgoingMail.id)).all()


def _day(ts: int) -> str:
    return local_text(datetime.fromtimestamp(ts, timezone.utc), date_only=True)


def _english(db, account):
    account.language = "en"
    db.add(account)
    return _done(db, account)


def test_vat_is_a_fifth_of_a_price_that_includes_25_percent():
    assert mails.vat_part(49_500) == 9_900 and mails.vat_part(89_500) == 17_900 and mails.vat_part(1) == 0


def test_a_paid_invoice_is_receipted_once_with_amount_vat_period_and_links(db, emulator):
    account = make_account(db, subscribed=False)
    _subscribe(db, emulator, account)
    invoice = next(iter(emulator.store.invoices.values()))
    paid = [e for e in emulator.events if e["type"] == "invoice.paid"]
    assert _deliver(db, paid) == [False]  # the same event again: a replay
    receipt, = _mails(db, account, "payment_receipt")
    assert receipt.subject == "Kvitto från CleverStore: faktura CS-00001"
    body = receipt.body
    assert f"Belopp: 495,00{NBSP}kr" in body and f"varav moms 25 %: 99,00{NBSP}kr" in body
    assert f"Period: {_day(invoice['period_start'])}–{_day(invoice['period_end'])}" in body
    assert invoice["period_end"] - invoice["period_start"] == 365 * DAY_SECONDS
    assert f"{emulator.url}/invoice/{invoice['id']}/pdf" in body and f"{emulator.url}/invoice/{invoice['id']}\n" in body
    assert receipt.to_address == account.email and "Hej Kund" in body


def test_a_receipt_in_english_and_once_even_when_two_events_name_the_same_invoice(db, emulator):
    account = _english(db, make_account(db, subscribed=False))
    _subscribe(db, emulator, account)
    invoice = next(iter(emulator.store.invoices.values()))
    again = dict(next(e for e in emulator.events if e["type"] == "invoice.paid"), id="evt_other_delivery")
    assert _deliver(db, [again]) == [True]
    receipt, = _mails(db, account, "payment_receipt")
    assert receipt.subject == "Receipt from CleverStore: invoice CS-00001"
    assert "Amount: SEK 495.00" in receipt.body and "of which VAT 25 %: SEK 99.00" in receipt.body
    assert f"Period: {_day(invoice['period_start'])}–{_day(invoice['period_end'])}" in receipt.body


def test_each_failed_try_is_told_with_amount_next_try_and_links_then_paying_sends_a_receipt(db, emulator):
    account = make_account(db, subscribed=False)
    _subscribe(db, emulator, account, card=FAILS_LATER)
    renewal = _emit(emulator, emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, list(reversed(renewal)))  # the subscription's news first: its latest invoice is asked for
    invoice = next(i for i in emulator.store.invoices.values() if i["status"] == "open")
    first_failure = invoice["_first_failure"]
    failed, = _mails(db, account, "payment_failed")
    body = failed.body
    assert f"Betalningen på 495,00{NBSP}kr för perioden {_day(invoice['period_start'])}–" \
           f"{_day(invoice['period_end'])} (faktura {invoice['number']}) gick inte igenom." in body
    assert "Registret är låst tills fakturan är betald." in body
    assert f"igen {_day(first_failure + SMART_RETRY_DAYS[0] * DAY_SECONDS)}." in body
    assert f"{emulator.url}/invoice/{invoice['id']}\n" in body
    assert f"{get_settings().base_url}/billing" in body
    assert "Perioden löper" not in body
    # the next try fails too: one more notice, naming the try after it
    _deliver(db, _emit(emulator, emulator.store.advance(first_failure + DAY_SECONDS - emulator.store.now())))
    assert len(_mails(db, account, "payment_failed")) == 2
    assert f"igen {_day(first_failure + SMART_RETRY_DAYS[1] * DAY_SECONDS)}." in _mails(db, account,
                                                                                         "payment_failed")[1].body
    # paid on the hosted page: the register opens and the renewal is receipted
    _deliver(db, _emit(emulator, emulator.store.pay_invoice_with_card(invoice["id"], "4242424242424242")))
    assert rules.register_open(db, account.id)
    receipts = _mails(db, account, "payment_receipt")
    assert len(receipts) == 2 and invoice["number"] in receipts[1].subject
    assert len(_mails(db, account, "payment_failed")) == 2


def test_a_failed_payment_in_english_told_from_the_subscription_event_alone(db, emulator):
    account = _english(db, make_account(db, subscribed=False))
    _subscribe(db, emulator, account, card=FAILS_LATER)
    renewal = _emit(emulator, emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, [e for e in renewal if e["type"] == "customer.subscription.updated"])
    invoice = next(i for i in emulator.store.invoices.values() if i["status"] == "open")
    failed, = _mails(db, account, "payment_failed")
    assert failed.subject == "Your CleverStore payment did not go through"
    assert f"The payment of SEK 495.00 for the period {_day(invoice['period_start'])}" in failed.body
    assert "Your register is locked until the invoice is paid." in failed.body
    assert f"on {_day(invoice['next_payment_attempt'])}." in failed.body
    _deliver(db, renewal)  # the invoice's own events change nothing more
    assert len(_mails(db, account, "payment_failed")) == 1


def test_after_the_last_try_the_end_is_told_with_a_way_to_start_again(db, emulator):
    account = make_account(db, subscribed=False)
    _subscribe(db, emulator, account, card=FAILS_LATER)
    _deliver(db, _emit(emulator, emulator.store.advance(emulator.store.seconds_to_next_renewal())))
    _deliver(db, _emit(emulator, emulator.store.advance(15 * DAY_SECONDS)))
    assert rules.billing_row(db, account.id).status == "canceled"
    ended, = _mails(db, account, "subscription_ended_unpaid")
    assert "har upphört" in ended.body and f"{get_settings().base_url}/billing" in ended.body
    # no notice for a try after which the subscription ended: the last notices named their next try
    assert all("inga fler" not in m.body for m in _mails(db, account, "payment_failed"))


def test_unpaid_after_the_last_try_is_recorded_and_told_that_no_more_tries_come(db, emulator):
    emulator.store.after_retries = "unpaid"
    account = make_account(db, subscribed=False)
    _subscribe(db, emulator, account, card=FAILS_LATER)
    _deliver(db, _emit(emulator, emulator.store.advance(emulator.store.seconds_to_next_renewal())))
    _deliver(db, _emit(emulator, emulator.store.advance(15 * DAY_SECONDS)))
    assert rules.billing_row(db, account.id).status == "unpaid"
    kinds = [e.kind for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == account.id)).all()]
    assert kinds.count("payment_failed") == 1 and kinds.count("payment_unpaid") == 1
    notices = _mails(db, account, "payment_failed")
    assert len(notices) == len(SMART_RETRY_DAYS) + 1  # the first try and each retry
    assert "Vi gör inga fler automatiska försök att dra beloppet." in notices[-1].body


def test_the_hosted_invoice_page_leads_back_to_the_customers_billing_page(db, emulator):
    account = make_account(db, subscribed=False)
    _subscribe(db, emulator, account)
    invoice = next(iter(emulator.store.invoices.values()))
    with urllib.request.urlopen(f"{emulator.url}/invoice/{invoice['id']}", timeout=10) as page:
        text = page.read().decode()
    assert f"href='{BASE}/billing'" in text and "Return to CleverStore" in text


def test_the_locked_page_names_the_failed_period_the_amount_and_pay_now_then_the_end(db, emulator):
    account = make_account(db, subscribed=False)
    token = signed_in_token(db, account)
    _subscribe(db, emulator, account, card=FAILS_LATER)
    _deliver(db, _emit(emulator, emulator.store.advance(emulator.store.seconds_to_next_renewal())))
    invoice = next(i for i in emulator.store.invoices.values() if i["status"] == "open")
    page = state_for(BillingState, token=token)
    asyncio.run(page.on_load())
    assert page.locked and page.subscribed and page.period_end == ""  # no "Perioden löper till" beside it
    lock = state_for(BillingLockState, token=token)
    asyncio.run(lock.load())
    assert lock.text == (f"Betalningen för perioden {_day(invoice['period_start'])}–{_day(invoice['period_end'])} "
                         "misslyckades. Registret är låst tills fakturan är betald.")
    assert lock.amount == f"Att betala: 495,00{NBSP}kr" and lock.pay_url == invoice["hosted_invoice_url"]
    assert not lock.ended
    # every retry fails: the subscription ends, and the page offers a new one instead of the old invoice
    _deliver(db, _emit(emulator, emulator.store.advance(15 * DAY_SECONDS)))
    english = state_for(BillingLockState, token=token)
    english.lang = "en"
    asyncio.run(english.load())
    assert english.ended and english.pay_url == "" and english.amount == ""
    assert english.text.startswith(f"The payment for the period {_day(invoice['period_start'])}–"
                                   f"{_day(invoice['period_end'])} did not go through despite several attempts")
    page = state_for(BillingState, token=token)
    asyncio.run(page.on_load())
    assert page.locked and not page.subscribed  # the plan cards are shown to start again


def test_an_overdue_invoice_on_agreed_terms_is_told_with_its_due_date_and_the_link_to_pay(db, emulator):
    from cleverstore.services.billing import agreements

    firm = make_account(db, subscribed=False)
    _done(db)
    _done(db, agreements.put_on_invoice_terms(stripe_client(), firm.id, "bas", 30))
    invoice = next(iter(emulator.store.invoices.values()))
    _deliver(db, _emit(emulator, emulator.store.advance(31 * DAY_SECONDS)))
    assert rules.billing_row(db, firm.id).status == "past_due"
    notice, = _mails(db, firm, "payment_failed")
    assert f"Fakturan skulle ha betalats senast {_day(invoice['due_date'])}." in notice.body
    assert "försöker dra" not in notice.body and f"{emulator.url}/invoice/{invoice['id']}\n" in notice.body
