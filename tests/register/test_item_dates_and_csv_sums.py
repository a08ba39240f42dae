"""The object form refuses a warranty that ends before the purchase; the CSV says per piece, sum and counted."""
from __future__ import annotations

import csv
import io

import pytest

from cleverstore.services.register import csv_io
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
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(csv_io.export_csv(db, account.id).decode("utf-8-sig")))}
    assert rows["Bokhylla Billy"]["estimated_value"] == "699,00"
    assert rows["Bokhylla Billy"]["estimated_value_sum"] == "2097,00"
    assert rows["Bokhylla Billy"]["counted"] == "yes" and rows["Cykel"]["counted"] == "no"
    # the export-only columns are not read back by an import
    preview = csv_io.preview_import(db, account.id, csv_io.export_csv(db, account.id))
    assert preview.ok and {"estimated_value_sum", "counted"} <= set(preview.ignored_columns)
