"""One register, every output: count and values agree wherever they are shown.

The register holds quantities, a sold and a discarded object (not owned: left out of every total),
a lost one and a lent one (still owned), a typed current value and a depreciated one. The register
summary, the pager, the dashboard, the PDF register (cover, summary, groups), the claim pack, the
CSV and the admin statistics must all say the same, by the one definition in `shared/worth.py`.
"""
from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from datetime import date, datetime, timezone

from cleverstore.models import Category
from cleverstore.services import register
from cleverstore.services.admin import statistics
from cleverstore.services.imports import export
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import claim_pack, runner
from cleverstore.services.shared import format_ore
from cleverstore.services.shared.money import parse_kronor
from cleverstore.services.shared.worth import DAYS_PER_YEAR
from cleverstore.state.presenters.register import item_row, pager_text, totals_view
from tests.helpers.factories import make_account, make_item
from tests.helpers.reports import report_file

FIXED = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
EVENT = claim_pack.ClaimEvent(kind="burglary", event_date=date(2026, 12, 1), police_report="K-1", description="")


def _text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").replace("\u00a0", " ").replace("\u202f", " ").split())


def _kr(ore: int) -> str:
    return " ".join(format_ore(ore, "sv").replace("\u00a0", " ").replace("\u202f", " ").split())


def _register(db):
    owner = make_account(db, name="Anna Andersson")
    ids = [
        make_item(db, owner, name="Bokhylla Billy", quantity="3", purchase_price="699", replacement_value="899",
                  location="Villa › Vardagsrum", category="Möbler").id,
        make_item(db, owner, name="Kajak", purchase_price="8000", current_value="5000", location="Villa › Garage",
                  category="Sport").id,
        make_item(db, owner, name="Klocka", purchase_price="12000", replacement_value="15000", status="lost",
                  category="Smycken").id,
        make_item(db, owner, name="Borrmaskin", quantity="2", purchase_price="1500", purchase_date="2024-12-06",
                  status="lent_out", lent_to="Per", location="Villa › Garage", category="Verktyg").id,
        make_item(db, owner, name="Cykel", purchase_price="5000", status="sold", sold_date="2025-06-01",
                  location="Villa › Garage", category="Sport").id,
        make_item(db, owner, name="Lampa", purchase_price="300", status="discarded", category="Möbler").id,
    ]
    tools = db.exec(Category.__table__.select().where(Category.name == "Verktyg")).first()
    db.get(Category, tools.id).useful_life_years = 4  # the drill is worth 2 × 1500 × (4 − 2) / 4 = 1500 kr now
    db.commit()
    return owner, ids


# the owned objects: Billy 3 × 699, the kayak, the lost watch, the lent drills 2 × 1500
OBJECTS = 4
PURCHASE = (3 * 699 + 8000 + 12000 + 2 * 1500) * 100
REPLACEMENT = (3 * 899 + 15000) * 100
NOT_COUNTED = 2


def test_register_report_dashboard_statistics_and_csv_agree(db):
    owner, ids = _register(db)
    age = (date.today() - date(2024, 12, 6)).days  # the drill's straight-line depreciation over 4 years
    life = 4 * DAYS_PER_YEAR
    expected_current = (3 * 699 + 5000 + 12000) * 100 + 2 * (150000 * (life - age) // life)
    # register summary and pager
    listing = register.list_register(owner.id, ItemQuery())
    totals = listing.page.totals
    assert (totals.objects, totals.purchase_ore, totals.replacement_ore, totals.not_counted) == \
        (OBJECTS, PURCHASE, REPLACEMENT, NOT_COUNTED)
    current = totals.current_ore
    assert abs(current - expected_current) <= 100  # the depreciation counts whole days
    shown = totals_view(totals, "sv")  # the summary boxes above the list
    assert shown["objects"] == str(OBJECTS) and shown["purchase"] == format_ore(PURCHASE, "sv")
    pager = pager_text(1, 1, listing.page.matching, totals, "sv")
    assert listing.page.matching == OBJECTS + NOT_COUNTED
    # the list's "summa" column (quantity × á-pris) adds up to the summary; sold and discarded rows add nothing
    rows = [item_row(view, "sv", listing.today) for view in listing.page.rows]
    assert sum(parse_kronor(row["current_sum"]) or 0 for row in rows) == current
    billy = next(row for row in rows if row["name"] == "Bokhylla Billy")
    assert (billy["current_value"], billy["current_sum"]) == (format_ore(69900, "sv"), format_ore(209700, "sv"))
    assert f"{OBJECTS + NOT_COUNTED} föremål (varav {NOT_COUNTED} sålda/kasserade som inte räknas)" in pager
    # dashboard: the same totals, and its groups add up to them
    board = register.dashboard_figures(owner.id)
    assert (board.totals.objects, board.totals.purchase_ore, board.totals.current_ore) == (OBJECTS, PURCHASE, current)
    assert sum(g.objects for g in board.by_category) == OBJECTS
    assert sum(g.purchase_ore for g in board.by_category) == PURCHASE
    assert sum(g.current_ore for g in board.by_location) == current
    # the PDF register: cover, summary and groups count the same objects; the sold bike is not listed
    job = runner.register_report(owner.id, ItemQuery(), "sv", report_id="R-AGREE", created=FIXED, deterministic=True)
    pdf = _text(report_file(job).read_bytes())
    assert f"Föremål {OBJECTS}" in pdf and f"{NOT_COUNTED} sålda eller kasserade föremål räknas inte" in pdf
    for amount in (PURCHASE, REPLACEMENT, current):
        assert _kr(amount) in pdf
    assert "Cykel" not in pdf and "Lampa" not in pdf
    assert f"Villa › Garage 2 {_kr((8000 + 2 * 1500) * 100)}" in pdf  # kayak and drills, not the sold bike
    assert "Á-pris" in pdf and "Värde nu, summa" in pdf and _kr(3 * 699 * 100) in pdf  # Billy: 3 × 699 kr
    # the claim pack of every object: the sold and discarded ones are not claimed
    out = io.BytesIO()
    claim_pack.write_claim_pack(db, owner.id, ids, EVENT, out, report_id="C-AGREE", created=FIXED, lang="sv",
                                deterministic=True)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        claim = _text(archive.read(next(n for n in archive.namelist() if n.endswith(".pdf"))))
    assert f"Sammanlagt {OBJECTS} föremål" in claim
    assert f"Inköpsvärde {_kr(PURCHASE)}" in claim and f"Återanskaffningsvärde {_kr(REPLACEMENT)}" in claim
    assert _kr(current) in claim and "Cykel" not in claim
    assert "á-pris" in claim and "summa" in claim
    # the CSV: per-piece values, the sum column and "counted" give the same totals
    rows = list(csv.DictReader(io.StringIO(export.export_bytes(db, owner.id).decode("utf-8-sig"))))
    counted = [row for row in rows if row["Räknas"] == "Ja"]
    assert len(rows) == OBJECTS + NOT_COUNTED and len(counted) == OBJECTS
    assert sum(int(r["Antal"]) * (parse_kronor(r["Inköpspris"]) or 0) for r in counted) == PURCHASE
    assert sum(parse_kronor(r["Uppskattat värde totalt"]) or 0 for r in counted) == current
    # the admin statistics: the same definition (estimated values, not only typed ones)
    stats = statistics.collect(db)
    assert (stats.objects_total, stats.objects_not_counted, stats.register_value_ore) == (OBJECTS, NOT_COUNTED, current)
