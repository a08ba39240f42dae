"""Time the register report: 1 000 and 10 000 objects from the database, and 1 000 objects with a photo each.

Usage: .venv/bin/python benchmarks/reports.py [--objects 1000 10000] [--photos 1000] [--runs 3]
The last line is one JSON object:
{"report_1000_s": …, "report_10000_s": …, "photos_1000_s": …, "naive_10000_s": …, "failed_actions": 0, …}
Each figure is the best of `--runs` runs, wall clock, on a fresh SQLite database. Each size's reports are
made in a fresh process of their own (as a worker would), so that `peak_rss_mb_<n>` is the peak resident
memory of making that report (the interpreter and its imports included, printed apart as `base_rss_mb`),
not of seeding the objects. The objects are spread
over 16 rooms in two houses and 10 categories, with serial numbers, values and warranties, as in a
real register.

Every timed report is checked: the job finished, its file is a PDF with as many pages as the job
says, at least one page per 40 objects, and every object's serial number is in its text (read back
with poppler's pdftotext). `failed_actions` counts the reports that fail a check. The yardstick in the
same run, `naive_<n>_s`, is reportlab's canvas writing one line per object with drawString and no
layout at all: the least any PDF of that many lines can cost on this machine.
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# a report's own process (see `_report_process`) works in the same directory and database
WORK = Path(os.environ.get("CLEVERSTORE_BENCH_REPORTS_WORK") or tempfile.mkdtemp(prefix="cleverstore-bench-reports-"))
os.environ["CLEVERSTORE_BENCH_REPORTS_WORK"] = str(WORK)
os.environ["CLEVERSTORE_DATA_DIR"] = str(WORK)
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.db'}"
os.environ.setdefault("CLEVERSTORE_SECRET_KEY", "benchmark")
os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"

from PIL import Image  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from cleverstore.__main__ import migrate  # noqa: E402
from cleverstore.db import session_scope  # noqa: E402
from cleverstore.models import Category, Item, Location, ReportJob  # noqa: E402
from cleverstore.services.accounts import account as accounts  # noqa: E402
from tests.helpers.factories import signup_form  # noqa: E402
from cleverstore.services.register.items import ItemQuery  # noqa: E402
from cleverstore.services.reports import jobs, runner  # noqa: E402
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
        account = accounts.sign_up(db, signup_form(name=f"Bänk Märk {n}", email=f"bench{n}@example.se"))
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


OBJECTS_PER_PAGE_AT_MOST = 40
PAGE = re.compile(rb"/Type\s*/Page[^s]")  # a page object of an uncompressed PDF (the naive one)


def _best_of(runs: int, func, check) -> tuple[float, int]:
    """(best wall-clock seconds, how many runs failed `check` on what `func` returned)."""
    best, failed = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
        failed += 0 if check(result) else 1
    return best, failed


def _serials(account_id: int) -> list[str]:
    with session_scope() as db:
        return [s for s in db.exec(Item.__table__.select().with_only_columns(Item.serial_number)
                                   .where(Item.account_id == account_id)).scalars() if s]


def _report_complete(job, objects: int, serials: list[str]) -> bool:
    """The job finished and its PDF holds every object: pages as counted, serial numbers present."""
    if job.status != "done":
        return False
    path = WORK / f"{job.public_id}.pdf"
    path.write_bytes(jobs.read_file(job) or b"")  # from the file store, where the report was kept
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    pages = text.count("\f")
    words = set(text.split())  # a serial looked up among the words, not searched through 10 MB of text each
    return (path.read_bytes().startswith(b"%PDF") and pages == job.pages
            and pages >= objects / OBJECTS_PER_PAGE_AT_MOST
            and all(serial in words or serial in text for serial in serials))


def _rss_mb() -> float:
    """This process's peak resident memory (MB): VmHWM, which starts afresh at exec (ru_maxrss would keep the
    parent's size from the fork before it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report_process(account_id: int, runs: int) -> tuple[float, list[str], float, float]:
    """In a fresh process: warm the fonts on a one-object report, then make the register report `runs` times.
    (best seconds, the jobs' public ids, peak RSS MB, RSS MB before the first timed report)."""
    _photo_report([])  # fonts registered and modules imported, as in a worker that made a report before
    before = _rss_mb()
    best, public_ids = float("inf"), []
    for _ in range(runs):
        started = time.perf_counter()
        job = runner.register_report(account_id, ItemQuery(), "sv")
        best = min(best, time.perf_counter() - started)
        public_ids.append(job.public_id)
    return best, public_ids, _rss_mb(), before


def _job(public_id: str):
    with session_scope() as db:
        job = db.exec(ReportJob.__table__.select().where(ReportJob.public_id == public_id)).one()
        return ReportJob(**job._mapping)


def _naive(n: int) -> bytes:
    """reportlab with no layout: one drawString per object, a new page every 50 lines."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=0)
    for i in range(n):
        if i and i % 50 == 0:
            pdf.showPage()
        pdf.drawString(40, 800 - (i % 50) * 15, f"Sak {i} åäö · SN{i:09d} · 1 234,00 kr")
    pdf.save()
    return out.getvalue()


def _thumbnails(n: int) -> list[Path]:
    folder = WORK / "thumbs"
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"t{i}.jpg"
        Image.new("RGB", (96, 96), ((i * 37) % 255, (i * 91) % 255, (i * 53) % 255)).save(path, quality=80)
        paths.append(path)
    return paths


def _photo_report(paths: list[Path]) -> int:
    objects = (ReportObject(name=f"Foto {i}", location="Vardagsrum", purchase_price_ore=100_00, thumbnail=path)
               for i, path in enumerate(paths))
    report = RegisterReport(report_id="R-BENCH", created=datetime.now(timezone.utc), lang="sv",
                            owner=Owner("Bänk", ("Storgatan 1", "111 22 Stockholm"), "100001"), filter_text="",
                            totals=Totals(len(paths)), by_location=[GroupTotal("Vardagsrum", Totals(len(paths)))],
                            by_category=[], objects_per_location=[("Vardagsrum", len(paths))], objects=objects)
    return render_register_report(report, io.BytesIO())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    migrate()
    figures: dict[str, float | int] = {"failed_actions": 0}
    for n in args.objects:
        account_id = _account(n)
        serials = _serials(account_id)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            seconds, public_ids, peak_rss, base_rss = pool.apply(_report_process, (account_id, args.runs))
        failed = sum(not _report_complete(_job(public_id), n, serials) for public_id in public_ids)
        figures[f"peak_rss_mb_{n}"] = round(peak_rss, 1)
        figures[f"base_rss_mb_{n}"] = round(base_rss, 1)
        naive, naive_failed = _best_of(args.runs, lambda: _naive(n), lambda pdf: len(PAGE.findall(pdf)) >= n / 50)
        figures[f"report_{n}_s"] = round(seconds, 3)
        figures[f"naive_{n}_s"] = round(naive, 3)
        figures["failed_actions"] += failed + naive_failed
        print(f"register report, {n:>6} objects from the database: {seconds:.3f} s "
              f"(naive reportlab, one line each: {naive:.3f} s; {failed} incomplete); "
              f"peak RSS of its process {peak_rss:.0f} MB ({base_rss:.0f} MB before the report)")
    paths = _thumbnails(args.photos)
    seconds, failed = _best_of(args.runs, lambda: _photo_report(paths),
                               lambda pages: pages >= args.photos / OBJECTS_PER_PAGE_AT_MOST)
    figures[f"photos_{args.photos}_s"] = round(seconds, 3)
    figures["failed_actions"] += failed
    print(f"register report, {args.photos} objects with a thumbnail each: {seconds:.3f} s")
    smallest, largest = min(args.objects), max(args.objects)
    if largest != smallest:
        figures[f"linear_ratio_{largest}_vs_{smallest}"] = round(
            figures[f"report_{largest}_s"] / figures[f"report_{smallest}_s"], 2)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
