"""The import's use cases: keep a file, preview it (known format, kept mapping or the customer's columns),
import the good rows or nothing, the refused rows as a file to fix; every customer sees only their own."""
import csv
import io

import pytest
from sqlmodel import select

from cleverstore.models import ActivityEvent
from cleverstore.services import imports
from cleverstore.services.imports import export
from cleverstore.services.register import items
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_item

HOUSE = "Benämning;Antal;Pris;Rum\nSoffa;1;4500;Vardagsrum\nStol;x;100;Kök\nLampa;2;299,50;Kök\n".encode()


@pytest.fixture()
def two(db):
    owner, other = make_account(db), make_account(db)
    db.commit()
    return owner.id, other.id


def test_a_spreadsheet_we_do_not_know_asks_for_its_columns_then_imports_the_good_rows(db, two):
    owner, other = two
    assert imports.import_preview(owner) is None
    imports.keep_import_file(owner, HOUSE, "hus.csv")
    asking = imports.import_preview(owner)
    assert asking.needs_mapping and asking.filename == "hus.csv" and asking.rows == 3
    assert asking.mapping == {"Benämning": "name", "Antal": "quantity", "Pris": "purchase_price", "Rum": "location"}
    assert asking.first_row["Benämning"] == "Soffa" and imports.import_preview(other) is None
    view = imports.import_preview(owner, asking.mapping)
    assert (view.preview.will_add, view.preview.will_update) == (2, 0)
    assert [(r.line, r.name, r.reasons) for r in view.preview.refused] == [
        (3, "Stol", [("quantity", "error.whole_number")])]
    assert view.sample[0] == {"name": "Soffa", "category": "", "location": "Vardagsrum", "quantity": "1",
                              "purchase_price": "4500"}
    name, data = imports.refused_rows_file(owner, asking.mapping, lang="en")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert name == "hus-refused.csv"
    assert rows == [["Benämning", "Antal", "Pris", "Rum", "Why the row was not imported"],
                    ["Stol", "x", "100", "Kök", "Quantity: Enter a whole number."]]
    outcome = imports.commit_import(owner, asking.mapping, actor="Olga", lang="en")
    assert (outcome.added, outcome.refused) == (2, 1) and outcome.refused_file == data
    assert imports.pending_import(owner) is None and items.totals(db, owner).objects == 2
    assert items.totals(db, other).objects == 0
    kinds = db.exec(select(ActivityEvent.kind).where(ActivityEvent.account_id == owner)).all()
    assert "register_imported" in kinds


def test_all_or_nothing_imports_nothing_and_keeps_the_file(db, two):
    owner, _other = two
    imports.keep_import_file(owner, b"name;quantity\nA;1\n;x\nB;2\n", "a.csv")
    with pytest.raises(ValidationFailed) as failed:
        imports.commit_import(owner, skip_refused=False, actor="Olga")
    assert failed.value.errors == {"file": "import.has_refused_rows"}
    assert items.totals(db, owner).objects == 0 and imports.pending_import(owner) is not None


def test_a_kept_mapping_is_used_for_the_next_file_with_the_same_header_and_can_be_forgotten(db, two):
    owner, other = two
    imports.keep_import_file(owner, HOUSE, "hus.csv")
    choice = imports.import_preview(owner).mapping
    imports.keep_mapping(owner, choice)
    imports.keep_import_file(owner, "BENÄMNING;antal;pris;rum\nBord;1;100;Hall\n".encode(), "hus-2.csv")
    view = imports.import_preview(owner)
    assert view.kept and not view.needs_mapping and view.preview.will_add == 1
    imports.keep_import_file(other, HOUSE, "hus.csv")
    assert imports.import_preview(other).needs_mapping  # Anna's choice is hers
    assert imports.forget_mapping(owner) and imports.import_preview(owner).needs_mapping


def test_a_known_format_previews_at_once_and_can_still_be_mapped_by_hand(db, two):
    owner, _other = two
    imports.keep_import_file(owner, b"name;quantity\nA;1\n", "a.csv")
    view = imports.import_preview(owner)
    assert view.format == "cleverstore" and view.preview.will_add == 1
    asked = imports.import_preview(owner, format_key=imports.ASK)
    assert asked.needs_mapping and asked.mapping["name"] == "name"


def test_an_unreadable_or_too_big_file_says_why(db, two):
    owner, _other = two
    with pytest.raises(ValidationFailed) as failed:
        imports.keep_import_file(owner, b"x" * (imports.MAX_IMPORT_BYTES + 1))
    assert failed.value.errors == {"file": "import.too_big"}
    imports.keep_import_file(owner, b"name\nx\n" + b"y" * 200_000, "a.csv")
    with pytest.raises(ValidationFailed) as failed:
        imports.import_preview(owner)
    assert failed.value.errors == {"file": "import.cell_too_long"}
    imports.discard_import(owner)
    assert imports.pending_import(owner) is None


def test_export_then_import_into_a_new_customer_gives_the_same_register(db, two):
    from cleverstore.models import Account

    owner, other = two
    make_item(db, db.get(Account, owner), name="Cykel", category="Fordon", location="Hus › Garage", tags="sport",
              purchase_price="4500", purchase_date="2022-05-01", quantity="2", insured="on",
              status="lent_out", lent_to="Kalle")
    make_item(db, db.get(Account, owner), name="=1+1", notes="line one\nline two")
    db.commit()
    data = export.export_bytes(db, owner)
    imports.keep_import_file(other, data, "register.csv")
    assert imports.commit_import(other, actor="Olga").added == 2

    def rows(account_id):
        read = csv.DictReader(io.StringIO(export.export_bytes(db, account_id).decode("utf-8-sig")))
        return [{k: v for k, v in row.items() if k != "id"} for row in read]
    db.expire_all()
    assert rows(other) == rows(owner)
    assert items.totals(db, other).purchase_ore == 900_000
