"""Time the import of 10 000 rows (about 5 MB): a Homebox export and our own CSV, through the import page's use cases.

Usage: .venv/bin/python benchmarks/import.py [--rows 10000] [--refused-every 50]
The last line is one JSON object:
{"rows": …, "homebox_preview_s": …, "homebox_import_s": …, "own_preview_s": …, "own_import_s": …,
 "reimport_s": …, "baseline_insert_s": …, "export_s": …, "peak_mb_preview": …, "peak_mb_import": …,
 "peak_mb_export": …, "peak_rss_mb": …, "failed_actions": 0, "targets_met": true, …}

What is timed is what a customer waits for, on a fresh SQLite database: the file is kept (`keep_import_file`),
then `import_preview` (read the file, pick the format, check every row; nothing saved) and `commit_import`
(check again, save the good rows in one transaction, hand back the refused rows as a file). Then our own export
of that register (10 000 objects, Swedish, ";") is imported by a second customer, the same file imported again
(every row an update that changes nothing), and the export itself is timed. Peak memory is measured in a
second pass of each step with tracemalloc (Python's allocations; it slows the step, so its times are not used),
and the process's peak RSS at the end.

Rows are realistic: the header is Homebox v0.26's own (tests/fixtures/imports/homebox/release-v0.26.2.csv), with
nested places, tags, prices, dates, makers, serial numbers, links, a custom field and notes; every 50th row is
broken (a date that does not exist) and must be refused. Each step is checked: the counts, every good row in
the database (name, price in öre, date, place, tags, custom field), every broken row absent and listed as
refused with its line. `failed_actions` counts the checks that fail.

Yardstick in the same run, `baseline_insert_s`: SQLAlchemy core inserting the same number of bare object rows
in one executemany, the least any import of that many rows can cost here. Targets: preview <= 1 s, import <= 3 s.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="cleverstore-bench-import-"))
os.environ["CLEVERSTORE_DATA_DIR"] = str(WORK)
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.db'}"
os.environ.setdefault("CLEVERSTORE_SECRET_KEY", "benchmark")
os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"

from sqlalchemy import delete, func, insert  # noqa: E402
from sqlmodel import select  # noqa: E402

from cleverstore.__main__ import migrate  # noqa: E402
from cleverstore.db import session_scope  # noqa: E402
from cleverstore.models import Item, ItemFieldValue  # noqa: E402
from cleverstore.models.base import utcnow  # noqa: E402
from cleverstore.services import imports  # noqa: E402
from cleverstore.services.imports import engine, export  # noqa: E402
from cleverstore.services.register import catalogue  # noqa: E402
from tests.helpers.factories import make_account, subscribe  # noqa: E402

HOMEBOX_HEADER = (ROOT / "tests/fixtures/imports/homebox/release-v0.26.2.csv").read_text("utf-8").splitlines()[0]
HOUSES = ("Villan", "Sommarstugan")
ROOMS = ("Kök", "Vardagsrum", "Sovrum", "Garage", "Förråd", "Kontor", "Hall", "Badrum")
TAGS = ("ärvt", "försäkrat", "elektronik", "verktyg", "kök", "sport", "konst", "barn")
MAKERS = ("Bosch", "Husqvarna", "Electrolux", "Apple", "Samsung", "IKEA", "Makita", "Sony")
PREVIEW_TARGET_S, IMPORT_TARGET_S = 1.0, 3.0


def homebox_file(rows: int, refused_every: int) -> tuple[bytes, dict[str, dict], list[int]]:
    """(the file, the good rows by name, the lines of the broken rows)."""
    header = next(csv.reader([HOMEBOX_HEADER]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    good: dict[str, dict] = {}
    broken: list[int] = []
    for n in range(rows):
        house, room = HOUSES[n % 2], ROOMS[n % len(ROOMS)]
        name = f"{MAKERS[n % len(MAKERS)]} föremål {n:05d}"
        price_ore = 10_000 + (n * 137) % 2_000_000
        day = date(2015 + n % 10, 1 + n % 12, 1 + n % 28)
        bad = refused_every and n % refused_every == refused_every - 1
        cells = {h: "" for h in header}
        cells.update({
            "HB.import_ref": f"bench-{n:05d}", "HB.location": f"{house} / {room}", "HB.archived": "false",
            "HB.tags": f"{TAGS[n % len(TAGS)]}; {TAGS[(n + 3) % len(TAGS)]}", "HB.asset_id": f"{n:06d}",
            "HB.url": f"https://homebox.example/item/{n}", "HB.name": name, "HB.quantity": str(1 + n % 3),
            "HB.description": f"{name}: inköpt i {house.lower()}, står i {room.lower()}. " * 3,
            "HB.insured": "true" if n % 4 == 0 else "false", "HB.notes": "Kvitto i pärmen; garanti via butik.",
            "HB.purchase_price": f"{price_ore // 100}.{price_ore % 100:02d}", "HB.purchase_from": "Elgiganten",
            "HB.purchase_date": "2021-02-30" if bad else day.isoformat(), "HB.manufacturer": MAKERS[n % len(MAKERS)],
            "HB.model_number": f"MX-{n % 977:04d}", "HB.serial_number": f"SN{n:010d}",
            "HB.lifetime_warranty": "false", "HB.warranty_expires": "", "HB.sold_price": "0",
            "HB.field.Färg": ("Röd", "Svart", "Vit")[n % 3],
        })
        writer.writerow([cells[h] for h in header])
        if bad:
            broken.append(n + 2)
        else:
            good[name] = {"price": price_ore, "day": day, "place": f"{house} › {room}",
                          "tags": sorted({TAGS[n % len(TAGS)], TAGS[(n + 3) % len(TAGS)]}),
                          "colour": cells["HB.field.Färg"], "quantity": 1 + n % 3}
    return out.getvalue().encode("utf-8"), good, broken


def _timed(step):
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def _peak_mb(step) -> float:
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def _account() -> int:
    """A Plus subscriber: Plus has no object limit, so 10 000 rows all fit (Bas holds 1 000)."""
    with session_scope() as db:
        account = make_account(db, subscribed=False)
        subscribe(db, account, plan_code="plus")
        return account.id


def _check_register(account_id: int, good: dict[str, dict], broken_names: set[str]) -> list[str]:
    """What is wrong with the register after an import (empty when every good row arrived right)."""
    failures = []
    with session_scope() as db:
        rows = db.exec(select(Item).where(Item.account_id == account_id)).all()
        paths = catalogue.location_paths(db, account_id)
        tags = catalogue.tags_of(db, [i.id for i in rows])
        colours = {v.item_id: v.value for v in db.exec(select(ItemFieldValue).join(Item, Item.id == ItemFieldValue.item_id)
                                                          .where(Item.account_id == account_id)).all()}
        by_name = {i.name: i for i in rows}
        if len(rows) != len(good):
            failures.append(f"{len(rows)} objects, expected {len(good)}")
        if broken_names & set(by_name):
            failures.append(f"{len(broken_names & set(by_name))} broken rows were saved")
        for name, want in good.items():
            item = by_name.get(name)
            got = None if item is None else {
                "price": item.purchase_price_ore, "day": item.purchase_date, "place": paths.get(item.location_id),
                "tags": sorted(tags.get(item.id, [])), "colour": colours.get(item.id), "quantity": item.quantity}
            if got != want:
                failures.append(f"{name}: {got} != {want}")
                if len(failures) > 5:
                    break
    return failures


def _import(account_id: int, data: bytes, filename: str):
    imports.keep_import_file(account_id, data, filename)
    preview_s, view = _timed(lambda: imports.import_preview(account_id))
    moves: list[int] = []
    import_s, outcome = _timed(lambda: imports.commit_import(account_id, skip_refused=True, actor="benchmark",
                                                             progress=lambda done, total: moves.append(done)))
    return preview_s, view, import_s, outcome, moves


def _peaks(data: bytes, filename: str) -> tuple[float, float]:
    account_id = _account()
    imports.keep_import_file(account_id, data, filename)
    preview = _peak_mb(lambda: imports.import_preview(account_id))
    commit = _peak_mb(lambda: imports.commit_import(account_id, skip_refused=True, actor="benchmark"))
    return preview, commit


def _baseline(rows: int) -> float:
    account_id = _account()
    now = utcnow()
    values = [{"account_id": account_id, "name": f"Bar rad {n:05d}", "quantity": 1, "purchase_price_ore": n,
               "status": "in_use", "insured": False, "created_at": now, "updated_at": now} for n in range(rows)]
    with session_scope() as db:
        seconds, _ = _timed(lambda: db.execute(insert(Item), values))
        db.flush()
        count = db.exec(select(func.count(Item.id)).where(Item.account_id == account_id)).one()
        db.execute(delete(Item).where(Item.account_id == account_id))
    return seconds if count == rows else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--refused-every", type=int, default=50)
    args = parser.parse_args(argv)
    migrate()
    data, good, broken = homebox_file(args.rows, args.refused_every)
    broken_names = {f"{MAKERS[(line - 2) % len(MAKERS)]} föremål {line - 2:05d}" for line in broken}
    figures: dict[str, object] = {"rows": args.rows, "bytes": len(data), "refused_rows": len(broken)}
    failures: list[str] = []

    first = _account()
    preview_s, view, import_s, outcome, moves = _import(first, data, "homebox-export.csv")
    p = view.preview
    if (view.format, p.will_add, p.will_update, [r.line for r in p.refused]) != ("homebox", len(good), 0, broken):
        failures.append(f"homebox preview: {view.format} +{p.will_add} ~{p.will_update} -{len(p.refused)}")
    if (outcome.added, outcome.updated, outcome.refused) != (len(good), 0, len(broken)) or \
            (broken and outcome.refused_file.count(b"\n") != len(broken) + 1):
        failures.append(f"homebox import: {outcome.added}/{outcome.updated}/{outcome.refused}")
    # progress moves once per chunk of rows saved, and ends at the number imported
    if len(moves) < min(3, 1 + -(-len(good) // engine.CHUNK)) or moves[-1] != len(good):
        failures.append(f"progress reported {moves[:3]}…")
    failures += _check_register(first, good, broken_names)
    figures.update(homebox_preview_s=round(preview_s, 3), homebox_import_s=round(import_s, 3),
                   progress_steps=len(moves))
    print(f"Homebox, {args.rows} rows ({len(data) / 1e6:.1f} MB): preview {preview_s:.3f} s, import {import_s:.3f} s "
          f"({outcome.added} added, {outcome.refused} refused)")

    export_s, own = _timed(lambda: b"".join(export.export_register_csv(first, separator=";", lang="sv")))
    figures["export_s"] = round(export_s, 3)
    second = _account()
    preview_s, view, import_s, outcome, _ = _import(second, own, export.export_filename(";", "sv"))
    if (view.format, view.preview.will_add, len(view.preview.refused)) != ("cleverstore", len(good), 0) or \
            (outcome.added, outcome.refused) != (len(good), 0):
        failures.append(f"own CSV: {view.format} {outcome.added}/{outcome.refused}")
    failures += _check_register(second, good, broken_names)
    figures.update(own_bytes=len(own), own_preview_s=round(preview_s, 3), own_import_s=round(import_s, 3))
    print(f"our own CSV ({len(own) / 1e6:.1f} MB, Swedish): export {export_s:.3f} s, preview {preview_s:.3f} s, "
          f"import {import_s:.3f} s")

    _p, _v, reimport_s, outcome, _ = _import(second, own, "again.csv")
    if (outcome.added, outcome.updated) != (0, len(good)):
        failures.append(f"re-import added {outcome.added}, updated {outcome.updated}")
    failures += _check_register(second, good, broken_names)
    figures["reimport_s"] = round(reimport_s, 3)
    print(f"the same file again (every row an update that changes nothing): {reimport_s:.3f} s")

    figures["baseline_insert_s"] = round(_baseline(args.rows), 3)
    print(f"yardstick, SQLAlchemy core inserting {args.rows} bare rows: {figures['baseline_insert_s']:.3f} s")
    peak_preview, peak_import = _peaks(data, "homebox-export.csv")
    figures["peak_mb_export"] = round(_peak_mb(lambda: sum(len(p) for p in export.export_register_csv(first))), 1)
    figures.update(peak_mb_preview=round(peak_preview, 1), peak_mb_import=round(peak_import, 1),
                   peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    print(f"peak Python memory: preview {peak_preview:.1f} MB, import {peak_import:.1f} MB, "
          f"export {figures['peak_mb_export']} MB")
    for failure in failures:
        print("FAILED:", failure)
    figures["failed_actions"] = len(failures)
    slowest_preview = max(figures["homebox_preview_s"], figures["own_preview_s"])
    slowest_import = max(figures["homebox_import_s"], figures["own_import_s"])
    figures["targets_met"] = not failures and slowest_preview <= PREVIEW_TARGET_S and slowest_import <= IMPORT_TARGET_S
    print(json.dumps(figures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
