"""Time the register report: 1 000 and 10 000 objects from the database, and 1 000 objects with a photo each.

Usage: .venv/bin/python benchmarks/reports.py
The last line is one JSON object:
{"report_1000_s": …, "report_10000_s": …, "photos_1000_s": …, "peak_rss_mb": …}
Each figure is the best of three runs, wall clock, on a fresh SQLite database. The objects are spread
over 16 rooms in two houses and 10 categories, with serial numbers, values and warranties, as in a
real register.
"""
from __future__ import annotations

import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="cleverstore-bench-reports-"))
os.environ["CLEVERSTORE_DATA_DIR"] = str(WORK)
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.db'}"
os.environ.setdefault("CLEVERSTORE_SECRET_KEY", "benchmark")
os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"

from PIL import Image  # noqa: E402

from cleverstore.__main__ import migrate  # noqa: E402
from cleverstore.db import session_scope  # noqa: E402
from cleverstore.models import Category, Item, Location  # noqa: E402
from cleverstore.services.accounts import account as accounts  # noqa: E402
from cleverstore.services.register.items import ItemQuery  # noqa: E402
from cleverstore.services.reports import runner  # noqa: E402
from cleverstore.services.reports.pdf.model import (  # noqa: E402
    GroupTotal,
    Owner,
    RegisterReport,
    ReportObject,
    Totals,
)
from cleverstore.services.reports.pdf.register_report import render_register_report  # noqa: E402

CATEGORIES = ["Möbler", "Elektronik", "Verktyg", "Kök", "Kläder", "Konst", "Smycken", "Sport", "Böcker", "Trädgård"]
HOUSES = ("Villan", "Sommarstugan")
ROOMS = ("Kök", "Vardagsrum", "Sovrum", "Garage", "Förråd", "Kontor", "Hall", "Tvättstuga")


def _account(n: int) -> int:
    with session_scope() as db:
        account = accounts.sign_up(db, {
            "kind": "private", "name": f"Bänk Märk {n}", "email": f"bench{n}@example.se", "phone": "0701234567",
            "street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm", "password": "kaffe och kanelbullar",
            "password_repeat": "kaffe och kanelbullar", "accept_terms": "on",
        })
        account_id = account.id
        rng = random.Random(n)
        categories = [Category(account_id=account_id, name=name, useful_life_years=rng.choice([None, 5, 10]))
                      for name in CATEGORIES]
        houses = {house: Location(account_id=account_id, name=house) for house in HOUSES}
        db.add_all([*categories, *houses.values()])
        db.flush()
        rooms = [Location(account_id=account_id, name=room, parent_id=houses[house].id)
                 for house in HOUSES for room in ROOMS]
        db.add_all(rooms)
        db.flush()
        db.add_all([Item(
            account_id=account_id, name=f"{rng.choice(['Soffa', 'Tv', 'Borrmaskin', 'Ring', 'Cykel'])} {i} åäö",
            category_id=rng.choice(categories).id, location_id=rng.choice(rooms).id, quantity=rng.randint(1, 3),
            manufacturer=rng.choice(["IKEA", "Sony", "Bosch", "Apple", ""]), model=f"M-{rng.randint(1, 999)}",
            serial_number=f"SN{rng.randint(10**6, 10**9)}", purchase_date=date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
            purchase_price_ore=rng.randint(100, 5_000_000), current_value_ore=rng.randint(100, 3_000_000),
            replacement_value_ore=rng.randint(100, 6_000_000) if i % 3 == 0 else None,
            warranty_end=date(2027, 1, 1) if i % 4 == 0 else None,
        ) for i in range(n)])
    return account_id


def _best_of(runs: int, func) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def _thumbnails(n: int) -> list[Path]:
    folder = WORK / "thumbs"
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"t{i}.jpg"
        Image.new("RGB", (96, 96), ((i * 37) % 255, (i * 91) % 255, (i * 53) % 255)).save(path, quality=80)
        paths.append(path)
    return paths


def _photo_report(paths: list[Path]) -> None:
    objects = (ReportObject(name=f"Foto {i}", location="Vardagsrum", purchase_price_ore=100_00, thumbnail=path)
               for i, path in enumerate(paths))
    report = RegisterReport(report_id="R-BENCH", created=datetime.now(timezone.utc), lang="sv",
                            owner=Owner("Bänk", ("Storgatan 1", "111 22 Stockholm"), "100001"), filter_text="",
                            totals=Totals(len(paths)), by_location=[GroupTotal("Vardagsrum", Totals(len(paths)))],
                            by_category=[], objects_per_location=[("Vardagsrum", len(paths))], objects=objects)
    render_register_report(report, io.BytesIO())


def main() -> None:
    migrate()
    figures = {}
    for n in (1000, 10000):
        account_id = _account(n)
        seconds = _best_of(3, lambda: runner.register_report(account_id, ItemQuery(), "sv"))
        figures[f"report_{n}_s"] = round(seconds, 3)
        print(f"register report, {n:>6} objects from the database: {seconds:.3f} s")
    paths = _thumbnails(1000)
    seconds = _best_of(3, lambda: _photo_report(paths))
    figures["photos_1000_s"] = round(seconds, 3)
    print(f"register report, 1 000 objects with a thumbnail each: {seconds:.3f} s")
    figures["linear_ratio_10000_vs_1000"] = round(figures["report_10000_s"] / figures["report_1000_s"], 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
