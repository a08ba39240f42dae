"""POST /api/stripe/webhook on the full app: signed, forged, tampered, stale and replayed deliveries."""
import asyncio
import json
import time

import pytest
from sqlmodel import select

from cleverstore.config import EMULATOR_WEBHOOK_SECRET, reset_settings
from cleverstore.models import StripeEvent
from cleverstore.services.billing import payments, rules
from cleverstore.services.billing.stripe_client import stripe_client
from stripe_emulator.server import sign
from tests.helpers.factories import make_account
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401


@pytest.fixture()
def paid(db, emulator):
    """An account that paid on the emulator; the three resulting events not yet delivered."""
    account = make_account(db, subscribed=False)
    db.commit()  # no transaction is held across a Stripe call: the checkout opens its own units of work
    url = payments.start_checkout(stripe_client(), account.id, "bas", "http://127.0.0.1:3000")
    return account, pay_checkout(emulator, url)


def _post(client, event: dict, *, secret=EMULATOR_WEBHOOK_SECRET, timestamp=None, body: bytes | None = None):
    payload = json.dumps(event).encode()
    header = sign(payload, secret, timestamp)
    return client.post("/api/stripe/webhook", content=body if body is not None else payload,
                       headers={"Stripe-Signature": header, "Content-Type": "application/json"})


def _open(db, account) -> bool:
    db.expire_all()
    return rules.register_open(db, account.id)


def _stored_events(db) -> int:
    return len(db.exec(select(StripeEvent)).all())


def test_a_signed_event_opens_the_register(client, db, paid):
    account, events = paid
    response = _post(client, events[0])
    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    assert _open(db, account)


def test_a_replayed_event_gets_200_and_changes_nothing(client, db, paid):
    account, events = paid
    assert _post(client, events[1]).status_code == 200
    row = rules.billing_row(db, account.id)
    row.status = "past_due"  # pretend a later change happened in between
    db.add(row)
    db.commit()
    replay = _post(client, events[1])
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert not _open(db, account)
    assert _stored_events(db) == 1


@pytest.mark.parametrize("attack", ["forged", "tampered", "stale", "unsigned", "not_json"])
def test_forged_tampered_stale_and_unsigned_deliveries_get_400_and_change_nothing(client, db, paid, attack):
    account, events = paid
    event = events[0]
    if attack == "forged":
        response = _post(client, event, secret="whsec_someone_else")
    elif attack == "tampered":
        changed = json.loads(json.dumps(event))
        changed["data"]["object"]["client_reference_id"] = "999"
        signed = json.dumps(event).encode()
        response = client.post("/api/stripe/webhook", content=json.dumps(changed).encode(),
                               headers={"Stripe-Signature": sign(signed, EMULATOR_WEBHOOK_SECRET)})
    elif attack == "stale":
        response = _post(client, event, timestamp=int(time.time()) - 301)
    elif attack == "unsigned":
        response = client.post("/api/stripe/webhook", content=json.dumps(event).encode())
    else:
        response = _post(client, event, body=b"{not json")
    assert response.status_code == 400
    assert not _open(db, account)
    assert _stored_events(db) == 0


def test_stripe_unreachable_gives_500_and_the_event_can_come_again(client, db, paid, emulator, monkeypatch):
    account, events = paid
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # nothing listens there
    reset_settings()
    assert _post(client, events[0]).status_code == 500
    assert _stored_events(db) == 0
    monkeypatch.setenv("STRIPE_API_BASE", emulator.url)
    reset_settings()
    assert _post(client, events[0]).status_code == 200
    assert _open(db, account)


def test_events_of_unknown_customers_are_acknowledged_without_effect(client, db, emulator):
    stranger = emulator.store.create_customer({"email": "x@example.se"})
    event = {"id": "evt_stranger", "object": "event", "type": "customer.updated", "created": int(time.time()),
             "livemode": False, "pending_webhooks": 1, "api_version": None, "request": None,
             "data": {"object": stranger}}
    assert _post(client, event).status_code == 200
    assert _stored_events(db) == 1


def test_get_is_not_allowed(client):
    assert client.get("/api/stripe/webhook").status_code in (404, 405)


def test_an_endless_body_is_refused_after_a_megabyte_without_reading_the_rest(db):
    """Anyone may post here: a 20 MB chunked body stops being read past the 1 MB limit."""
    from starlette.requests import Request

    from cleverstore.api.stripe_webhook import stripe_webhook

    received = []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"x" * 65536, "more_body": len(received) < 320}

    scope = {"type": "http", "method": "POST", "path": "/api/stripe/webhook", "query_string": b"",
             "headers": [(b"stripe-signature", b"t=1,v1=00"), (b"transfer-encoding", b"chunked")]}
    response = asyncio.run(stripe_webhook(Request(scope, receive)))
    assert response.status_code == 413
    assert len(received) * 65536 <= 1024 * 1024 + 2 * 65536
    assert _stored_events(db) == 0
