import pytest

from cleverstore.services.register import catalogue, items
from cleverstore.services.register.items import PAGE_SIZE, ItemQuery
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from tests.helpers.factories import make_account, make_item


def names(page) -> list[str]:
    return [view.item.name for view in page.rows]


def test_create_with_every_core_field(db):
    account = make_account(db)
    item = items.create_item(db, account.id, {
        "name": "  Soffa  ", "description": "Grå\nTresits", "category": "Möbler", "location": "Vardagsrum",
        "quantity": "2", "manufacturer": "IKEA", "model": "Kivik", "serial_number": "SN-1",
        "purchase_date": "2021-03-04", "purchase_price": "7 995,50", "current_value": "4000",
        "warranty_end": "2031-03-04", "notes": "Klädsel bytt", "status": "lent_out", "lent_to": "Kalle",
    })
    assert item.name == "Soffa" and item.description == "Grå\nTresits"
    assert item.purchase_price_ore == 799550 and item.current_value_ore == 400000
    assert item.quantity == 2 and item.status == "lent_out" and item.lent_to == "Kalle"
    assert str(item.purchase_date) == "2021-03-04" and str(item.warranty_end) == "2031-03-04"


def test_validation_reports_every_field_and_saves_nothing(db):
    account = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        items.create_item(db, account.id, {
            "name": "", "quantity": "0", "purchase_date": "2999-01-01", "purchase_price": "mycket",
            "current_value": "-1", "warranty_end": "31/12", "status": "stolen-by-aliens", "description": "x" * 5001,
        })
    assert failed.value.errors == {
        "name": "error.required", "quantity": "error.number_range", "purchase_date": "error.date_in_future",
        "purchase_price": "error.amount_invalid", "current_value": "error.amount_invalid",
        "warranty_end": "error.date_invalid", "status": "error.choose_status", "description": "error.too_long",
    }
    assert items.list_items(db, account.id, ItemQuery()).matching == 0


def test_totals_multiply_by_quantity_and_leave_out_sold_and_discarded(db):
    account = make_account(db)
    make_item(db, account, name="Stol", quantity="4", purchase_price="1000", current_value="500")
    make_item(db, account, name="Tv", purchase_price="10 000", current_value="6 000,50")
    make_item(db, account, name="Stulen cykel", purchase_price="5000", current_value="3000", status="lost")
    make_item(db, account, name="Såld bil", purchase_price="100000", current_value="1", status="sold",
              sold_date="2024-05-01")
    make_item(db, account, name="Trasig lampa", purchase_price="300", status="discarded")
    totals = items.totals(db, account.id)
    assert totals.objects == 3
    assert totals.purchase_ore == (4 * 1000 + 10000 + 5000) * 100
    assert totals.current_ore == (4 * 500 + 3000) * 100 + 600050
    # sold objects stay findable
    assert names(items.list_items(db, account.id, ItemQuery(status="sold"))) == ["Såld bil"]


def test_search_is_case_insensitive_for_swedish_letters_and_treats_wildcards_literally(db):
    account = make_account(db)
    make_item(db, account, name="Örhängen i guld")
    make_item(db, account, name="Kaffekvarn", serial_number="AB_12%")
    make_item(db, account, name="Borrmaskin", manufacturer="Bosch")
    assert names(items.list_items(db, account.id, ItemQuery(search="örhä"))) == ["Örhängen i guld"]
    assert names(items.list_items(db, account.id, ItemQuery(search="ÖRHÄ"))) == ["Örhängen i guld"]
    assert names(items.list_items(db, account.id, ItemQuery(search="bosch"))) == ["Borrmaskin"]
    assert names(items.list_items(db, account.id, ItemQuery(search="b_12%"))) == ["Kaffekvarn"]
    # as a wildcard "b_" would also match "Bosch" and "Borrmaskin"; two letters match the start of a word
    assert names(items.list_items(db, account.id, ItemQuery(search="b_"))) == []
    assert names(items.list_items(db, account.id, ItemQuery(search="ab_"))) == ["Kaffekvarn"]


def test_filters_sort_and_pages(db):
    account = make_account(db)
    for number in range(PAGE_SIZE + 5):
        make_item(db, account, name=f"Sak {number:02d}", category="Verktyg" if number % 2 else "Kök",
                  location="Garage", current_value=str(number))
    first = items.list_items(db, account.id, ItemQuery())
    assert first.matching == PAGE_SIZE + 5 and first.pages == 2 and len(first.rows) == PAGE_SIZE
    assert first.rows[0].item.name == "Sak 00"
    second = items.list_items(db, account.id, ItemQuery(page=2))
    assert names(second) == [f"Sak {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    beyond = items.list_items(db, account.id, ItemQuery(page=99))
    assert beyond.page == 2
    by_value = items.list_items(db, account.id, ItemQuery(sort="current_value", descending=True))
    assert by_value.rows[0].item.name == f"Sak {PAGE_SIZE + 4:02d}"
    tools_id = catalogue.category_named(db, account.id, "verktyg").id
    tools = items.list_items(db, account.id, ItemQuery(category_id=tools_id))
    assert tools.matching == 15 and all(view.category == "Verktyg" for view in tools.rows)
    assert tools.totals.objects == 15
    options = items.filter_options(db, account.id)
    assert [label for _id, label in options["categories"]] == ["Kök", "Verktyg"]
    assert [label for _id, label in options["locations"]] == ["Garage"]


def test_untrusted_query_values_fall_back_safely():
    query = ItemQuery.from_untrusted(sort="password_hash; DROP TABLE item", status="nope", page="-3", search="x" * 999)
    assert query.sort == "name" and query.status == "" and query.page == 1 and len(query.search) == 200


def test_update_and_delete(db):
    account = make_account(db)
    item = make_item(db, account, name="Gammalt namn")
    updated = items.update_item(db, account.id, item.id, {"name": "Nytt namn", "quantity": "3"})
    assert updated.name == "Nytt namn" and updated.quantity == 3
    items.delete_item(db, account.id, str(item.id))
    with pytest.raises(NotFound):
        items.get_item(db, account.id, item.id)


def test_another_customers_object_behaves_like_a_missing_one(db):
    owner, intruder = make_account(db), make_account(db)
    item = make_item(db, owner, name="Privat klocka")
    for bad_id in (item.id, str(item.id), "999999", "1 OR 1=1", None, "abc"):
        with pytest.raises(NotFound):
            items.get_item(db, intruder.id, bad_id)
    with pytest.raises(NotFound):
        items.update_item(db, intruder.id, item.id, {"name": "Stulen"})
    with pytest.raises(NotFound):
        items.delete_item(db, intruder.id, item.id)
    assert items.list_items(db, intruder.id, ItemQuery()).matching == 0
    assert items.filter_options(db, intruder.id) == {"categories": [], "locations": [], "tags": []}
    assert items.get_item(db, owner.id, item.id).name == "Privat klocka"
