"""The object form's "new category" / "new place" and the capture's hand-over to the new object."""
import pytest
from sqlmodel import select

from cleverstore.models import Category, Location
from cleverstore.state.capture import CaptureState
from cleverstore.state.item import ItemState
from tests.helpers.factories import event_names, make_account, signed_in_token, state_for


@pytest.fixture()
def customer(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    db.commit()
    return owner, token


def test_a_new_category_is_chosen_in_the_form_without_resetting_it(db, customer):
    owner, token = customer
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    key = state.form_key
    state.open_new("category")
    assert state.adding == "category"
    events = state.add_category({"name": "Verktyg"})
    assert event_names(events) == ["_set_value", "_set_focus"]
    assert state.categories == ["Verktyg"] and state.adding == "" and state.add_error == ""
    assert state.add_notice == "Kategorin Verktyg är vald." and state.added_kind == "category"
    assert state.form_key == key  # the form is not re-mounted: what was typed stays
    db.expire_all()
    assert [c.name for c in db.exec(select(Category).where(Category.account_id == owner.id)).all()] == ["Verktyg"]


def test_a_new_place_goes_inside_a_chosen_place_and_a_blank_name_is_refused(db, customer):
    owner, token = customer
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    state.open_new("place")
    assert state.add_place({"name": "  ", "parent": ""}) is None
    assert state.add_error == "Fältet måste fyllas i." and state.adding == "place"
    state.add_place({"name": "Garage", "parent": ""})
    state.open_new("place")
    state.add_place({"name": "Hylla", "parent": "Garage"})
    assert state.locations[0] == "Garage" and state.locations[1].endswith("Hylla")
    assert state.add_place({"name": "Låda", "parent": "Finns inte"}) is None
    assert state.add_error == "Välj en plats som finns."
    db.expire_all()
    assert sorted(loc.name for loc in db.exec(select(Location).where(Location.account_id == owner.id)).all()) == [
        "Garage", "Hylla"]


def test_signed_out_callers_add_nothing_and_go_to_login(db):
    for state_cls, name, args in ((ItemState, "add_category", ({"name": "X"},)),
                                  (ItemState, "add_place", ({"name": "X"},)),
                                  (CaptureState, "open_captured", ({"item": "1"},))):
        assert event_names(getattr(state_for(state_cls, token="nope"), name)(*args)) == ["_redirect"]
    assert db.exec(select(Category)).all() == [] and db.exec(select(Location)).all() == []


def test_the_capture_opens_only_an_object_id(db, customer):
    _owner, token = customer
    state = state_for(CaptureState, token=token)
    assert event_names(state.open_captured({"item": "12"})) == ["_redirect"]
    assert state.open_captured({"item": "javascript:alert(1)"}) is None
