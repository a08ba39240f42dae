"""The full data export is read by a person: amounts also in kronor, categories and places by name."""
from __future__ import annotations

import io
import json
import zipfile

from cleverstore.services.privacy import export
from tests.helpers.factories import make_account, make_item


def test_export_states_amounts_in_kronor_and_categories_and_places_by_name(db):
    account = make_account(db)
    make_item(db, account, name="Bokhylla Billy", quantity="3", purchase_price="699", category="Möbler",
              location="Villa › Vardagsrum")
    db.commit()
    with zipfile.ZipFile(io.BytesIO(export.build_export(db, account.id))) as archive:
        rows = json.loads(archive.read("data/item.json"))
        table = archive.read("data/item.csv").decode("utf-8")
        readme = archive.read("LASMIG.txt").decode("utf-8")
    billy = rows[0]
    assert billy["purchase_price_ore"] == 69900
    assert billy["purchase_price_kronor"].replace("\u00a0", " ") == "699,00 kr"
    assert billy["category_name"] == "Möbler" and billy["location_name"] == "Villa › Vardagsrum"
    header = table.splitlines()[0].split(";")
    assert header.index("purchase_price_kronor") == header.index("purchase_price_ore") + 1
    assert "category_name" in header and "location_name" in header
    assert "kronor" in readme
