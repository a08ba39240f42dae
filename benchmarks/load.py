"""Load: N simulated customers over the real websocket protocol, against 1 and 2 workers.

Each customer logs in (the login event, then the HTTP route that sets the session
cookie), opens the register, searches, pages and adds an object, repeatedly,
through socket.io exactly as the browser does. The app runs the production build;
with 2 workers it keeps state in Redis (REDIS_URL, default redis://127.0.0.1:6379/0).
Password hashing runs at a low bcrypt cost here so that the figures show the
app's event handling, not bcrypt (cost 12 takes ~0.25 s of CPU per login).

Usage: .venv/bin/python benchmarks/load.py [--clients 200] [--rounds 5]
The last line is one JSON object:
{"clients": …, "p95_ms_1_worker": …, "eps_1_worker": …, "eps_2_workers": …, …}
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

from tests.support.app_server import start_app, stop_app  # noqa: E402

PASSWORD = "kaffe och kanelbullar"
ROOT_STATE = "reflex___state____state"
APP_STATE = f"{ROOT_STATE}.cleverstore___state___base____app_state"
REGISTER = f"{APP_STATE}.cleverstore___state___register____register_state"
ITEM = f"{APP_STATE}.cleverstore___state___item____item_state"
LOGIN = f"{APP_STATE}.cleverstore___state___auth____login_state"


def _seed(app, clients: int) -> list[str]:
    """Customers with a few objects each, written straight into the app's database."""
    os.environ["DATABASE_URL"] = app.database_url
    os.environ["CLEVERSTORE_SECRET_KEY"] = "e2e-secret-key"
    os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"
    from cleverstore.config import reset_settings
    from cleverstore.db import dispose_engines, session_scope
    from cleverstore.services import accounts, inventory

    reset_settings()
    dispose_engines()
    emails = []
    with session_scope() as db:
        for number in range(clients):
            email = f"load{number}-{uuid.uuid4().hex[:6]}@example.se"
            account = accounts.sign_up(db, {
                "kind": "private", "name": f"Last {number}", "email": email, "phone": "0701234567",
                "street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm", "password": PASSWORD,
                "password_repeat": PASSWORD, "accept_terms": "on"})
            for item in range(30):
                inventory.create_item(db, account.id, {"name": f"Sak {item}", "category": "Kök",
                                                       "purchase_price": str(100 + item)})
            emails.append(email)
    dispose_engines()
    return emails


def _frontend_schema() -> str:
    os.environ["__REFLEX_SKIP_COMPILE"] = "true"
    import reflex as rx

    from cleverstore.cleverstore import app  # noqa: F401  (registers the states)

    return rx.State._to_frontend_schema()


class Customer:
    """One browser tab: a socket.io connection with its own client token and cookie."""

    def __init__(self, base_url: str, schema: str, latencies: list[float]):
        self.base_url, self.schema, self.latencies = base_url, schema, latencies
        self.token = str(uuid.uuid4())
        self.cookie = ""
        self.sio: socketio.AsyncClient | None = None
        self.done: asyncio.Event | None = None
        self.last_events: list = []
        self.want_events = False

    async def connect(self, path: str) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.done = asyncio.Event()

        self.hydrated = asyncio.Event()

        @self.sio.on("event", namespace="/_event")
        async def on_update(update):
            self.last_events.extend(update.get("events", []))
            if update.get("delta", {}).get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True:
                self.hydrated.set()
            if not self.want_events or update.get("events"):
                self.done.set()

        boot = {"event": {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {},
                          "router_data": {"pathname": path, "asPath": path}}, "state_schema": self.schema}
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.want_events = False
        await self.sio.connect(f"{self.base_url}?token={self.token}", headers=headers, auth=boot,
                               transports=["websocket"], namespaces=["/_event"], socketio_path="/_event")
        await asyncio.wait_for(self.hydrated.wait(), 60)  # the page's on_load has run

    async def send(self, name: str, payload: dict, path: str, *, want_events: bool = False) -> None:
        """Time from sending the event to the first answer (or to the answer that carries events)."""
        self.want_events = want_events
        self.done.clear()
        self.last_events = []
        started = time.perf_counter()
        await self.sio.emit("event", {"name": name, "payload": payload,
                                      "router_data": {"pathname": path, "asPath": path}}, namespace="/_event")
        await asyncio.wait_for(self.done.wait(), 60)
        self.latencies.append((time.perf_counter() - started) * 1000)

    async def log_in(self, email: str, http: aiohttp.ClientSession) -> None:
        await self.connect("/login/")
        await self.send(f"{LOGIN}.login", {"form": {"email": email, "password": PASSWORD}}, "/login/",
                        want_events=True)
        script = json.dumps(self.last_events)
        if "ticket=" not in script:
            raise RuntimeError(f"login gave no ticket: {script[:300]}")
        ticket = script.split("ticket=")[1].split("'")[0].split("\\")[0]
        async with http.get(f"{self.base_url}/auth/session?ticket={ticket}", allow_redirects=False) as response:
            self.cookie = f"cs_session={response.cookies['cs_session'].value}"
        await self.sio.disconnect()
        await self.connect("/register/")  # a full page load: the new socket carries the cookie

    async def work(self, rounds: int, number: int) -> None:
        for round_number in range(rounds):
            await self.send(f"{REGISTER}.on_load", {}, "/register/")
            await self.send(f"{REGISTER}.set_search", {"value": f"sak {round_number}"}, "/register/")
            await self.send(f"{REGISTER}.set_search", {"value": ""}, "/register/")
            await self.send(f"{REGISTER}.next_page", {}, "/register/")
            await self.send(f"{ITEM}.load_form", {}, "/object/new/")
            await self.send(f"{ITEM}.save", {"form": {"name": f"Ny sak {number}-{round_number}", "quantity": "1",
                                                       "status": "in_use"}}, "/object/new/")


async def _run_clients(base_url: str, emails: list[str], rounds: int, schema: str) -> tuple[list[float], float]:
    latencies: list[float] = []
    customers = [Customer(base_url, schema, latencies) for _ in emails]
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(c.log_in(email, http) for c, email in zip(customers, emails)))
        latencies.clear()
        started = time.perf_counter()
        await asyncio.gather(*(c.work(rounds, n) for n, c in enumerate(customers)))
        elapsed = time.perf_counter() - started
    await asyncio.gather(*(c.sio.disconnect() for c in customers))
    return latencies, elapsed


def _measure(clients: int, rounds: int, workers: int, schema: str) -> dict:
    extra = {"CLEVERSTORE_BCRYPT_ROUNDS": "4", "GRANIAN_WORKERS": str(workers)}
    if workers > 1:
        extra["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    else:
        extra["REDIS_URL"] = ""
    app = start_app(f"load{workers}", extra_env=extra)
    try:
        emails = _seed(app, clients)
        latencies, elapsed = asyncio.run(_run_clients(app.base_url, emails, rounds, schema))
    finally:
        stop_app(app)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    figures = {"events": len(latencies), "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(p95, 1),
               "eps": round(len(latencies) / elapsed, 1)}
    print(f"{workers} worker(s), {clients} clients: {figures}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    schema = _frontend_schema()
    one = _measure(args.clients, args.rounds, 1, schema)
    two = _measure(args.clients, args.rounds, 2, schema)
    print(json.dumps({"clients": args.clients, "p95_ms_1_worker": one["p95_ms"], "p50_ms_1_worker": one["p50_ms"],
                      "eps_1_worker": one["eps"], "p95_ms_2_workers": two["p95_ms"], "eps_2_workers": two["eps"]}))


if __name__ == "__main__":
    main()
