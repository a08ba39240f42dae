"""No database transaction is held across a Stripe call.

A Stripe call made inside a write transaction holds SQLite's write lock for the whole round trip,
while Stripe posts the webhooks that the call causes; they wait for the lock and fail with
"database is locked". The client the app uses refuses such a call (`TransactionAcrossStripeCall`);
here: the guard itself, every billing use case running without setting it off, and the two admin
operations answering quickly with the emulator posting its webhooks to a running app.
"""
from __future__ import annotations

import json
import threading
import time

import pytest
import uvicorn
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.routing import Route

from cleverstore import db as database
from cleverstore.api.stripe_webhook import stripe_webhook
from cleverstore.config import EMULATOR_WEBHOOK_SECRET, reset_settings
from cleverstore.models import AuditEntry, BillingAccount, OutgoingMail, Plan, StripeEvent
from cleverstore.services import billing
from cleverstore.services.billing import rules
from cleverstore.services.billing import stripe_client as stripe_client_module
from cleverstore.services.billing.stripe_client import TransactionAcrossStripeCall, stripe_client
from stripe_emulator.__main__ import seeded
from stripe_emulator.server import sign
from tests.helpers.app_server import free_port
from tests.helpers.factories import make_account, make_admin
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401

FAST_S = 1.0  # loopback: an admin operation with webhooks on answers within a second


# --- (a) the guard -----------------------------------------------------------------------------------

def test_a_stripe_call_with_a_flushed_write_open_is_refused_before_anything_is_sent(db, emulator):
    make_account(db, subscribed=False)  # flushed, not committed
    with pytest.raises(TransactionAcrossStripeCall):
        stripe_client().v1.prices.list({"active": True})
    assert emulator.store.customers == {}
    db.commit()
    assert stripe_client().v1.prices.list({"active": True})["data"]


def test_pending_changes_not_yet_flushed_count_as_a_write(db, emulator):
    db.add(Plan(code="x", name="X"))
    with pytest.raises(TransactionAcrossStripeCall):
        stripe_client().v1.prices.list({"active": True})
    db.rollback()
    assert stripe_client().v1.prices.list({"active": True})["data"]


def test_a_read_only_session_and_another_threads_write_do_not_stop_a_call(db, emulator):
    assert db.exec(select(Plan)).all()  # a read transaction is open
    assert stripe_client().v1.prices.list({"active": True})["data"]
    outcome: list[object] = []

    def elsewhere() -> None:
        try:
            outcome.append(stripe_client().v1.prices.list({"active": True}))
        except TransactionAcrossStripeCall as refused:
            outcome.append(refused)

    make_account(db, subscribed=False)  # this thread writes; another thread's call is its own
    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert not isinstance(outcome[0], TransactionAcrossStripeCall)
    db.rollback()


def test_a_write_in_a_second_session_of_the_same_thread_is_seen(db, emulator):
    db.commit()
    with Session(database.get_engine()) as other:
        other.add(Plan(code="y", name="Y"))
        other.flush()
        with pytest.raises(TransactionAcrossStripeCall):
            stripe_client().v1.prices.list({"active": True})
        other.rollback()
    assert stripe_client().v1.prices.list({"active": True})["data"]


# --- (b) every billing use case, with the guard watching ----------------------------------------------

@pytest.fixture()
def watched(monkeypatch):
    """Counts the guard's checks and the calls it refused (it refuses by raising, as in production)."""
    seen = {"checks": 0, "refused": 0}
    real = stripe_client_module.refuse_inside_write_transaction

    def counting() -> None:
        seen["checks"] += 1
        try:
            real()
        except TransactionAcrossStripeCall:
            seen["refused"] += 1
            raise

    monkeypatch.setattr(stripe_client_module, "refuse_inside_write_transaction", counting)
    return seen


def _signed(event: dict) -> tuple[bytes, str]:
    payload = json.dumps(event).encode()
    return payload, sign(payload, EMULATOR_WEBHOOK_SECRET)


def _checks(watched, action, *args):
    before = watched["checks"]
    result = action(*args)
    assert watched["checks"] > before, f"{action.__name__} made no Stripe call"
    assert watched["refused"] == 0
    return result


def test_every_billing_use_case_calls_stripe_with_no_write_transaction_open(db, emulator, watched):
    admin, _ = make_admin(db)
    payer, firm = make_account(db, subscribed=False), make_account(db, subscribed=False)
    db.commit()
    url = _checks(watched, billing.start_plan_checkout, payer.id, "bas", True)
    assert _checks(watched, billing.billing_portal_address, payer.id).startswith(emulator.url + "/portal/")
    events = pay_checkout(emulator, url)
    cs_id = url.rsplit("/", 1)[1]
    assert _checks(watched, billing.confirm_checkout, payer.id, cs_id) is True
    outcomes = [_checks(watched, billing.receive_stripe_webhook, *_signed(e)).result for e in events]
    assert outcomes == ["applied"] * len(events)
    assert [line.status for line in _checks(watched, billing.billing_invoices, payer.id)] == ["paid"]
    _checks(watched, billing.request_subscription_cancellation, payer.id)
    _checks(watched, billing.withdraw_subscription_cancellation, payer.id)
    number = _checks(watched, billing.put_customer_on_invoice_terms, admin.id,
                     {"customer_number": firm.customer_number, "days_until_due": "30", "plan": "plus"})
    assert number == firm.customer_number
    assert _checks(watched, billing.publish_yearly_price, admin.id, {"plan": "bas", "price": "520"}) == 1
    db.expire_all()
    payer_row, firm_row = rules.billing_row(db, payer.id), rules.billing_row(db, firm.id)
    assert (payer_row.status, payer_row.cancel_at, payer_row.card_last4) == ("active", None, "4242")
    assert emulator.store.subscriptions[payer_row.subscription_id]["item"]["price"]["unit_amount"] == 52_000
    assert (firm_row.status, firm_row.collection_method, firm_row.days_until_due) == ("active", "send_invoice", 30)
    assert len(db.exec(select(StripeEvent)).all()) == len(events)


def test_a_replayed_or_concurrent_webhook_after_the_reply_changes_nothing(db, emulator, watched):
    """The reply is stored first, then the webhooks about the same change arrive: nothing changes."""
    payer = make_account(db, subscribed=False)
    db.commit()
    events = pay_checkout(emulator, billing.start_plan_checkout(payer.id, "bas", True))
    for event in events:
        billing.receive_stripe_webhook(*_signed(event))
    before = len(emulator.events)
    billing.request_subscription_cancellation(payer.id)
    db.expire_all()
    stored = rules.billing_row(db, payer.id)
    synced = stored.synced_at
    later = emulator.events[before:]
    assert [e["type"] for e in later] == ["customer.subscription.updated"]
    assert billing.receive_stripe_webhook(*_signed(later[0])).result == "applied"
    assert billing.receive_stripe_webhook(*_signed(later[0])).result == "duplicate"
    db.expire_all()
    assert rules.billing_row(db, payer.id).synced_at == synced  # the same view: not written again


def test_a_webhook_stored_in_between_is_not_overwritten_with_an_older_reply(db, emulator, monkeypatch):
    """Another writer stores a different view while our call is under way: Stripe is asked again."""
    from cleverstore.services.billing import payments

    payer = make_account(db, subscribed=False)
    db.commit()
    for event in pay_checkout(emulator, billing.start_plan_checkout(payer.id, "bas", True)):
        billing.receive_stripe_webhook(*_signed(event))
    sub_id = rules.billing_row(db, payer.id).subscription_id
    stale = stripe_client().v1.subscriptions.retrieve(sub_id)  # before the notice

    def stale_reply_then_notice(client, account_id, now=None):
        with database.tenant_scope(account_id) as session:
            seen = rules.billing_row(session, account_id).synced_at
        client.v1.subscriptions.update(sub_id, {"cancel_at": stale["items"]["data"][0]["current_period_end"],
                                                "proration_behavior": "none"})
        payments.sync_subscription(client, sub_id)  # a webhook stores the newer view meanwhile
        return payments.apply_view(client, lambda: database.tenant_scope(account_id), seen,
                                   payments.Fetched(rules.SubscriptionView.from_stripe(stale)))

    stale_reply_then_notice(stripe_client(), payer.id)
    db.expire_all()
    assert rules.billing_row(db, payer.id).cancel_at is not None  # the newest view won


# --- (c) webhooks posted to a running app while the admin operations run -------------------------------

@pytest.fixture()
def live(db, monkeypatch):
    """The app's webhook route served by uvicorn on a free port, and an emulator posting to it."""
    from cleverstore.services.billing.plans import ensure_seeded

    ensure_seeded(db)
    db.commit()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/api/stripe/webhook", stripe_webhook,
                                                                   methods=["POST"])]),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="webhook-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    running = seeded(f"http://127.0.0.1:{port}/api/stripe/webhook", 0).start()
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    monkeypatch.setenv("STRIPE_API_BASE", running.url)
    reset_settings()
    yield running
    running.stop()
    server.should_exit = True
    thread.join(timeout=10)
    monkeypatch.undo()
    reset_settings()


def _delivered(emulator) -> list[tuple[str, int]]:
    """Every delivery so far, once the emulator has finished (or given up on) what it queued."""
    wait = getattr(emulator, "wait_for_deliveries", None)
    if wait is not None:
        wait(30)
    return list(emulator.deliveries)


def _subscribed_through_webhooks(db, emulator, plan: str):
    account = make_account(db, subscribed=False)
    db.commit()
    url = billing.start_plan_checkout(account.id, plan, True)
    with emulator.store.lock:
        emitted = emulator.store.pay_checkout(url.rsplit("/", 1)[1], "4242424242424242")
    emulator.emit(emitted)
    return account


def test_admin_operations_answer_quickly_and_no_webhook_gets_a_5xx(db, live):
    admin, _ = make_admin(db)
    subscribers = [_subscribed_through_webhooks(db, live, "bas") for _ in range(3)]
    firm = make_account(db, subscribed=False)
    db.commit()
    _delivered(live)
    started = time.perf_counter()
    billing.put_customer_on_invoice_terms(admin.id, {"customer_number": firm.customer_number,
                                                     "days_until_due": "30", "plan": "plus"})
    invoice_terms_s = time.perf_counter() - started
    started = time.perf_counter()
    moved = billing.publish_yearly_price(admin.id, {"plan": "bas", "price": "540"})
    publish_s = time.perf_counter() - started
    deliveries = _delivered(live)
    assert [d for d in deliveries if d[1] >= 500 or d[1] == 0] == []
    assert invoice_terms_s < FAST_S and publish_s < FAST_S, (invoice_terms_s, publish_s)
    assert moved == len(subscribers)
    db.expire_all()
    firm_row = rules.billing_row(db, firm.id)
    assert (firm_row.status, firm_row.collection_method) == ("active", "send_invoice")
    assert live.store.subscriptions[firm_row.subscription_id]["collection_method"] == "send_invoice"
    for account in subscribers:
        row = rules.billing_row(db, account.id)
        assert live.store.subscriptions[row.subscription_id]["item"]["price"]["unit_amount"] == 54_000
        assert row.price_id == live.store.subscriptions[row.subscription_id]["item"]["price"]["id"]
    assert len(db.exec(select(OutgoingMail).where(OutgoingMail.kind == "price_change")).all()) == len(subscribers)
    assert [a.action for a in db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()][-2:] == [
        "invoice_terms_set", "price_changed"]
    assert db.exec(select(BillingAccount).where(BillingAccount.account_id == firm.id)).one().plan_code == "plus"
