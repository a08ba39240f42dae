"""Shelf.nu's asset export, laid out as buildCsvExportDataFromAssets writes it (every column, a custom field)."""
from cleverstore.services.imports import engine, formats
from cleverstore.services.register import catalogue
from tests.helpers.factories import make_account
from tests.imports.helpers import items_of, run_file, table_of


def test_shelf_export_is_detected_and_keeps_what_the_customer_typed(db):
    account = make_account(db)
    table = table_of("shelf/assets-export.csv")
    fmt = formats.detect(table.headers)
    assert fmt.key == "shelf"
    assert engine.preview(db, account.id, table, fmt).will_add == 2
    assert run_file(db, account.id, "shelf/assets-export.csv").added == 2
    found = items_of(db, account.id)
    laptop, reel = found["Dell XPS 13"], found["Kabelvinda"]
    assert laptop.current_value_ore == 1_499_900 and laptop.asset_id == "SAM-0001"
    assert laptop.import_ref == "clx1a2b3c0001abcd" and laptop.category_id is not None
    assert sorted(catalogue.tags_of(db, [laptop.id])[laptop.id]) == ["IT", "Office"]
    assert catalogue.location_paths(db, account.id)[laptop.location_id] == "Kontoret"
    assert reel.quantity == 4 and reel.category_id is None and reel.current_value_ore == 34_950
    names = {f.name for f in catalogue.custom_fields(db, account.id)}
    assert {"Färg", "QR ID", "Asset model", "Custody", "Kit"} <= names
    assert run_file(db, account.id, "shelf/assets-export.csv").updated == 2  # the Shelf id updates
    assert len(items_of(db, account.id)) == 2
