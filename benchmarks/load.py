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

from tests.support.app_server import start_app, stop_app  # noqa: E402
from tests.support.ws_client import ITEM, PASSWORD, REGISTER, Customer, frontend_schema  # noqa: E402


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


class LoadCustomer(Customer):
    """A customer who browses the register and adds an object, round after round."""

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
    customers = [LoadCustomer(base_url, schema, latencies) for _ in emails]
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
    schema = frontend_schema()
    one = _measure(args.clients, args.rounds, 1, schema)
    two = _measure(args.clients, args.rounds, 2, schema)
    print(json.dumps({"clients": args.clients, "p95_ms_1_worker": one["p95_ms"], "p50_ms_1_worker": one["p50_ms"],
                      "eps_1_worker": one["eps"], "p95_ms_2_workers": two["p95_ms"], "eps_2_workers": two["eps"]}))


if __name__ == "__main__":
    main()
