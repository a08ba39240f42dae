"""A seeded Stripe emulator for unit and route tests; the app's StripeClient is pointed at it."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import stripe

from cleverstore.config import EMULATOR_SECRET_KEY, reset_settings
from stripe_emulator.__main__ import seeded
from stripe_emulator.server import Emulator


@pytest.fixture()
def emulator(monkeypatch, db):
    """A fresh emulator per test (no webhook target: tests deliver events themselves), plans seeded."""
    from cleverstore.services.billing.plans import ensure_seeded

    ensure_seeded(db)
    db.commit()
    running: Emulator = seeded(None, 0).start()
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    monkeypatch.setenv("STRIPE_API_BASE", running.url)
    reset_settings()
    yield running
    running.stop()
    monkeypatch.undo()
    reset_settings()


def pay_checkout(emulator: Emulator, url: str, card: str = "4242424242424242") -> list[dict]:
    """Pay a checkout session as the hosted page would; returns the events Stripe emits."""
    cs_id = url.rsplit("/", 1)[1]
    with emulator.store.lock:
        events = emulator.store.pay_checkout(cs_id, card)
    before = len(emulator.events)
    emulator.emit(events)
    return emulator.events[before:]


@pytest.fixture()
def bare_emulator():
    """A seeded emulator without the app's database (for the emulator's own behaviour); stopped afterwards."""
    running: Emulator = seeded(None, 0).start()
    yield running
    running.stop()


def client_for(emulator: Emulator) -> stripe.StripeClient:
    """The real stripe-python client pointed at `emulator` (no network retries: each call is one request)."""
    return stripe.StripeClient(EMULATOR_SECRET_KEY, base_addresses={"api": emulator.url}, max_network_retries=0)


class WebhookReceiver:
    """A small HTTP endpoint standing in for the app's webhook route: answers with the statuses in
    `answers` (then 200), records (event type, arrival time) and can be held to answer late."""

    def __init__(self, answers: list[int] | None = None):
        self.answers = list(answers or [])
        self.received: list[tuple[str, float]] = []
        self.release = threading.Event()
        self.release.set()
        receiver = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.release.wait(10)
                with receiver._lock:
                    receiver.received.append((json.loads(body)["type"], time.monotonic()))
                    status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def subscribed_customer(emulator: Emulator, card: str = "4242424242424242") -> tuple[str, str]:
    """A customer who paid a yearly Bas subscription on the hosted checkout: (customer id, subscription id)."""
    client = client_for(emulator)
    price = client.v1.prices.list({"lookup_keys": ["cleverstore_bas_yearly"]}).data[0]
    customer = client.v1.customers.create({"email": "kund@example.se"})
    session = client.v1.checkout.sessions.create({
        "mode": "subscription", "line_items": [{"price": price.id, "quantity": 1}], "customer": customer.id,
        "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}", "cancel_url": "http://a/c"})
    pay_checkout(emulator, session.url, card)
    return customer.id, client.v1.checkout.sessions.retrieve(session.id).subscription
