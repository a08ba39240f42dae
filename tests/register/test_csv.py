"""CSV export (BOM, separators, no formulas) and import (own format and Homebox's), all rows or none."""
import csv
import io
from datetime import date

import pytest

from cleverstore.services.register import catalogue, csv_io, items
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_item

TODAY = date(2026, 12, 6)
HOMEBOX_HEADER = ("HB.import_ref,HB.location,HB.labels,HB.asset_id,HB.archived,HB.url,HB.name,HB.quantity,"
                  "HB.description,HB.insured,HB.notes,HB.purchase_price,HB.purchase_from,HB.purchase_date,"
                  "HB.manufacturer,HB.model_number,HB.serial_number,HB.lifetime_warranty,HB.warranty_expires,"
                  "HB.warranty_details,HB.sold_to,HB.sold_price,HB.sold_date,HB.sold_notes,HB.field.Färg")


def homebox_file(*rows: str) -> bytes:
    return ("\n".join([HOMEBOX_HEADER, *rows]) + "\n").encode()


def parse(data: bytes, separator: str = ",") -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


def test_export_has_bom_chosen_separator_and_neutralised_formulas(db):
    account = make_account(db)
    make_item(db, account, name="=HYPERLINK(\"http://evil\")", category="@SUM(A1)", notes="+46 70",
              purchase_price="1 234,50", location="Hus › Kök", tags="kök, ärvt")
    make_item(db, account, name="Stol", serial_number="-5")
    rows = parse(csv_io.export_csv(db, account.id, separator=";", today=TODAY), ";")
    evil = next(r for r in rows if "HYPERLINK" in r["name"])
    assert evil["name"] == "'=HYPERLINK(\"http://evil\")" and evil["category"] == "'@SUM(A1)"
    assert evil["notes"] == "'+46 70" and evil["purchase_price"] == "1234,50"
    assert evil["location"] == "Hus › Kök" and evil["tags"] == "kök, ärvt"
    assert next(r for r in rows if r["name"] == "Stol")["serial_number"] == "'-5"
    assert parse(csv_io.export_csv(db, account.id, separator="|", today=TODAY))[0]["name"]  # unknown → ","


def test_export_then_import_gives_the_same_register(db):
    owner, other = make_account(db), make_account(db)
    field = catalogue.save_custom_field(db, owner.id, {"name": "Färg", "kind": "text"})
    make_item(db, owner, name="Cykel", category="Fordon", location="Hus › Garage", tags="sport",
              purchase_price="4500", purchase_date="2022-05-01", quantity="2", insured="on",
              status="lent_out", lent_to="Kalle", **{f"cf_{field.id}": "Röd"})
    make_item(db, owner, name="=1+1", notes="line one\nline two")
    data = csv_io.export_csv(db, owner.id, today=TODAY)
    assert csv_io.run_import(db, other.id, data, today=TODAY) == 2
    rows = parse(csv_io.export_csv(db, other.id, today=TODAY))
    assert rows == parse(data)
    assert items.totals(db, other.id).purchase_ore == 900_000


def test_homebox_sample_is_mapped(db):
    account = make_account(db)
    data = homebox_file(
        "1,Home / Office,Electronics;Work,000-001,false,,Laptop,1,Work laptop,true,Dent on lid,1299.99,"
        "Webhallen,2024-03-01,Lenovo,T14,SN123,false,2027-03-01,3 years,,0,0001-01-01T00:00:00Z,,Svart",
        "2,Home / Garage,,000-002,false,,Gammal gräsklippare,1.0,,false,,0,,,Husqvarna,,,false,,,Grannen,500,"
        "2025-06-01,Hämtad,")
    preview = csv_io.preview_import(db, account.id, data, today=TODAY)
    assert preview.source == "homebox" and preview.ok and len(preview.rows) == 2
    assert "HB.import_ref" in preview.ignored_columns
    assert csv_io.run_import(db, account.id, data, today=TODAY) == 2
    page = items.list_items(db, account.id, ItemQuery(), TODAY)
    laptop = next(v for v in page.rows if v.item.name == "Laptop")
    assert laptop.location == "Home › Office" and laptop.tags == ["Electronics", "Work"]
    assert laptop.item.purchase_price_ore == 129_999 and laptop.item.insured
    assert laptop.item.model == "T14" and laptop.item.purchase_place == "Webhallen"
    assert laptop.item.notes == "Dent on lid\n3 years" and str(laptop.item.warranty_end) == "2027-03-01"
    assert items.custom_values(db, laptop.item.id) == {catalogue.custom_fields(db, account.id)[0].id: "Svart"}
    mower = next(v for v in page.rows if v.item.name == "Gammal gräsklippare")
    assert mower.item.status == "sold" and mower.item.sold_price_ore == 50_000 and mower.item.sold_to == "Grannen"
    assert mower.item.purchase_price_ore is None


def test_one_bad_row_imports_nothing_and_every_error_is_reported(db):
    account = make_account(db)
    good = "\n".join(f"Sak {n};{n}" for n in range(5))
    data = f"name;quantity\n{good}\n;2\nTrasig;noll\n".encode("cp1252")
    preview = csv_io.preview_import(db, account.id, data, today=TODAY)
    assert [(e.row, e.column, e.key) for e in preview.errors] == [
        (2, "quantity", "error.number_range"), (7, "name", "error.required"), (8, "quantity", "error.whole_number")]
    with pytest.raises(ValidationFailed):
        csv_io.run_import(db, account.id, data, today=TODAY)
    assert items.totals(db, account.id).objects == 0


@pytest.mark.parametrize("data, key", [
    (b"", "import.empty"),
    (b"color,size\nred,2\n", "import.no_name_column"),
    (b"name\n", "import.empty"),
    (b"name\n" + b"x\n" * (csv_io.MAX_IMPORT_ROWS + 1), "import.too_many_rows"),
    (b"x" * (csv_io.MAX_IMPORT_BYTES + 1), "import.too_big"),
])
def test_unusable_files_get_one_clear_error(db, data, key):
    account = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        csv_io.preview_import(db, account.id, data)
    assert failed.value.errors == {"file": key}


def test_pending_file_is_kept_per_account_and_goes_with_it(db):
    from cleverstore.models import Account

    owner, other = make_account(db), make_account(db)
    csv_io.store_pending(db, owner.id, b"name\nA\n")
    csv_io.store_pending(db, owner.id, b"name\nB\n")
    assert csv_io.pending(db, owner.id) == b"name\nB\n" and csv_io.pending(db, other.id) is None
    csv_io.discard_pending(db, owner.id)
    assert csv_io.pending(db, owner.id) is None
    csv_io.store_pending(db, other.id, b"name\nC\n")
    db.delete(db.get(Account, other.id))
    db.flush()
    db.expire_all()
    assert csv_io.pending(db, other.id) is None
