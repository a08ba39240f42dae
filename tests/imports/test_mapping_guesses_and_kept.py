"""Column guesses from header words (Swedish and English, any case or accents), and the mappings a
customer keeps: found again for the same header row, by them only, and gone with their account."""
import pytest
from sqlmodel import select

from cleverstore.models import Account, ImportMapping
from cleverstore.services.imports import mapping
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account


def test_swedish_house_list_is_guessed():
    headers = ["Benämning", "ANTAL", "Inköpspris (kr)", "Serienummer", "Rum", "Märke", "Garanti t.o.m.",
               "Kommentar", "Färg", "Något annat"]
    assert mapping.guess(headers, ["färg"]) == {
        "Benämning": "name", "ANTAL": "quantity", "Inköpspris (kr)": "purchase_price",
        "Serienummer": "serial_number", "Rum": "location", "Märke": "manufacturer",
        "Garanti t.o.m.": "warranty_end", "Kommentar": "notes", "Färg": "field:färg", "Något annat": ""}


def test_english_and_sortly_headers_are_guessed_and_each_field_goes_to_one_column():
    guessed = mapping.guess(["Entry Name", "Sortly ID (SID)", "Quantity", "Price", "Purchase Price",
                             "Primary Folder", "Tags", "Notes", "Sold price", "Item"])
    assert guessed["Item"] == "name" and guessed["Entry Name"] == ""   # once: a whole header beats a phrase
    assert guessed["Purchase Price"] == "purchase_price" and guessed["Price"] == ""  # the most specific wins
    assert guessed["Sold price"] == "sold_price" and guessed["Primary Folder"] == "location"
    assert guessed["Sortly ID (SID)"] == "ref" and guessed["Tags"] == "tags"


def test_a_header_row_is_the_same_key_whatever_its_case_accents_or_spacing():
    assert mapping.header_key(["Benämning", "Pris (kr)"]) == mapping.header_key([" benamning", "PRIS kr"])
    assert mapping.header_key(["Namn", "Pris"]) != mapping.header_key(["Pris", "Namn"])


@pytest.mark.parametrize("choice, key", [
    ({"A": "quantity"}, "import.mapping_needs_name"),
    ({"A": "name", "B": "password_hash"}, "import.mapping_unknown_target"),
    ({"A": "name", "B": "name"}, "import.mapping_twice"),
    ({"A": "name", "B": "field:" + "x" * 61}, "import.mapping_bad_field"),
])
def test_an_unusable_choice_says_why(choice, key):
    with pytest.raises(ValidationFailed) as failed:
        mapping.clean_mapping(["A", "B"], choice)
    assert failed.value.errors == {"mapping": key}


def test_a_kept_mapping_is_its_owners_only_and_goes_with_the_account(db):
    anna, bo = make_account(db), make_account(db)
    headers = ["Benämning", "Antal", "Färg"]
    choice = {"Benämning": "name", "Antal": "quantity", "Färg": "field:Färg"}
    assert mapping.kept(db, anna.id, headers) is None
    mapping.keep(db, anna.id, headers, choice)
    assert mapping.kept(db, anna.id, ["benamning", "ANTAL", "farg"]) == {
        "benamning": "name", "ANTAL": "quantity", "farg": "field:Färg"}
    assert mapping.kept(db, bo.id, headers) is None
    mapping.keep(db, anna.id, headers, {**choice, "Antal": ""})  # kept again: replaced, not doubled
    assert mapping.kept(db, anna.id, headers)["Antal"] == ""
    assert len(db.exec(select(ImportMapping)).all()) == 1
    assert not mapping.forget(db, bo.id, headers) and mapping.kept(db, anna.id, headers) is not None
    db.delete(db.get(Account, anna.id))
    db.flush()
    assert db.exec(select(ImportMapping)).all() == []
