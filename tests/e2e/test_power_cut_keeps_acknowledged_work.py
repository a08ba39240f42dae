"""A power cut in the middle of work: the app is SIGKILLed while customers add objects (some with a
photo) and Stripe delivers a burst of webhooks, duplicates included. After a restart on the same
database and data directory, every write the app acknowledged is there once and whole, rows and
files match, and each Stripe event took effect once: one subscription, no double.

Driven over the app's real websocket protocol (tests/helpers/ws_client.py), not a browser:
the point is the server's writes, and a browser adds nothing but time.
"""
from __future__ import annotations

import asyncio
import io
import json
import random
import re
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
from PIL import Image
from sqlmodel import select

from cleverstore.config import EMULATOR_WEBHOOK_SECRET, reset_settings
from cleverstore.db import dispose_engines, session_scope
from cleverstore.models import BillingAccount, Category, Item, ItemFile, StripeEvent
from cleverstore.services.accounts import account
from cleverstore.services.billing import payments, rules
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.register import files
from stripe_emulator import objects as emulator_objects
from stripe_emulator.server import sign
from tests.helpers.app_server import kill_app, restart_app, start_app, stop_app
from tests.helpers.factories import activated_sign_up, signup_form, subscribe
from tests.helpers.ws_client import (
    ITEM,
    Customer,
    frontend_schema,
    run_in_own_loop,
)

WRITERS = 3
ACKED_BEFORE_THE_CUT = 12
COPIES_OF_EACH_EVENT = 4
SAVED_ID = re.compile(r"/object\?id=(\d+)")


@pytest.fixture()
def crash_app(monkeypatch):
    """The prod app on its own database; this process reads and seeds the same database and files."""
    app = start_app("crash", extra_env={"CLEVERSTORE_BCRYPT_ROUNDS": "4"}, backend_only=True)
    for key in ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY"):
        monkeypatch.setenv(key, app.env[key])
    monkeypatch.setenv("STRIPE_API_BASE", app.emulator.url)
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    reset_settings()
    dispose_engines()
    yield app
    stop_app(app)
    dispose_engines()
    monkeypatch.undo()
    reset_settings()


def _seed(app) -> tuple[str, int, str, list[dict]]:
    """A writer with an open register; a payer who has just paid on Stripe (events not yet delivered)."""
    with session_scope() as db:
        writer = activated_sign_up(db, signup_form(email=f"skrivare-{uuid.uuid4().hex[:6]}@example.se"))
        subscribe(db, writer)
        payer = account.sign_up(db, signup_form(email=f"betalare-{uuid.uuid4().hex[:6]}@example.se"))
        db.flush()
        writer_email, payer_id = writer.email, payer.id
    # committed first: no transaction is held across a Stripe call
    checkout_url = payments.start_checkout(stripe_client(), payer_id, "bas", app.base_url)
    with session_scope() as db:
        customer_id = db.exec(select(BillingAccount.stripe_customer_id)
                              .where(BillingAccount.account_id == payer_id)).one()
    store = app.emulator.store
    with store.lock:
        emitted = store.pay_checkout(checkout_url.rsplit("/", 1)[1], "4242424242424242")
        events = [emulator_objects.event(store.new_id("evt"), store.now(), kind, data) for kind, data in emitted]
    return writer_email, payer_id, customer_id, events


def _deliver(app, event: dict) -> int:
    """POST one signed delivery as Stripe does; 0 when the app is not there to answer."""
    payload = json.dumps(event).encode()
    request = urllib.request.Request(app.url("/api/stripe/webhook"), data=payload, method="POST", headers={
        "Content-Type": "application/json", "Stripe-Signature": sign(payload, EMULATOR_WEBHOOK_SECRET)})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _photo(seed: int) -> bytes:
    """A photo big enough that storing it (clean, re-encode, thumbnail, fsync) takes a moment."""
    noise = random.Random(seed).randbytes(400 * 300 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (400, 300), noise).save(out, format="PNG")
    return out.getvalue()


def _form(writer: int, number: int) -> dict[str, str]:
    name = f"Krasch {writer}-{number}"
    return {"name": name, "description": f"Beskrivning av {name}. " * 30, "quantity": str(number + 1),
            "purchase_price": str(100 + number), "category": f"Kategori {writer}", "status": "in_use"}


class Stream:
    """What the clients sent, and what the app acknowledged before it died."""

    def __init__(self) -> None:
        self.sent: dict[str, dict[str, str]] = {}
        self.acked: dict[str, int] = {}  # object name -> id, from the state delta that answered the save
        self.acked_files: dict[int, tuple[int, bytes]] = {}  # file id -> (object id, bytes uploaded)
        self.webhook_answers: list[tuple[str, int]] = []


async def _writer(customer: Customer, writer: int, stream: Stream, http: aiohttp.ClientSession) -> None:
    number = 0
    while True:
        form = _form(writer, number)
        stream.sent[form["name"]] = form
        await customer.send(f"{ITEM}.load_form", {}, "/object/new/")
        await customer.send(f"{ITEM}.save", {"form": form}, "/object/new/", want_events=True)
        saved = SAVED_ID.search(json.dumps(customer.last_events))
        assert saved, f"the save was not acknowledged: {customer.last_events}"
        item_id = int(saved.group(1))
        stream.acked[form["name"]] = item_id
        if number % 2 == 0:
            photo = _photo(writer * 1000 + number)
            async with http.post(f"{customer.base_url}/files/upload?item={item_id}&kind=photo", data=photo,
                                 headers={"Cookie": customer.cookie, "X-Cleverstore-Upload": "1",
                                          "X-File-Name": f"foto-{number}.png"}) as response:
                answer = await response.json()
                assert response.status == 200, answer
                stream.acked_files[int(answer["id"])] = (item_id, photo)
        number += 1


async def _stream_until_the_cut(app, writer_email: str, events: list[dict]) -> tuple[Stream, str]:
    stream = Stream()
    schema = frontend_schema()
    deliveries = [event for event in events for _ in range(COPIES_OF_EACH_EVENT)]
    random.Random(7).shuffle(deliveries)
    async with aiohttp.ClientSession() as http:
        customers = [Customer(app.base_url, schema, []) for _ in range(WRITERS)]
        for customer in customers:
            await customer.log_in(writer_email, http)  # ends on a fresh socket that carries the cookie
        writers = [asyncio.create_task(_writer(c, n, stream, http)) for n, c in enumerate(customers)]
        loop = asyncio.get_running_loop()
        pool = ThreadPoolExecutor(max_workers=4)

        def post(event: dict) -> None:
            stream.webhook_answers.append((event["id"], _deliver(app, event)))

        async def until(condition) -> None:
            while not condition():
                finished = [task for task in writers if task.done()]
                if finished:
                    finished[0].result()  # a writer failed before the cut: show why
                await asyncio.sleep(0.01)

        await until(lambda: len(stream.acked) >= ACKED_BEFORE_THE_CUT)
        burst = [loop.run_in_executor(pool, post, event) for event in deliveries]
        await until(lambda: stream.webhook_answers)  # the cut comes in the middle of the burst
        kill_app(app)
        for task in writers:
            task.cancel()
        await asyncio.gather(*writers, return_exceptions=True)
        await asyncio.gather(*burst)
        pool.shutdown()
        for customer in customers:
            await customer.sio.disconnect()
    return stream, customers[0].cookie


def _stored_names(app) -> set[str]:
    root = app.data_dir / "files"
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _named_by_rows() -> set[str]:
    """Every stored name a file row owns (the original and its renditions), as the app lists them."""
    with session_scope() as db:
        return {name for record in db.exec(select(ItemFile)).all() for name in files.stored_names(record)}


async def _wait_for(condition, timeout: float = 30) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.2)
    return condition()


def test_acknowledged_writes_survive_a_sigkill_and_webhooks_apply_once(crash_app):
    app = crash_app
    writer_email, payer_id, stripe_customer, events = _seed(app)

    stream, cookie = run_in_own_loop(_stream_until_the_cut(app, writer_email, events))
    assert len(stream.acked) >= ACKED_BEFORE_THE_CUT and stream.acked_files

    # the restarted app sweeps what the crash left (bytes written, row never committed) at once
    restart_app(app, extra_env={"CLEVERSTORE_ORPHAN_FILE_GRACE_SECONDS": "0"})
    # Stripe delivers again what was not acknowledged, and we deliver everything once more
    assert [_deliver(app, event) for event in events] == [200] * len(events)

    with session_scope() as db:
        items = db.exec(select(Item).where(Item.account_id != payer_id)).all()
        categories = {c.id: c.name for c in db.exec(select(Category)).all()}
    by_name: dict[str, list[Item]] = {}
    for item in items:
        by_name.setdefault(item.name, []).append(item)
    # every acknowledged object is there exactly once, under the id the app gave
    for name, item_id in stream.acked.items():
        assert [i.id for i in by_name.get(name, [])] == [item_id], name
    # no object is partial, acknowledged or not: each row is exactly one form the client sent
    for item in items:
        form = stream.sent[item.name]
        assert len(by_name[item.name]) == 1
        assert (item.description, item.quantity, item.purchase_price_ore, categories.get(item.category_id)) == (
            form["description"].strip(), int(form["quantity"]), int(form["purchase_price"]) * 100, form["category"])

    with session_scope() as db:
        file_rows = {row.id: row for row in db.exec(select(ItemFile)).all()}
    for file_id, (item_id, _photo_bytes) in stream.acked_files.items():
        assert file_id in file_rows and file_rows[file_id].item_id == item_id
    # no row without its bytes, and (once the sweep ran) no bytes without their row, nothing half-written
    named = _named_by_rows()
    assert named <= _stored_names(app)
    assert run_in_own_loop(_wait_for(lambda: _stored_names(app) == named)), sorted(_stored_names(app) - named)
    # and the restarted app serves every acknowledged photo to its owner
    for file_id in stream.acked_files:
        request = urllib.request.Request(app.url(f"/files/{file_id}/view"), headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200 and response.read()[:3] in (b"\xff\xd8\xff", b"\x89PN")

    # each event id applied once; one subscription on both sides, and the register is open
    assert any(status == 200 for _event, status in stream.webhook_answers)
    with session_scope() as db:
        stored_events = db.exec(select(StripeEvent.id)).all()
        billing = db.exec(select(BillingAccount).where(BillingAccount.account_id == payer_id)).all()
        register_open = rules.register_open(db, payer_id)
    assert sorted(stored_events) == sorted(event["id"] for event in events)
    with app.emulator.store.lock:
        stripe_subscriptions = [s["id"] for s in app.emulator.store.subscriptions.values()
                                if s["customer"] == stripe_customer]
    assert len(stripe_subscriptions) == 1
    assert [(b.subscription_id, b.status) for b in billing] == [(stripe_subscriptions[0], "active")]
    assert register_open
