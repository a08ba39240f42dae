"""A failed renewal follows Stripe's retry schedule (Smart Retries, 8 tries in 2 weeks): next_payment_attempt
on the open invoice, invoice.payment_failed each try, payable at any time; after the last try the
subscription is canceled (Stripe's default) or unpaid, as the Revenue recovery setting says."""
import json
import urllib.error
import urllib.request

import pytest
import stripe

from stripe_emulator.server import Emulator
from stripe_emulator.store import DAY_SECONDS, SMART_RETRY_DAYS
from tests.helpers.stripe_emulator import bare_emulator, client_for, subscribed_customer  # noqa: F401

FAILS_LATER = "4000000000000341"


def _renew(emulator) -> list[tuple[str, dict]]:
    return emulator.store.advance(emulator.store.seconds_to_next_renewal())


def _open_invoice(emulator, sub: str) -> dict:
    return next(i for i in emulator.store.invoices.values() if i["subscription"] == sub and i["status"] == "open")


def test_the_retry_schedule_is_eight_tries_within_two_weeks():
    assert len(SMART_RETRY_DAYS) + 1 == 8 and SMART_RETRY_DAYS[-1] == 14
    assert list(SMART_RETRY_DAYS) == sorted(set(SMART_RETRY_DAYS))


def test_each_failed_try_announces_the_next_and_the_last_cancels(bare_emulator):
    store = bare_emulator.store
    _, sub = subscribed_customer(bare_emulator, card=FAILS_LATER)
    events = _renew(bare_emulator)
    invoice = _open_invoice(bare_emulator, sub)
    first_failure = invoice["created"]
    assert [kind for kind, _ in events] == ["invoice.finalized", "invoice.payment_failed",
                                            "customer.subscription.updated"]
    assert events[1][1]["next_payment_attempt"] == first_failure + SMART_RETRY_DAYS[0] * DAY_SECONDS
    assert store.subscriptions[sub]["status"] == "past_due"
    failures = [events[1][1]]
    for day in SMART_RETRY_DAYS:
        moved = store.advance(first_failure + day * DAY_SECONDS - store.now())
        failures += [data for kind, data in moved if kind == "invoice.payment_failed"]
    assert [f["attempt_count"] for f in failures] == list(range(1, 9))
    assert [f["next_payment_attempt"] for f in failures] == [
        first_failure + d * DAY_SECONDS for d in SMART_RETRY_DAYS] + [None]
    assert [kind for kind, _ in moved][-1] == "customer.subscription.deleted"
    assert store.subscriptions[sub]["status"] == "canceled"
    assert invoice["status"] == "open" and invoice["next_payment_attempt"] is None  # collection stopped
    assert store.advance(30 * DAY_SECONDS) == []  # nothing more is tried


def test_after_the_last_try_the_unpaid_setting_keeps_the_subscription_unpaid_until_paid(bare_emulator):
    store = bare_emulator.store
    store.after_retries = "unpaid"
    _, sub = subscribed_customer(bare_emulator, card=FAILS_LATER)
    _renew(bare_emulator)
    moved = store.advance(15 * DAY_SECONDS)
    assert [kind for kind, _ in moved].count("invoice.payment_failed") == 7
    assert store.subscriptions[sub]["status"] == "unpaid" and moved[-1][0] == "customer.subscription.updated"
    invoice = _open_invoice(bare_emulator, sub)
    events = store.pay_invoice_with_card(invoice["id"], "4242424242424242")
    assert [kind for kind, _ in events] == ["invoice.paid", "customer.subscription.updated"]
    assert store.subscriptions[sub]["status"] == "active"


def test_the_open_invoice_can_be_paid_between_tries(bare_emulator):
    client = client_for(bare_emulator)
    store = bare_emulator.store
    _, sub = subscribed_customer(bare_emulator, card=FAILS_LATER)
    _renew(bare_emulator)
    invoice = _open_invoice(bare_emulator, sub)
    with pytest.raises(stripe.CardError) as declined:  # the same failing card, by hand
        client.v1.invoices.pay(invoice["id"])
    assert declined.value.code == "card_declined" and invoice["attempt_count"] == 2
    store.advance(2 * DAY_SECONDS)
    good = store._card("4242424242424242")
    paid = client.v1.invoices.pay(invoice["id"], {"payment_method": good["id"]})
    assert paid.status == "paid" and paid.next_payment_attempt is None
    assert client.v1.subscriptions.retrieve(sub).status == "active"
    assert [kind for kind, _ in store.advance(20 * DAY_SECONDS)] == []  # no retry of a paid invoice
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.invoices.pay(invoice["id"])


def test_an_unknown_setting_is_refused():
    with pytest.raises(ValueError):
        Emulator(None, after_retries="forgive")


def test_the_revenue_recovery_choice_can_be_set_through_the_test_controls(bare_emulator):
    def post(form: bytes):
        request = urllib.request.Request(bare_emulator.url + "/_emulator/settings", data=form)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as answer:
            return answer.code, json.loads(answer.read())

    assert post(b"after_retries=unpaid") == (200, {"after_retries": "unpaid"})
    status, body = post(b"after_retries=forgive")
    assert status == 400 and body["error"]["param"] == "after_retries"
    assert bare_emulator.store.after_retries == "unpaid"
