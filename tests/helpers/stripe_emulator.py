"""A seeded Stripe emulator for unit and route tests; the app's StripeClient is pointed at it."""
from __future__ import annotations

import pytest

from cleverstore.config import reset_settings
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
