"""Our own export reads well: headers, statuses and yes/no in the customer's language, two file names for the
two separators, formula-safe cells, written in pieces; and our importer reads either language back."""
import csv
import io
from datetime import date

import pytest
from sqlmodel import select

from cleverstore.models import ActivityEvent, Item
from cleverstore.services.imports import engine, export, formats
from cleverstore.services.imports.reader import read_table
from cleverstore.services.register import catalogue
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_item

TODAY = date(2026, 12, 7)
KEPT = ("name", "quantity", "status", "manufacturer", "model", "serial_number", "purchase_date", "purchase_place",
        "purchase_price_ore", "replacement_value_ore", "current_value_ore", "warranty_end", "insured",
        "description", "notes", "lent_to", "lent_until", "sold_date", "sold_price_ore", "sold_to", "lost_date",
        "police_report", "asset_id", "url", "lifetime_warranty")


def parse(data: bytes, separator: str = ",") -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


def _register(db, account_id) -> dict:
    """Every kept field of every object, with its category, place path, tags and custom values."""
    rows = db.exec(select(Item).where(Item.account_id == account_id)).all()
    paths = catalogue.location_paths(db, account_id)
    tags = catalogue.tags_of(db, [i.id for i in rows])
    fields = {f.id: f.name for f in catalogue.custom_fields(db, account_id)}
    values = {}
    for value in export._custom_values(db, [i.id for i in rows]).items():
        values[value[0]] = {fields[k]: v for k, v in value[1].items()}
    categories = {c.id: c.name for c in catalogue.categories(db, account_id)}
    return {i.name: (*(getattr(i, c) for c in KEPT), categories.get(i.category_id), paths.get(i.location_id),
                     tuple(sorted(tags.get(i.id, []))), values.get(i.id, {})) for i in rows}


@pytest.fixture()
def furnished(db):
    account = make_account(db)
    field = catalogue.save_custom_field(db, account.id, {"name": "Färg", "kind": "text"})
    make_item(db, account, name="Cykel", category="Fordon", location="Hus › Garage", tags="sport, ärvt",
              purchase_price="4 500,50", purchase_date="2022-05-01", quantity="2", insured="on",
              status="lent_out", lent_to="Kalle", lent_until="2027-01-01", **{f"cf_{field.id}": "Röd"})
    make_item(db, account, name="Gräsklippare", purchase_price="3000", status="sold", sold_date="2025-06-01",
              sold_price="1200", sold_to="Granne")
    make_item(db, account, name="=1+1", notes="rad ett\nrad två", manufacturer="@Bosch", model="+46")
    return account


def test_a_swedish_customer_gets_swedish_headers_words_and_decimal_commas(db, furnished):
    rows = parse(export.export_bytes(db, furnished.id, separator=";", lang="sv", today=TODAY), ";")
    bike = next(r for r in rows if r["Namn"] == "Cykel")
    assert bike["Status"] == "Utlånad" and bike["Försäkrad"] == "Ja" and bike["Räknas"] == "Ja"
    assert bike["Inköpspris"] == "4500,50" and bike["Uppskattat värde totalt"] == "9001,00"
    assert bike["Plats"] == "Hus › Garage" and bike["fält:Färg"] == "Röd" and bike["Livstidsgaranti"] == "Nej"
    assert bike["id"] == f"cs-{db.exec(select(Item.id).where(Item.name == 'Cykel')).one()}"
    mower = next(r for r in rows if r["Namn"] == "Gräsklippare")
    assert mower["Status"] == "Såld" and mower["Räknas"] == "Nej" and mower["Sålt för"] == "1200,00"


def test_an_english_customer_gets_english_headers_words_and_decimal_points(db, furnished):
    rows = parse(export.export_bytes(db, furnished.id, lang="en", today=TODAY))
    bike = next(r for r in rows if r["Name"] == "Cykel")
    assert bike["Status"] == "Lent out" and bike["Insured"] == "Yes" and bike["Counted"] == "Yes"
    assert bike["Purchase price"] == "4500.50" and bike["Place"] == "Hus › Garage" and bike["field:Färg"] == "Röd"
    assert next(r for r in rows if r["Name"] == "Gräsklippare")["Status"] == "Sold"


@pytest.mark.parametrize("lang, separator", [("sv", ";"), ("sv", ","), ("en", ","), ("en", ";")])
def test_our_importer_reads_either_language_back_to_the_same_register(db, furnished, lang, separator):
    newcomer = make_account(db)
    data = export.export_bytes(db, furnished.id, separator=separator, lang=lang, today=TODAY)
    table = read_table(data, export.export_filename(separator, lang, TODAY))
    fmt = formats.detect(table.headers)
    assert fmt.key == "cleverstore"
    assert engine.preview(db, newcomer.id, table, fmt).ignored_columns == [
        export.columns.header(c, lang) for c in ("estimated_value", "estimated_value_sum", "counted")]
    result = engine.run(db, newcomer.id, table, fmt, skip_refused=False, actor="t", today=TODAY)
    assert (result.added, result.updated, result.refused) == (3, 0, 0)
    assert _register(db, newcomer.id) == _register(db, furnished.id)
    again = export.export_bytes(db, newcomer.id, separator=separator, lang=lang, today=TODAY)
    strip_ids = [{k: v for k, v in r.items() if k != "id"} for r in parse(again, separator)]
    assert strip_ids == [{k: v for k, v in r.items() if k != "id"} for r in parse(data, separator)]


def test_the_comma_and_semicolon_files_have_different_names():
    names = {export.export_filename(sep, lang, TODAY) for sep in (",", ";") for lang in ("sv", "en")}
    assert names == {"cleverstore-register-2026-12-07.csv", "cleverstore-register-2026-12-07-semikolon.csv",
                     "cleverstore-register-2026-12-07-semicolon.csv"}


def test_no_cell_or_header_can_run_as_a_formula(db, furnished):
    catalogue.save_custom_field(db, furnished.id, {"name": "=cmd", "kind": "text"})
    data = export.export_bytes(db, furnished.id, lang="en", today=TODAY)
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert "field:=cmd" in header  # starts with a letter: safe as it stands
    rows = parse(data)
    evil = next(r for r in rows if r["Name"] == "'=1+1")
    assert evil["Manufacturer"] == "'@Bosch" and evil["Model"] == "'+46" and evil["Notes"] == "rad ett\nrad två"
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values() if v), row
    assert parse(export.export_bytes(db, furnished.id, separator="|", today=TODAY))[0]["Namn"]  # unknown → ","


def test_the_file_is_written_in_pieces_in_name_order_and_the_session_keeps_no_objects(db):
    account = make_account(db)
    for n in range(1203):
        db.add(Item(account_id=account.id, name=f"Sak {n:04d}", purchase_price_ore=100 * n))
    db.commit()
    pieces = list(export.csv_chunks(db, account.id, today=TODAY))
    assert len(pieces) == 1 + 3  # the header, then 500 + 500 + 203 objects
    assert not [o for o in db.identity_map.values() if isinstance(o, Item)]
    names = [r["Namn"] for r in parse(b"".join(pieces))]
    assert names == [f"Sak {n:04d}" for n in range(1203)]


def test_the_export_action_notes_the_export_and_refuses_before_the_first_byte(db, furnished):
    db.commit()
    pieces = export.export_register_csv(furnished.id, separator=";", lang="en", today=TODAY)
    data = b"".join(pieces)
    assert data == export.export_bytes(db, furnished.id, separator=";", lang="en", today=TODAY)
    db.expire_all()
    kinds = db.exec(select(ActivityEvent.kind).where(ActivityEvent.account_id == furnished.id)).all()
    assert kinds.count("register_exported") == 1
    with pytest.raises(ValidationFailed) as refused:
        for _ in range(20):  # ten jobs in ten minutes per customer
            export.export_register_csv(furnished.id)
    assert set(refused.value.errors) == {"job"}
