"""The PDFs themselves: text extracted with pypdf, as an adjuster would read them."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlmodel import select

from cleverstore.models import Item, ReportJob
from cleverstore.services.register.items import ItemQuery
from cleverstore.models.base import utcnow
from cleverstore.services.reports import data as report_data
from cleverstore.services.reports import jobs, runner
from cleverstore.services.reports.pdf.text import MISSING_GLYPH, printable, wrap
from cleverstore.services.shared.errors import NotFound
from tests.helpers.factories import make_account, make_item
from tests.helpers.reports import report_file

FIXED_TIME = datetime(2026, 12, 6, 9, 30, tzinfo=timezone.utc)


def _pdf_text(path) -> tuple[list[str], PdfReader]:
    reader = PdfReader(str(path))
    return [page.extract_text() for page in reader.pages], reader


def _register_pdf(db, account, query=None, lang="sv", created=FIXED_TIME):
    db.commit()
    job = runner.register_report(account.id, query or ItemQuery(), lang, report_id="R-TEST1",
                                        created=created, deterministic=True)
    return job, report_file(job)


def test_register_report_has_cover_totals_every_object_once_and_page_numbers(db):
    account = make_account(db, name="Anna Andersson", street="Storgatan 1", postal_code="111 22", city="Stockholm")
    names = []
    for number in range(60):
        name = f"Sak nummer {number:03d}"
        names.append(name)
        make_item(db, account, name=name, location="Vardagsrum" if number % 2 else "Kök", category="Möbler",
                  purchase_price="100", current_value="50", quantity="2" if number == 0 else "1")
    make_item(db, account, name="Såld bil", location="Garage", purchase_price="100000", status="sold",
              sold_date="2025-05-01")
    job, path = _register_pdf(db, account)
    pages, reader = _pdf_text(path)
    assert job.pages == len(reader.pages) >= 4
    everything = "\n".join(pages)
    assert "Anna Andersson" in pages[0] and "111 22 Stockholm" in pages[0]
    assert account.customer_number in pages[0] and "R-TEST1" in pages[0] and "2026-12-06" in pages[0]
    # totals: 61 objects → 60 counted (sold left out), 61 × 100 kr purchase with one × 2
    assert "6\u00a0100,00\u00a0kr" in pages[1].replace(" ", "\u00a0") or "6 100,00 kr" in pages[1]
    assert "Per plats" in pages[1] and "Per kategori" in pages[1]
    for name in names:
        assert len(re.findall(rf"{name}(?!\d)", everything)) == 1, name
    # the sold car is not the customer's any more: neither listed nor counted, and the cover says so
    assert "Såld bil" not in everything
    assert "1 sålda eller kasserade föremål räknas inte" in " ".join(pages[0].split())
    for number, text in enumerate(pages, start=1):
        assert f"sida {number} av {len(pages)}" in text
        assert "R-TEST1" in text
    objects = "\n".join(pages[2:])  # grouped by location, in order
    assert objects.index("Kök") < objects.index("Vardagsrum")


def test_user_text_prints_literally_and_unicode_survives(db):
    account = make_account(db)
    hostile = '<img src="/etc/passwd"/> & <b'
    make_item(db, account, name=hostile, location="Källare & <vind")
    make_item(db, account, name="Åsa Öberg – café ß łódź")
    make_item(db, account, name="Hus 🏠 och 😀")
    make_item(db, account, name="שלום Anna")
    make_item(db, account, name="X" * 200, serial_number="S" * 120)
    job, path = _register_pdf(db, account)
    everything = "\n".join(_pdf_text(path)[0])
    assert hostile in everything and "Källare & <vind" in everything
    assert "Åsa Öberg – café ß łódź" in everything
    assert f"Hus {MISSING_GLYPH} och" in everything  # no glyph in the font: a box, not a crash
    assert "Anna" in everything and "שלום" in everything  # drawn in visual order, read back in logical order
    assert "X" * 30 + "…" in everything and "S" * 30 in everything


def test_long_description_wraps_into_a_bounded_number_of_lines():
    lines = wrap("ord " * 1250, "DejaVuSans", 8, 300, max_lines=6)
    assert len(lines) == 6 and lines[-1].endswith("…")
    assert printable("rad1\nrad2\x00") == "rad1 rad2"


def test_empty_register_gives_a_correct_pdf(db):
    account = make_account(db)
    job, path = _register_pdf(db, account)
    pages, reader = _pdf_text(path)
    assert len(reader.pages) == job.pages == 2
    assert "sida 2 av 2" in pages[1]


def test_filters_apply_and_english_is_available(db):
    account = make_account(db)
    make_item(db, account, name="Soffa", location="Vardagsrum")
    garage = make_item(db, account, name="Borrmaskin", location="Garage").location_id
    job, path = _register_pdf(db, account, ItemQuery.from_untrusted(location=garage), lang="en")
    everything = "\n".join(_pdf_text(path)[0])
    assert "Borrmaskin" in everything and "Soffa" not in everything
    assert "Register report" in everything and "Location: Garage" in everything and "page 1 of" in everything


def test_same_input_gives_the_same_bytes(db):
    account = make_account(db)
    make_item(db, account, name="Klocka", purchase_price="5000")
    db.commit()
    first = runner.register_report(account.id, ItemQuery(), "sv", report_id="R-SAME1", created=FIXED_TIME,
                                          deterministic=True)
    data = report_file(first).read_bytes()
    with pytest.raises(Exception):
        runner.register_report(account.id, ItemQuery(), "sv", report_id="R-SAME1", created=FIXED_TIME)
    db.rollback()
    for job in db.exec(select(ReportJob)).all():
        db.delete(job)
    db.commit()
    second = runner.register_report(account.id, ItemQuery(), "sv", report_id="R-SAME1", created=FIXED_TIME,
                                           deterministic=True)
    assert report_file(second).read_bytes() == data


def test_report_files_belong_to_their_owner_and_expire(db):
    owner, other = make_account(db), make_account(db)
    make_item(db, owner, name="Klocka")
    made = utcnow()  # a report is kept for a day from when it is made
    job, path = _register_pdf(db, owner, created=made)
    assert jobs.downloadable(db, owner.id, job.public_id).id == job.id
    for account_id, public_id in ((other.id, job.public_id), (owner.id, "R-NOPE"), (owner.id, job.stored_name)):
        with pytest.raises(NotFound):
            jobs.downloadable(db, account_id, public_id)
    assert [entry.kind for entry in jobs.recent_jobs(db, other.id)] == []
    assert jobs.purge_expired(db, now=made + timedelta(hours=23)) == 0 and jobs.read_file(job) == path.read_bytes()
    assert jobs.purge_expired(db, now=made + timedelta(hours=25)) == 1
    assert jobs.read_file(job) is None  # gone from the shared store


def test_progress_is_reported_while_drawing(db):
    account = make_account(db)
    for number in range(600):
        make_item(db, account, name=f"Sak {number}")
    db.commit()
    seen = []
    runner.register_report(account.id, ItemQuery(), "sv", lambda done, total: seen.append((done, total)))
    assert seen[0] == (250, 600) and seen[-1] == (500, 600)


def test_label_sheet_uses_random_codes_and_the_chosen_layout(db):
    account = make_account(db)
    for number in range(30):
        make_item(db, account, name=f"Låda {number:02d}", location="Förråd")
    db.commit()
    job = runner.label_sheet(account.id, ItemQuery(), "3x8", "sv", deterministic=True)
    pages, reader = _pdf_text(report_file(job))
    assert len(reader.pages) == job.pages == 2  # 24 per sheet
    assert all(f"Låda {number:02d}" in "\n".join(pages) for number in range(30))
    codes = db.exec(select(Item.label_code)).all()
    assert len(set(codes)) == 30 and all(code and len(code) >= 16 for code in codes)
    job = runner.label_sheet(account.id, ItemQuery(), "2x7", "sv")
    assert job.pages == 3
    assert set(db.exec(select(Item.label_code)).all()) == set(codes)  # codes are kept once printed


def test_filter_text_names_the_selection(db):
    account = make_account(db)
    room = make_item(db, account, name="Cykel", location="Hus › Garage").location_id
    text = report_data.filter_text(db, account.id, ItemQuery.from_untrusted(location=room, status="lost"), "sv")
    assert text == "Plats: Hus › Garage · Status: Förlorad/stulen"


def test_pages_are_deflated_once_and_read_back(db):
    """The register report compresses each page as it is finished (memory stays small for 2 500 pages):
    every page stream is Flate only, with no ASCII85 layer, and the text still reads back."""
    account = make_account(db)
    for i in range(60):
        make_item(db, account, name=f"Sak {i} åäö", serial_number=f"SN{i:06d}")
    _job, path = _register_pdf(db, account)
    assert b"ASCII85Decode" not in path.read_bytes()
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert page["/Contents"].get_object().get("/Filter") in ("/FlateDecode", ["/FlateDecode"])
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(f"SN{i:06d}" in text for i in range(60))
    assert len(re.findall(r"Sak \d+ åäö", text)) == 60
