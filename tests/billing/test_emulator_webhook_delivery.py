"""The emulator delivers webhooks as Stripe does: after the reply, asynchronously, retried with back-off on
any non-2xx or connection error, in no guaranteed order; tests can wait until everything is settled."""
import json
import random
import time
import urllib.error
import urllib.request

import pytest

from stripe_emulator.__main__ import seeded
from tests.helpers.stripe_emulator import WebhookReceiver, bare_emulator, client_for, subscribed_customer  # noqa: F401


@pytest.fixture()
def receiver():
    running = WebhookReceiver()
    yield running
    running.close()


def _start(receiver_url: str, **options):
    return seeded(receiver_url, 0, **options).start()


def _control(emulator, action: str, **form) -> dict:
    data = "&".join(f"{k}={v}" for k, v in form.items()).encode()
    with urllib.request.urlopen(emulator.url + "/_emulator/" + action, data=data, timeout=30) as response:
        return json.loads(response.read())


def test_the_api_replies_before_the_webhooks_are_answered(receiver):
    emulator = _start(receiver.url)
    try:
        customer, sub = subscribed_customer(emulator)
        assert emulator.wait_for_deliveries(5)
        receiver.release.clear()  # the app is busy: webhooks hang until released
        started = time.monotonic()
        client_for(emulator).v1.subscriptions.update(sub, {"metadata": {"note": "x"}})
        assert time.monotonic() - started < 1.0
        assert emulator.pending_deliveries == 1 and not emulator.wait_for_deliveries(0.2)
        receiver.release.set()
        assert emulator.wait_for_deliveries(5)
        assert emulator.deliveries[-1] == ("customer.subscription.updated", 200)
    finally:
        emulator.stop()


def test_the_hosted_checkout_redirects_without_waiting_for_the_webhooks(receiver):
    emulator = _start(receiver.url)
    try:
        client = client_for(emulator)
        price = client.v1.prices.list({"lookup_keys": ["cleverstore_bas_yearly"]}).data[0]
        session = client.v1.checkout.sessions.create({
            "mode": "subscription", "line_items": [{"price": price.id}],
            "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}"})
        receiver.release.clear()
        started = time.monotonic()

        class _Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        try:
            urllib.request.build_opener(_Stay).open(urllib.request.Request(session.url, data=b"card=4242424242424242"),
                                                    timeout=10)
        except urllib.error.HTTPError as answer:
            assert answer.code == 303 and answer.headers["Location"].startswith("http://a/s?session_id=cs_")
        assert time.monotonic() - started < 1.0 and receiver.received == []
        receiver.release.set()
        assert emulator.wait_for_deliveries(5)
        assert sorted(kind for kind, _ in receiver.received) == [
            "checkout.session.completed", "customer.subscription.created", "invoice.paid"]
    finally:
        emulator.stop()


def test_a_failed_delivery_is_retried_with_doubling_delays_until_a_2xx():
    receiver = WebhookReceiver(answers=[500, 503, 404])
    emulator = _start(receiver.url, retry_base=0.1, jitter=0)
    try:
        emulator.emit([("customer.updated", {"id": "cus_x", "object": "customer"})])
        assert emulator.wait_for_deliveries(10)
        assert emulator.deliveries == [("customer.updated", 500), ("customer.updated", 503),
                                       ("customer.updated", 404), ("customer.updated", 200)]
        times = [at for _, at in receiver.received]
        gaps = [later - earlier for earlier, later in zip(times, times[1:])]
        assert gaps[0] >= 0.1 and gaps[1] >= 0.2 and gaps[2] >= 0.4  # 1, 2, 4 back-off steps
    finally:
        emulator.stop()
        receiver.close()


def test_a_delivery_nobody_answers_is_retried_then_given_up():
    receiver = WebhookReceiver()
    dead_url = receiver.url
    receiver.close()  # nothing listens there any more: connection refused
    emulator = _start(dead_url, retry_base=0.01, webhook_retries=3, jitter=0)
    try:
        emulator.emit([("invoice.paid", {"id": "in_x", "object": "invoice"})])
        assert emulator.wait_for_deliveries(10)
        assert emulator.deliveries == [("invoice.paid", 0)] * 4  # the first try and three retries
    finally:
        emulator.stop()


def test_the_live_mode_schedule_retries_for_under_three_stripe_days():
    emulator = seeded(None, 0)
    minute = 60 / emulator.retry_base  # one emulator second is this many Stripe seconds
    total = sum(emulator.retry_base * 2 ** n for n in range(emulator.webhook_retries)) * minute
    assert 2.5 * 24 * 3600 < total <= 3 * 24 * 3600
    emulator.httpd.server_close()


def test_deliveries_of_one_call_come_in_no_fixed_order(receiver):
    emulator = _start(receiver.url, workers=1)
    emulator._random = random.Random(7)  # a fixed shuffle: the test does not depend on luck
    try:
        kinds = [f"kind.{n}" for n in range(8)]
        emulator.emit([(kind, {"id": kind, "object": "customer"}) for kind in kinds])
        assert emulator.wait_for_deliveries(5)
        arrived = [kind for kind, _ in receiver.received]
        assert sorted(arrived) == kinds and arrived != kinds
        assert [e["type"] for e in emulator.events] == kinds  # the events themselves keep Stripe's order
    finally:
        emulator.stop()


def test_the_clock_control_answers_once_its_webhooks_are_settled(receiver):
    emulator = _start(receiver.url)
    try:
        subscribed_customer(emulator, card="4000000000000341")
        assert _control(emulator, "deliveries/wait", timeout=5)["settled"] is True
        before = len(receiver.received)
        answer = _control(emulator, "clock/advance", to="next_renewal")
        assert answer["settled"] is True and answer["pending"] == 0
        assert "invoice.payment_failed" in [kind for kind, _ in receiver.received[before:]]
        events = json.loads(urllib.request.urlopen(emulator.url + "/_emulator/events", timeout=5).read())
        assert events["pending"] == 0 and ["invoice.payment_failed", 200] in events["deliveries"]
    finally:
        emulator.stop()


def test_without_a_webhook_url_events_are_only_recorded(bare_emulator):
    customer, sub = subscribed_customer(bare_emulator)
    assert [e["type"] for e in bare_emulator.events] == [
        "checkout.session.completed", "customer.subscription.created", "invoice.paid"]
    assert bare_emulator.deliveries == [] and bare_emulator.wait_for_deliveries(0)
