"""An object needs details when it has no name or no value at all: one rule, the same in Python and in the query."""
import pytest

from cleverstore.models import Item
from cleverstore.services.register import items
from cleverstore.services.register.items import ItemQuery, needs_details
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.presenters.register import item_row
from cleverstore.state.register import RegisterState
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for


def _bare(db, account, name: str = "", **values) -> Item:
    """An object as a photo capture stores it: maybe without a name, maybe without any value."""
    item = Item(account_id=account.id, name=name, quantity=1, **values)
    item.search_text = items.search_text_of(item)
    db.add(item)
    db.flush()
    return item


@pytest.mark.parametrize(("name", "values", "needs"), [
    ("Soffa", {"purchase_price_ore": 500_000}, False),
    ("Soffa", {"replacement_value_ore": 900_000}, False),
    ("Soffa", {"current_value_ore": 100}, False),
    ("", {"purchase_price_ore": 500_000}, True),             # a photo named later
    ("   ", {"current_value_ore": 100}, True),               # blanks are no name
    ("Soffa", {}, True),                                     # no value at all
    ("Soffa", {"purchase_price_ore": 0, "current_value_ore": 0}, True),  # zero is no value either
])
def test_the_rule(name, values, needs):
    assert needs_details(Item(account_id=1, name=name, **values)) is needs


def test_the_query_matches_the_rule_and_only_the_owners_objects(db):
    owner, other = make_account(db), make_account(db)
    complete = make_item(db, owner, name="Tv", purchase_price="8000")
    replaced = make_item(db, owner, name="Matta", replacement_value="3000")
    no_value = make_item(db, owner, name="Lampa")
    nameless = _bare(db, owner, "", current_value_ore=50_000)
    blank = _bare(db, owner, "  ", purchase_price_ore=10_000)
    zero = _bare(db, owner, "Gåva", purchase_price_ore=0)
    _bare(db, other, "")
    make_item(db, other, name="Främmande")

    page = items.list_items(db, owner.id, ItemQuery.from_untrusted(missing="details"))
    found = {view.item.id for view in page.rows}
    assert found == {no_value.id, nameless.id, blank.id, zero.id}
    assert all(needs_details(view.item) for view in page.rows)
    assert not needs_details(complete) and not needs_details(replaced)
    assert items.count_needing_details(db, owner.id) == 4 == page.matching
    assert items.count_needing_details(db, other.id) == 2


def test_a_nameless_object_is_shown_as_an_unnamed_thing_with_its_badge(db):
    from datetime import date

    account = make_account(db)
    item = _bare(db, account, "", current_value_ore=10_000)
    view = items.view_of(db, account.id, item)
    assert item_row(view, "sv", date.today())["name"] == "Namnlös sak"
    assert item_row(view, "en", date.today())["name"] == "Unnamed thing"
    row = item_row(view, "sv", date.today())
    assert row["nameless"] == "1" and row["needs_details"] == "1"
    named = items.view_of(db, account.id, make_item(db, account, name="Tv", purchase_price="8000"))
    assert item_row(named, "sv", date.today())["needs_details"] == ""


def test_register_chip_filters_and_the_dashboard_counts(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    make_item(db, owner, name="Tv", purchase_price="8000")
    _bare(db, owner, "", current_value_ore=10_000)
    make_item(db, owner, name="Lampa")
    db.commit()

    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    assert state.needs_details == 2 and state.matching == 3
    state.show_needing_details()
    assert state.missing == "details" and state.matching == 2 and state.active_filters == 1
    assert sorted(row["name"] for row in state.rows) == ["Lampa", "Namnlös sak"]

    board = state_for(DashboardState, token=token)
    board.on_load()
    assert board.needs_details == 2

    linked = state_for(RegisterState, token=token, path="/register", query="missing=details")
    linked.on_load()
    assert linked.missing == "details" and linked.matching == 2
