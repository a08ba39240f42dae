"""Time the dashboard's figures for a register of N objects, as its page load asks for them.

The dashboard's on_load event calls two actions: `dashboard_figures` (totals, value by category and by
place, value over time, warranties, missing photos and receipts, objects needing details, the
re-inventory's not-checked count) and `insurance_check` (every policy's objects against its sums). This
script times those two calls together, in this process, on a fresh SQLite database: the part of the
event that grows with the register (the Reflex round trip is measured by register_events.py).

The figures are kept between page loads until a row they are made of changes
(`services/register/summaries.py`), so two loads are timed: `dashboard_ms_<n>`, the register as the last
load left it (the figures as kept), and `dashboard_after_change_ms_<n>`, right after a change to one
object (its notes, written in a transaction of its own as the object page would): the figures made anew.

Each timed build is checked: its totals must equal the one definition of worth (`shared/worth.py`)
applied in Python to the very rows that were seeded, its groups must add up to the totals, and the
insurance check must count every owned object once; a load after a change must have made the figures
anew. `failed_actions` counts the builds that fail.

Usage: .venv/bin/python benchmarks/dashboard.py [--objects 100 100000] [--runs 5]
The last line is one JSON object: {"dashboard_ms_100": …, "dashboard_after_change_ms_100000": …,
"failed_actions": 0, …} (each `_ms_` figure is the median of the runs; `_p95` and `_max` beside it).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="cleverstore-bench-dashboard-"))
os.environ["CLEVERSTORE_DATA_DIR"] = str(WORK)
os.environ["DATABASE_URL"] = os.environ.get("CLEVERSTORE_BENCH_DATABASE_URL") or f"sqlite:///{WORK / 'bench.db'}"
os.environ.setdefault("CLEVERSTORE_SECRET_KEY", "benchmark")
os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"

from sqlalchemy import func, insert, select, update  # noqa: E402

from cleverstore.__main__ import migrate  # noqa: E402
from cleverstore.db import session_scope  # noqa: E402
from cleverstore.models import Category, InsurancePolicy, Item, Location  # noqa: E402
from cleverstore.models.base import utcnow  # noqa: E402
from cleverstore.services.accounts import account as accounts  # noqa: E402
from tests.helpers.factories import signup_form  # noqa: E402
from cleverstore.services.insurance import coverage, insurance_check  # noqa: E402
from cleverstore.services.register import dashboard, dashboard_figures  # noqa: E402
from cleverstore.services.shared import worth  # noqa: E402

CATEGORIES = ("Möbler", "Elektronik", "Verktyg", "Kök", "Kläder", "Konst", "Smycken", "Sport", "Böcker", "Trädgård",
              "Datorer", "Telefoner")
HOUSES = ("Villan", "Sommarstugan", "Förrådet")
ROOMS = ("Kök", "Vardagsrum", "Sovrum", "Garage", "Förråd", "Kontor", "Hall", "Tvättstuga")
STATUSES = ("in_use",) * 14 + ("lent_out", "lost", "sold", "discarded")  # a few not owned any more
BATCH = 5_000


def _seed(n: int) -> tuple[int, list[dict], dict[int | None, int | None]]:
    """One customer with `n` varied objects; returns the account, the rows as inserted, each category's life."""
    rng = random.Random(n)
    with session_scope() as db:
        account = accounts.sign_up(db, signup_form(name=f"Bänk Märk {n}", email=f"dashboard{n}@example.se"))
        account_id = account.id
        categories = [Category(account_id=account_id, name=name, useful_life_years=rng.choice([None, 0, 5, 10]))
                      for name in CATEGORIES]
        houses = {house: Location(account_id=account_id, name=house) for house in HOUSES}
        db.add_all([*categories, *houses.values()])
        db.flush()
        rooms = [Location(account_id=account_id, name=room, parent_id=houses[house].id)
                 for house in HOUSES for room in ROOMS]
        db.add_all(rooms)
        # a home policy sized to the register (about 40 000 kr an object), as a customer would insure it: a
        # few objects above its single-item limit, the theft-prone ones near their limit
        db.add(InsurancePolicy(account_id=account_id, company="Folksam", policy_number="H-1", kind="home",
                               contents_sum_ore=max(n, 1) * 40_000_00, theft_limit_percent=33,
                               single_item_limit_ore=59_000_00))
        db.flush()
        life = {c.id: c.useful_life_years for c in categories}
        life[None] = None
        today, now = date.today(), utcnow()
        rows = []
        for i in range(n):
            created = now - timedelta(days=rng.randrange(1, 900))  # a status changed before today: left before today
            price = rng.choice([None, rng.randint(100, 5_000_000)])
            status = rng.choice(STATUSES)
            rows.append(dict(
                account_id=account_id, name=f"{rng.choice(['Soffa', 'Tv', 'Borrmaskin', 'Ring', 'Cykel'])} {i}",
                description="", category_id=rng.choice([None, *life.keys()]) if i % 17 == 0 else categories[i % 12].id,
                location_id=None if i % 23 == 0 else rng.choice(rooms).id, quantity=rng.randint(1, 3),
                manufacturer="", model="", serial_number=f"SN{i:08d}",
                purchase_date=None if i % 11 == 0 else today - timedelta(days=rng.randrange(5000)),
                purchase_price_ore=price, current_value_ore=rng.randint(100, 3_000_000) if i % 5 == 0 else None,
                replacement_value_ore=rng.randint(100, 6_000_000) if i % 3 == 0 else None,
                warranty_end=today + timedelta(days=rng.randrange(-30, 400)) if i % 4 == 0 else None,
                notes="", status=status,
                sold_date=today - timedelta(days=rng.randrange(1, 700)) if status == "sold" else None,
                last_checked_on=today - timedelta(days=rng.randrange(800)) if i % 2 == 0 else None,
                created_at=created, updated_at=created, search_text="",
            ))
        for start in range(0, n, BATCH):
            db.connection().execute(insert(Item.__table__), rows[start:start + BATCH])
    return account_id, rows, life


def _expected(rows: list[dict], life: dict, today: date) -> worth.Worth:
    """The totals by the one definition of worth, applied in Python to every seeded row."""
    expected = worth.Worth()
    for row in rows:
        current = worth.estimated_value(row["purchase_price_ore"], row["current_value_ore"], row["purchase_date"],
                                        life[row["category_id"]], today)
        worth.add(expected, row["status"], row["quantity"], row["purchase_price_ore"], row["replacement_value_ore"],
                  current)
    return expected


def _right(board, coverage, expected: worth.Worth) -> bool:
    """The dashboard says what the seeded rows are worth, its groups add up, and cover counts every object."""
    totals = board.totals
    return (vars(totals) == vars(expected)
            and sum(g.objects for g in board.by_category) == expected.objects
            and sum(g.current_ore for g in board.by_category) == expected.current_ore
            and sum(g.objects for g in board.by_location) == expected.objects
            and sum(g.purchase_ore for g in board.by_location) == expected.purchase_ore
            and bool(board.over_time) and board.over_time[-1].value_ore == expected.current_ore
            and sum(check.objects for check in coverage.policies) + coverage.outside_objects == expected.objects)


class _Counted:
    """`dashboard.measure` and `coverage.compare`, counting how often the figures are really made."""

    def __init__(self):
        self.made = 0
        self.measure, self.compare = dashboard.measure, coverage.compare
        dashboard.measure, coverage.compare = self._measure, self._compare

    def _measure(self, *args):
        self.made += 1
        return self.measure(*args)

    def _compare(self, *args):
        self.made += 1
        return self.compare(*args)


def _change_one_object(account_id: int, index: int) -> None:
    """A customer's edit that leaves the figures as they were: one object's notes."""
    with session_scope() as db:
        db.execute(update(Item).where(Item.id == select(func.min(Item.id)).where(Item.account_id == account_id)
                                      .scalar_subquery()).values(notes=f"Ändrad {index}"))


def _measure(account_id: int, expected: worth.Worth, runs: int, counted: _Counted,
             after_change: bool) -> tuple[list[float], int]:
    samples, failed = [], 0
    for index in range(runs + 1):  # the first build warms the caches and is not timed
        if after_change:
            _change_one_object(account_id, index)
        made_before = counted.made
        started = time.perf_counter()
        board = dashboard_figures(account_id, none_label="Ingen", rest_label="Övrigt")
        coverage_now = insurance_check(account_id)
        elapsed = (time.perf_counter() - started) * 1000
        made_anew = counted.made - made_before == 2
        failed += 0 if _right(board, coverage_now, expected) and (made_anew or not after_change) else 1
        if index:
            samples.append(elapsed)
    return samples, failed


def _record(figures: dict, name: str, n: int, samples: list[float], failed: int, runs: int) -> None:
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    figures[f"{name}_ms_{n}"] = round(median, 1)
    figures[f"{name}_p95_ms_{n}"] = round(p95, 1)
    figures[f"{name}_max_ms_{n}"] = round(samples[-1], 1)
    figures["failed_actions"] += failed
    print(f"{name}, {n:>6} objects: median {median:.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms "
          f"({failed} wrong of {runs + 1})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, nargs="+", default=[100, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    migrate()
    figures: dict[str, float | int] = {"failed_actions": 0}
    counted = _Counted()
    for n in args.objects:
        started = time.perf_counter()
        account_id, rows, life = _seed(n)
        print(f"seeded {n} objects in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        expected = _expected(rows, life, date.today())
        for name, after_change in (("dashboard_after_change", True), ("dashboard", False)):
            samples, failed = _measure(account_id, expected, args.runs, counted, after_change)
            _record(figures, name, n, samples, failed, args.runs)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
