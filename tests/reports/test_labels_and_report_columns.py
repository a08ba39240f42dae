"""Labels only for what the customer owns (sold and discarded on request), with names and places printed in full;
the register report's status column prints the longest status whole."""
from __future__ import annotations

import subprocess
from datetime import datetime, timezone

from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import runner
from cleverstore.services.reports.pdf.fonts import BOLD
from cleverstore.services.reports.pdf.labels import LAYOUTS, NAME_SIZES, fitted
from cleverstore.services.reports.pdf.text import width_of
from tests.helpers.factories import make_account, make_item
from tests.helpers.reports import report_file

FIXED = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
LONG_PLACE = "Villa Björkvägen › Garage › Hyllan vid porten"
LONG_NAME = "Kompressor Einhell TE-AC 270/50/10 med luftslang"


def _text(path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _labels(db, account, **options) -> str:
    db.commit()
    job = runner.label_sheet(account.id, ItemQuery(), "3x8", "sv", deterministic=True, **options)
    return _text(report_file(job))


def test_labels_leave_out_sold_and_discarded_objects_unless_asked(db):
    account = make_account(db)
    make_item(db, account, name="Kajak")
    make_item(db, account, name="Klocka", status="lost")
    make_item(db, account, name="Cykel", status="sold", sold_date="2025-06-01")
    make_item(db, account, name="Lampa", status="discarded")
    printed = _labels(db, account)
    assert "Kajak" in printed and "Klocka" in printed
    assert "Cykel" not in printed and "Lampa" not in printed
    everything = _labels(db, account, include_not_owned=True)
    assert all(name in everything for name in ("Kajak", "Klocka", "Cykel", "Lampa"))


def test_label_names_and_places_are_printed_whole(db):
    account = make_account(db)
    make_item(db, account, name=LONG_NAME, location=LONG_PLACE)
    printed = _labels(db, account)
    assert "…" not in printed
    assert LONG_NAME in printed and LONG_PLACE in printed


def test_fitting_shrinks_then_wraps_and_never_overflows():
    width = LAYOUTS["3x8"].width * 0.5
    size, lines = fitted("Kajak", True, width, NAME_SIZES)
    assert (size, lines) == (NAME_SIZES[0], ["Kajak"])
    size, lines = fitted(LONG_NAME, True, width, NAME_SIZES)
    assert 2 <= len(lines) <= 3 and " ".join(lines) == LONG_NAME
    assert all(width_of(line, BOLD, size) <= width for line in lines)


def test_the_register_report_prints_the_longest_status_whole(db):
    account = make_account(db)
    make_item(db, account, name="Klocka", status="lost", purchase_price="12000")
    db.commit()
    job = runner.register_report(account.id, ItemQuery(), "sv", report_id="R-STATUS", created=FIXED,
                                 deterministic=True)
    assert "Förlorad/stulen" in _text(report_file(job))
