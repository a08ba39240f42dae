"""CSV export: BOM, separators, no formulas. The import's tests, and the export in either language, are in
tests/imports."""
import csv
import io
from datetime import date

from cleverstore.services.imports import export
from tests.helpers.factories import make_account, make_item

TODAY = date(2026, 12, 6)


def parse(data: bytes, separator: str = ",") -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


def test_export_has_bom_chosen_separator_and_neutralised_formulas(db):
    account = make_account(db)
    make_item(db, account, name="=HYPERLINK(\"http://evil\")", category="@SUM(A1)", notes="+46 70",
              purchase_price="1 234,50", location="Hus › Kök", tags="kök, ärvt")
    make_item(db, account, name="Stol", serial_number="-5")
    rows = parse(export.export_bytes(db, account.id, separator=";", today=TODAY), ";")
    evil = next(r for r in rows if "HYPERLINK" in r["Namn"])
    assert evil["Namn"] == "'=HYPERLINK(\"http://evil\")" and evil["Kategori"] == "'@SUM(A1)"
    assert evil["Anteckningar"] == "'+46 70" and evil["Inköpspris"] == "1234,50"
    assert evil["Plats"] == "Hus › Kök" and evil["Taggar"] == "kök, ärvt"
    assert next(r for r in rows if r["Namn"] == "Stol")["Serienummer"] == "'-5"
    assert parse(export.export_bytes(db, account.id, separator="|", today=TODAY))[0]["Namn"]  # unknown → ","
