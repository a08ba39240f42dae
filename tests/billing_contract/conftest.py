"""The billing contract: the app's billing flows, written once, run against two Stripes.

* Always against the Stripe emulator (`stripe_emulator/`), as part of the normal test run.
* Also against Stripe's test mode when a test key is set. One command, from the project root:

      STRIPE_SECRET_KEY=sk_test_... .venv/bin/python -m pytest -q -p no:cacheprovider tests/billing_contract

  Nothing else is needed: no `stripe listen`, no webhook endpoint. Each test puts its customer on a
  fresh test clock (renewals are reached by advancing the clock), pays with Stripe's test payment
  methods (`pm_card_visa`, `pm_card_chargeCustomerFail`), and hands the events Stripe made to the
  app's webhook action (`receive_stripe_webhook`) by fetching them with `client.v1.events.list`,
  signed locally with the webhook secret the test sets, so the app checks a signature exactly as
  on the route. The test clocks (and with them the customers and subscriptions) are deleted
  afterwards. A live key (`sk_live_…`) is never used: the contract then runs against the emulator only.
  Expect a few minutes: Stripe's test clocks take seconds to advance.

Without a test key the flows are collected for the emulator only (nothing is skipped), and the run ends
with one line saying the contract ran against the emulator only, and why.

Where the two Stripes differ in how a test drives them, the difference is here, in the two
backends, never in the tests: Checkout's hosted page cannot be paid without a browser on Stripe,
so there a test pays the way Checkout does (the customer's card attached, the subscription created
with the session's price and metadata, the session expired).
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from cleverstore.config import EMULATOR_SECRET_KEY, reset_settings

TEST_KEY = "sk_test_"
STRIPE_KEY_ENV = "STRIPE_SECRET_KEY"
LOCAL_WEBHOOK_SECRET = "whsec_contract_signed_locally"
_ran: set[str] = set()


def stripe_key() -> str:
    return os.environ.get(STRIPE_KEY_ENV, "").strip()


# The Stripes the flows run against: Stripe's test mode only with a test key (never a live one).
BACKENDS = ["emulator", "stripe"] if stripe_key().startswith(TEST_KEY) else ["emulator"]


def pytest_terminal_summary(terminalreporter):
    """The one line that says which Stripes the contract ran against."""
    if not _ran:
        return
    if "stripe" in _ran:
        terminalreporter.write_line("billing contract: ran against the Stripe emulator and Stripe's test mode")
    else:
        why = (f"{STRIPE_KEY_ENV} is not a test key: the contract never runs in live mode" if stripe_key()
               else f"{STRIPE_KEY_ENV}=sk_test_... runs it against Stripe's test mode too")
        terminalreporter.write_line(f"billing contract: ran against the Stripe emulator only ({why})")


# --- the two Stripes --------------------------------------------------------------------------------

class Backend:
    """How a test drives one Stripe: pay, move time, and hand Stripe's events to the app."""

    name = ""
    patience = 5.0  # seconds to wait for Stripe to do what a test expects

    def __init__(self) -> None:
        self.delivered: list[tuple[str, str]] = []  # (event type, the app's outcome)

    def client(self):
        from cleverstore.services.billing.stripe_client import stripe_client

        return stripe_client()

    # Each backend also has: pay_checkout(url, card), pay_open_invoice(invoice_id), advance_past(timestamp),
    # new_events() and the addresses portal_prefix and checkout_prefix.

    def prepare(self, account_id: int) -> None:
        """Before the app first calls Stripe for this account (the emulator needs nothing)."""

    def deliver(self) -> None:
        """Every new event, signed, to the app's webhook action (the route's work without HTTP)."""
        from cleverstore.services.billing import receive_stripe_webhook
        from cleverstore.services.billing.stripe_client import webhook_secret
        from stripe_emulator.server import sign

        for event in self.new_events():
            payload = json.dumps(event).encode()
            outcome = receive_stripe_webhook(payload, sign(payload, webhook_secret()))
            self.delivered.append((event["type"], outcome.result))

    def settle(self, done: Callable[[], bool], what: str) -> None:
        """Deliver events until `done()` holds; fails with `what` after `patience` seconds."""
        deadline = time.monotonic() + self.patience
        while True:
            self.deliver()
            if done():
                return
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name}: {what} (events delivered: {self.delivered})")
            time.sleep(0.2 if self.name == "emulator" else 2)

    def close(self) -> None:
        """Release what the backend made."""


class EmulatorBackend(Backend):
    name = "emulator"
    cards = {"visa": "4242424242424242", "fails_at_renewal": "4000000000000341"}

    def __init__(self, monkeypatch) -> None:
        super().__init__()
        from stripe_emulator.__main__ import seeded

        self.emulator = seeded(None, 0).start()  # no webhook target: `deliver` hands events over
        self._cursor = 0
        monkeypatch.delenv(STRIPE_KEY_ENV, raising=False)
        monkeypatch.delenv("STRIPE_WEBHOOK_SECRET", raising=False)
        monkeypatch.setenv("STRIPE_API_BASE", self.emulator.url)
        reset_settings()
        self.portal_prefix = self.emulator.url + "/portal/"
        self.checkout_prefix = self.emulator.url + "/checkout/cs_"

    def _post(self, url: str, form: bytes, headers: dict | None = None) -> int:
        class _Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        request = urllib.request.Request(url, data=form, headers=headers or {})
        try:
            with urllib.request.build_opener(_Stay).open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def pay_checkout(self, url: str, card: str) -> None:
        status = self._post(url, f"card={self.cards[card]}".encode())
        assert status == 303, f"the hosted checkout page answered {status}"

    def pay_open_invoice(self, invoice_id: str) -> None:
        status = self._post(f"{self.emulator.url}/invoice/{invoice_id}", f"card={self.cards['visa']}".encode())
        assert status == 200, f"the hosted invoice page answered {status}"

    def advance_past(self, timestamp: int) -> None:
        seconds = max(0, timestamp - self.emulator.store.now()) + 3600
        status = self._post(f"{self.emulator.url}/_emulator/clock/advance", f"seconds={seconds}".encode(),
                            {"Authorization": f"Bearer {EMULATOR_SECRET_KEY}"})
        assert status == 200

    def new_events(self) -> list[dict]:
        events = self.emulator.events[self._cursor:]
        self._cursor += len(events)
        return list(events)

    def close(self) -> None:
        self.emulator.stop()


class StripeTestModeBackend(Backend):
    name = "stripe"
    patience = 120.0
    payment_methods = {"visa": "pm_card_visa", "fails_at_renewal": "pm_card_chargeCustomerFail"}
    portal_prefix = "https://billing.stripe.com/"
    checkout_prefix = "https://checkout.stripe.com/"

    def __init__(self, monkeypatch) -> None:
        super().__init__()
        monkeypatch.delenv("STRIPE_API_BASE", raising=False)
        monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", LOCAL_WEBHOOK_SECRET)  # we sign what we fetch
        reset_settings()
        self.started = int(time.time()) - 60
        self.clocks: list[str] = []
        self.customers: set[str] = set()
        self._seen: set[str] = set()
        self._seed_prices()

    def _seed_prices(self) -> None:
        """The plans' yearly SEK prices, found by lookup key; made once in a test account without them."""
        from cleverstore.services.billing.plans import SEED

        client = self.client()
        for plan in SEED:
            if plan.lookup_key and plan.yearly_price_ore is not None:
                found = client.v1.prices.list({"lookup_keys": [plan.lookup_key], "active": True})
                if not found["data"]:
                    client.v1.prices.create({
                        "currency": "sek", "unit_amount": plan.yearly_price_ore, "lookup_key": plan.lookup_key,
                        "recurring": {"interval": "year"}, "tax_behavior": "inclusive",
                        "product_data": {"name": plan.name}})

    def prepare(self, account_id: int) -> None:
        """The account's Stripe customer on its own test clock (the app then reuses the customer)."""
        from cleverstore.db import tenant_scope
        from cleverstore.models import Account, BillingAccount

        client = self.client()
        clock = client.v1.test_helpers.test_clocks.create(
            {"frozen_time": int(time.time()), "name": f"cleverstore contract {account_id}"})
        self.clocks.append(clock["id"])
        with tenant_scope(account_id) as db:
            account = db.get(Account, account_id)
            email, name, language = account.email, account.name, account.language
        customer = client.v1.customers.create({
            "email": email, "name": name, "metadata": {"account_id": str(account_id)},
            "preferred_locales": [language], "test_clock": clock["id"]})
        self.customers.add(customer["id"])
        with tenant_scope(account_id) as db:
            db.add(BillingAccount(account_id=account_id, stripe_customer_id=customer["id"]))

    def _attach(self, customer_id: str, which: str) -> str:
        client = self.client()
        pm = client.v1.payment_methods.attach(self.payment_methods[which], {"customer": customer_id})
        client.v1.customers.update(customer_id, {"invoice_settings": {"default_payment_method": pm["id"]}})
        return pm["id"]

    def pay_checkout(self, url: str, card: str) -> None:
        """What Checkout does once the customer has paid (its hosted page needs a browser)."""
        client = self.client()
        found = re.search(r"cs_test_[A-Za-z0-9]+", url)
        assert found, f"not a Checkout address: {url}"
        session = client.v1.checkout.sessions.retrieve(found.group(0))
        price = client.v1.checkout.sessions.line_items.list(session["id"])["data"][0]["price"]["id"]
        pm = self._attach(session["customer"], "visa")
        sub = client.v1.subscriptions.create({
            "customer": session["customer"], "items": [{"price": price}], "default_payment_method": pm,
            "metadata": session["metadata"].to_dict()})
        client.v1.checkout.sessions.expire(session["id"])
        if card == "fails_at_renewal":  # Stripe has no card that pays once and then fails: swap it afterwards
            failing = self._attach(session["customer"], card)
            client.v1.subscriptions.update(sub["id"], {"default_payment_method": failing})

    def pay_open_invoice(self, invoice_id: str) -> None:
        client = self.client()
        invoice = client.v1.invoices.retrieve(invoice_id)
        pm = self._attach(invoice["customer"], "visa")
        client.v1.invoices.pay(invoice_id, {"payment_method": pm})

    def advance_past(self, timestamp: int) -> None:
        client = self.client()
        for clock_id in self.clocks:
            client.v1.test_helpers.test_clocks.advance(clock_id, {"frozen_time": timestamp + 3 * 3600})
        deadline = time.monotonic() + self.patience
        while any(client.v1.test_helpers.test_clocks.retrieve(c)["status"] != "ready" for c in self.clocks):
            if time.monotonic() > deadline:
                pytest.fail("stripe: the test clock did not finish advancing")
            time.sleep(2)

    def new_events(self) -> list[dict]:
        """This test's customers' events not yet handed over, oldest first."""
        client = self.client()
        found = []
        for listed in client.v1.events.list({"created": {"gte": self.started}, "limit": 100}).auto_paging_iter():
            event = listed.to_dict()
            obj = event["data"]["object"]
            owner = obj.get("id") if obj.get("object") == "customer" else obj.get("customer")
            if event["id"] not in self._seen and owner in self.customers:
                self._seen.add(event["id"])
                found.append(event)
        return sorted(found, key=lambda e: e["created"])

    def close(self) -> None:
        client = self.client()
        for clock_id in self.clocks:
            client.v1.test_helpers.test_clocks.delete(clock_id)


@pytest.fixture(params=BACKENDS)
def stripe_backend(request, monkeypatch, db_url):
    """One Stripe to run a flow against, with the plan catalogue seeded in a clean database."""
    from cleverstore.db import session_scope
    from cleverstore.services.billing.plans import ensure_seeded

    with session_scope() as db:
        ensure_seeded(db)
    backend = EmulatorBackend(monkeypatch) if request.param == "emulator" else StripeTestModeBackend(monkeypatch)
    _ran.add(request.param)
    try:
        yield backend
    finally:
        backend.close()
        monkeypatch.undo()
        reset_settings()
