"""The object form refuses a warranty that ends before the purchase; the CSV says per piece, sum and counted."""
from __future__ import annotations

import csv
import io

import pytest

from cleverstore.services.imports import engine, export, formats
from cleverstore.services.imports.reader import read_table
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_item


def test_a_warranty_ending_before_the_purchase_is_refused_with_a_message(db):
    account = make_account(db)
    with pytest.raises(ValidationFailed) as refused:
        make_item(db, account, name="Tv", purchase_date="2025-06-01", warranty_end="2025-05-31")
    assert refused.value.errors == {"warranty_end": "error.warranty_before_purchase"}
    from cleverstore.i18n import translate
    assert "före inköpsdagen" in translate("error.warranty_before_purchase", "sv")
    assert make_item(db, account, name="Tv", purchase_date="2025-06-01", warranty_end="2025-06-01").id


def test_the_csv_gives_the_sum_beside_the_per_piece_value_and_whether_it_is_counted(db):
    account = make_account(db)
    make_item(db, account, name="Bokhylla Billy", quantity="3", purchase_price="699")
    make_item(db, account, name="Cykel", purchase_price="5000", status="sold", sold_date="2025-06-01")
    data = export.export_bytes(db, account.id, lang="en")
    rows = {r["Name"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert rows["Bokhylla Billy"]["Estimated value"] == "699.00"
    assert rows["Bokhylla Billy"]["Estimated value total"] == "2097.00"
    assert rows["Bokhylla Billy"]["Counted"] == "Yes" and rows["Cykel"]["Counted"] == "No"
    # the export-only columns are not read back by an import
    table = read_table(data, "register.csv")
    preview = engine.preview(db, account.id, table, formats.detect(table.headers))
    assert preview.importable == 2 and not preview.refused
    assert {"Estimated value total", "Counted"} <= set(preview.ignored_columns)
