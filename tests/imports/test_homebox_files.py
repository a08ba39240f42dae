"""Homebox's own fixture files, its demo CSV, and export files laid out as four releases write them."""
from datetime import date

import pytest
from sqlmodel import select

from cleverstore.models import CustomField, Location
from cleverstore.services.imports import engine, formats
from cleverstore.services.register import catalogue
from tests.helpers.factories import make_account
from tests.imports.helpers import items_of, run_file, table_of

RELEASES = ["homebox/release-hay-kot-v0.10.3.tsv", "homebox/release-v0.21.0.csv",
            "homebox/release-v0.25.0.csv", "homebox/release-v0.26.2.csv"]


def test_the_demo_csv_imports_all_but_the_row_with_year_0202(db):
    account = make_account(db)
    table = table_of("homebox/demo.csv")
    preview = engine.preview(db, account.id, table, formats.detect(table.headers))
    assert (preview.format, preview.will_add, preview.will_update) == ("homebox", 5, 0)
    [refused] = preview.refused
    assert refused.line == 7 and refused.reasons == [("purchase_date", "error.date_invalid")]
    result = run_file(db, account.id, "homebox/demo.csv")
    assert (result.added, result.updated, result.refused) == (5, 0, 1)
    relay = items_of(db, account.id)["Zooz Universal Relay ZEN17"]
    assert relay.purchase_date == date(2021, 10, 13) and relay.purchase_price_ore == 3995
    assert relay.manufacturer == "Zooz" and relay.model == "ZEN17" and relay.purchase_place == "Amazon"
    tags = catalogue.tags_of(db, [relay.id])[relay.id]
    assert sorted(tags) == ["Home Assistant", "IOT", "Z-Wave"]


def test_the_demo_csv_all_or_nothing_saves_nothing(db):
    from cleverstore.services.shared.errors import ValidationFailed
    account = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        run_file(db, account.id, "homebox/demo.csv", skip_refused=False)
    assert failed.value.errors == {"file": "import.has_refused_rows"}
    assert items_of(db, account.id) == {}


def test_fixture_files_fields_types_and_minimal(db):
    account = make_account(db)
    for name in ("minimal.csv", "fields.csv", "types.csv"):
        assert run_file(db, account.id, f"homebox/{name}").refused == 0
    found = items_of(db, account.id)
    assert len(found) == 3  # the same three names: fields.csv has no refs, so its rows are new objects …
    fields = {f.name for f in db.exec(select(CustomField).where(CustomField.account_id == account.id)).all()}
    assert fields == {"Custom Field 1", "Custom Field 2", "Custom Field 3"}
    paths = set(catalogue.location_paths(db, account.id).values())
    assert {"loc", "Path › To › Location 1", "Path › To › Location 2", "Path › To › Location 3"} <= paths
    assert sorted(i.asset_id for i in db.exec(select(type(found["Item 1"]))
                                              .where(type(found["Item 1"]).account_id == account.id)).all()
                  if i.asset_id) == ["000-001", "000-002", "100-0003"]


@pytest.mark.parametrize("release", RELEASES)
def test_every_release_layout_keeps_every_field(db, release):
    account = make_account(db)
    result = run_file(db, account.id, release)
    assert (result.added, result.refused) == (3, 0)
    found = items_of(db, account.id)
    assert "Home" not in found and "Garage" not in found  # v0.26 location rows are places, not objects
    mower = next(i for name, i in found.items() if name.startswith("Gräsklippare"))
    assert len(mower.name) > 200 and mower.status == "sold" and mower.sold_date == date(2024, 4, 20)
    assert mower.purchase_date == date(2019, 5, 4) and mower.sold_price_ore == 150_000
    assert mower.sold_to == "Grannen" and "Swish" in mower.notes and mower.insured
    assert mower.asset_id == "000-001" and mower.import_ref == "hb-0001"
    assert sorted(catalogue.tags_of(db, [mower.id])[mower.id]) == ["Garden", "Tools, power"]
    assert catalogue.location_paths(db, account.id)[mower.location_id] == "Home › Garage"
    cup = found["Kaffekopp"]
    assert cup.status == "discarded" and cup.lifetime_warranty and cup.purchase_price_ore is None
    assert cup.quantity == (3 if release.endswith(("v0.25.0.csv", "v0.26.2.csv")) else 2)
    drill = found["Borrmaskin"]
    assert len(drill.serial_number) == 200 and drill.purchase_price_ore == 129_950
    assert drill.warranty_end == date(2026, 10, 13)
    if "v0.21" in release or "v0.2" in release:
        assert drill.url.startswith("http://homebox.local/item/")
    values = catalogue.custom_fields(db, account.id)
    assert [f.name for f in values] == ["Färg"]
    locations = db.exec(select(Location).where(Location.account_id == account.id)).all()
    assert sorted(loc.name for loc in locations) == ["Garage", "Home"]


def test_fractional_quantity_is_rounded_up_with_a_warning(db):
    account = make_account(db)
    table = table_of("homebox/release-v0.25.0.csv")
    preview = engine.preview(db, account.id, table, formats.detect(table.headers))
    assert preview.warnings == [(3, "import.quantity_rounded_up")]


@pytest.mark.parametrize("release", RELEASES)
def test_a_second_import_of_the_same_file_changes_nothing(db, release):
    account = make_account(db)
    run_file(db, account.id, release)
    before = {name: (i.id, i.updated_at, i.status, i.quantity) for name, i in items_of(db, account.id).items()}
    places = catalogue.location_paths(db, account.id)
    result = run_file(db, account.id, release)
    assert (result.added, result.updated) == (0, 3)
    db.expire_all()
    after = {name: (i.id, i.updated_at, i.status, i.quantity) for name, i in items_of(db, account.id).items()}
    assert after == before and catalogue.location_paths(db, account.id) == places
