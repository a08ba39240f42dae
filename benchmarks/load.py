"""Load: N simulated customers over the real websocket protocol, against 1 and 2 workers.

Each customer logs in (the login event, then the HTTP route that sets the session
cookie), opens the register, searches, pages and adds an object, repeatedly,
through socket.io exactly as the browser does. The app runs the production build;
with 2 workers it keeps state in Redis (REDIS_URL, default redis://127.0.0.1:6379/0).
Password hashing runs at a low bcrypt cost here so that the figures show the
app's event handling, not bcrypt (cost 12 takes ~0.25 s of CPU per login).

Customers think between clicks (`--think`, seconds, default 3.0; each pause is drawn
between half and one and a half times that): a person reads the list or types a name
before the next click, so the latency figures are what 200 people working at once
feel. `--think 1` is a stress setting (every customer clicking about once a second).
A second run on the same server drops the pauses (`saturated_eps_*`): the most events
per second the workers can answer.

Every customer has paid (a locked register would refuse each event in a millisecond), and every
timed event is checked to have done its work: the register sent rows (page 2 after "next"), the
form opened, the saved object's page followed. `failed_actions` counts those that did not; the
figures are only worth reading when it is 0.

Usage: .venv/bin/python benchmarks/load.py [--clients 200] [--rounds 3] [--think 3.0] [--workers 1 2]
The last line is one JSON object:
{"clients": …, "failed_actions": 0, "p95_ms_1_worker": …, "eps_1_worker": …, "eps_2_workers": …, …}
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.helpers.app_server import start_app, stop_app  # noqa: E402
from tests.helpers.ws_client import ITEM, PASSWORD, REGISTER, Customer, frontend_schema  # noqa: E402


def _seed(app, clients: int) -> list[str]:
    """Customers with a few objects each, written straight into the app's database."""
    os.environ["DATABASE_URL"] = app.database_url
    os.environ["CLEVERSTORE_SECRET_KEY"] = "e2e-secret-key"
    os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"
    from cleverstore.config import reset_settings
    from cleverstore.db import dispose_engines, session_scope
    from cleverstore.services.register import items
    from tests.helpers.factories import activated_sign_up, subscribe

    reset_settings()
    dispose_engines()
    emails = []
    with session_scope() as db:
        for number in range(clients):
            email = f"load{number}-{uuid.uuid4().hex[:6]}@example.se"
            account = activated_sign_up(db, {
                "kind": "private", "name": f"Last {number}", "email": email, "phone": "0701234567",
                "street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm", "password": PASSWORD,
                "password_repeat": PASSWORD, "accept_terms": "on"})
            subscribe(db, account)  # a paid register: a locked one refuses every event we time
            for item in range(30):
                items.create_item(db, account.id, {"name": f"Sak {item}", "category": "Kök",
                                                       "purchase_price": str(100 + item)})
            emails.append(email)
    dispose_engines()
    return emails


# Customers arrive a few at a time (the log-in is not measured): a test of 200 people working,
# not of 200 connections opened in the same millisecond.
LOGINS_AT_ONCE = 20


def _shows_rows(customer: Customer) -> bool:
    return bool(customer.changed(REGISTER, "rows")) and not customer.redirected_to()


def _on_page_two(customer: Customer) -> bool:
    return customer.changed(REGISTER, "page") == 2 and _shows_rows(customer)


def _form_opened(customer: Customer) -> bool:
    return customer.changed(ITEM, "loaded") is True and not customer.redirected_to()


def _saved(customer: Customer) -> bool:
    return customer.redirected_to().startswith("/object?id=")


class LoadCustomer(Customer):
    """A customer who browses the register and adds an object, round after round."""

    failed_actions = 0

    async def work(self, rounds: int, number: int, think: float) -> None:
        pauses = random.Random(number)
        steps = lambda round_number: (  # noqa: E731
            (f"{REGISTER}.on_load", {}, "/register/", _shows_rows),
            (f"{REGISTER}.set_search", {"value": f"sak {round_number}"}, "/register/", _shows_rows),
            (f"{REGISTER}.set_search", {"value": ""}, "/register/", _shows_rows),
            (f"{REGISTER}.next_page", {}, "/register/", _on_page_two),
            (f"{ITEM}.load_form", {}, "/object/new/", _form_opened),
            (f"{ITEM}.save", {"form": {"name": f"Ny sak {number}-{round_number}", "quantity": "1",
                                       "status": "in_use"}}, "/object/new/", _saved),
        )
        if think:
            await asyncio.sleep(pauses.uniform(0, think))  # people do not all start in the same millisecond
        for round_number in range(rounds):
            for event, payload, path, done in steps(round_number):
                await self.send(event, payload, path, want_events=done is _saved)
                if not done(self):
                    self.failed_actions += 1
                if think:
                    await asyncio.sleep(pauses.uniform(0.5 * think, 1.5 * think))


def _figures(latencies: list[float], elapsed: float, failed: int) -> dict:
    latencies = sorted(latencies)
    return {"events": len(latencies), "failed_actions": failed, "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
            "eps": round(len(latencies) / elapsed, 1)}


async def _run_clients(base_url: str, emails: list[str], rounds: int, schema: str, think: float) -> tuple[dict, dict]:
    """(figures with think time, figures without): the same logged-in customers, first at a human pace, then flat out."""
    latencies: list[float] = []
    customers = [LoadCustomer(base_url, schema, latencies) for _ in emails]
    results = []
    async with aiohttp.ClientSession() as http:
        arriving = asyncio.Semaphore(LOGINS_AT_ONCE)

        async def log_in(customer: LoadCustomer, email: str) -> None:
            async with arriving:
                await customer.log_in(email, http)

        await asyncio.gather(*(log_in(c, email) for c, email in zip(customers, emails)))
        for pause in (think, 0.0):
            latencies.clear()
            for customer in customers:
                customer.failed_actions = 0
            started = time.perf_counter()
            await asyncio.gather(*(c.work(rounds, n, pause) for n, c in enumerate(customers)))
            results.append(_figures(latencies, time.perf_counter() - started, sum(c.failed_actions for c in customers)))
    await asyncio.gather(*(c.sio.disconnect() for c in customers))
    return results[0], results[1]


def _measure(clients: int, rounds: int, workers: int, schema: str, think: float) -> tuple[dict, dict]:
    extra = {"CLEVERSTORE_BCRYPT_ROUNDS": "4", "GRANIAN_WORKERS": str(workers)}
    if workers > 1:
        extra["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    else:
        extra["REDIS_URL"] = ""
    app = start_app(f"load{workers}", extra_env=extra)
    try:
        emails = _seed(app, clients)
        paced, saturated = asyncio.run(_run_clients(app.base_url, emails, rounds, schema, think))
    finally:
        stop_app(app)
    print(f"{workers} worker(s), {clients} clients thinking ~{think} s: {paced}")
    print(f"{workers} worker(s), {clients} clients without pauses: {saturated}")
    return paced, saturated


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], choices=[1, 2, 3, 4],
                        help="worker counts to measure (more than one keeps state in Redis)")
    args = parser.parse_args()
    schema = frontend_schema()
    line: dict = {"clients": args.clients, "think_s": args.think, "failed_actions": 0}
    for workers in args.workers:
        paced, flat = _measure(args.clients, args.rounds, workers, schema, args.think)
        name = f"{workers}_worker" + ("s" if workers > 1 else "")
        line["failed_actions"] += paced["failed_actions"] + flat["failed_actions"]
        line.update({f"p95_ms_{name}": paced["p95_ms"], f"p50_ms_{name}": paced["p50_ms"], f"eps_{name}": paced["eps"],
                     f"saturated_eps_{name}": flat["eps"], f"saturated_p95_ms_{name}": flat["p95_ms"]})
    print(json.dumps(line))


if __name__ == "__main__":
    main()
