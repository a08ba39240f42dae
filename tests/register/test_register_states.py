"""Register handlers (bulk, files, catalogue, import, dashboard) with two customers: foreign ids change nothing."""

import pytest
from sqlmodel import select

from cleverstore.models import Item, ItemChange
from cleverstore.services.register import bulk, catalogue, files, history, items
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.catalogue import CatalogueState
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.item import ItemState
from cleverstore.state.register import RegisterState
from cleverstore.state.register_import import ImportState
from tests.helpers.factories import (
    event_names,
    make_account,
    make_item,
    signed_in_token,
    state_for,
)
from tests.helpers.images import png_bytes


@pytest.fixture()
def two(db):
    owner, intruder = make_account(db, name="Olga Ägare"), make_account(db, name="Ivar Inkräktare")
    tokens = signed_in_token(db, owner), signed_in_token(db, intruder)
    db.commit()
    return owner, intruder, tokens


def test_bulk_move_tag_status_delete_on_a_selection_across_pages(db, two):
    owner, _intruder, (token, _other) = two
    for number in range(60):
        make_item(db, owner, name=f"Bok {number:02d}", location="Vind")
    db.commit()
    shelf = catalogue.location_at_path(db, owner.id, "Huset › Bibliotek")
    db.commit()
    state = state_for(RegisterState, token=token)
    state.on_load()
    state.set_search("bok 0")
    assert state.matching == 10
    state.clear_filters()
    state.select_matching()
    assert state.selected_count == 60
    state.bulk_move({"location": str(shelf.id)})
    assert state.bulk_message == "60 föremål har flyttats."
    state.bulk_tag({"tag": "Läst"})
    state.bulk_status({"status": "lost"})
    db.expire_all()
    moved = db.exec(select(Item).where(Item.account_id == owner.id)).all()
    assert {i.location_id for i in moved} == {shelf.id} and {i.status for i in moved} == {"lost"}
    changes = history.changes(db, owner.id, moved[0].id)
    names = history.actor_names(db, changes)  # the actor is kept by id and named when shown
    assert {(c.field_name, c.new_value, c.actor_account_id, names[c.id]) for c in changes} >= {
        ("location", "Huset › Bibliotek", owner.id, "Olga Ägare"), ("status", "lost", owner.id, "Olga Ägare"),
        ("tag_added", "Läst", owner.id, "Olga Ägare")}
    state.bulk_status({"status": "sold"})  # needs details: one object at a time
    assert state.bulk_error == "Välj en status i listan."
    state.ask_bulk_delete()
    state.bulk_delete()
    assert state.selected_count == 0 and state.matching == 0


def test_toggle_only_takes_visible_rows_and_bulk_never_touches_foreign_objects(db, two):
    owner, intruder, (token, intruder_token) = two
    mine = make_item(db, intruder, name="Min")
    theirs = make_item(db, owner, name="Deras", location="Kök")
    db.commit()
    state = state_for(RegisterState, token=intruder_token)
    state.on_load()
    state.toggle(str(theirs.id))
    state.toggle("abc")
    assert state.selected_count == 0
    state.toggle(str(mine.id))
    assert state.selected_count == 1 and state.rows[0]["selected"] == "1"
    # a hand-made selection with a foreign id, and a foreign location
    state._selected = [mine.id, theirs.id]
    owners_kitchen = catalogue.location_at_path(db, owner.id, "Kök")
    state.bulk_move({"location": str(owners_kitchen.id)})
    assert state.bulk_error == "Platsen finns inte längre. Välj en annan."
    assert bulk.move(db, intruder.id, [mine.id, theirs.id], bulk.NO_PLACE)[0] == 1
    assert bulk.delete(db, intruder.id, [theirs.id])[0] == 0
    db.expire_all()
    assert items.get_item(db, owner.id, theirs.id).location_id == owners_kitchen.id


def test_item_page_files_and_history_are_owner_only(db, two):
    owner, _intruder, (token, intruder_token) = two
    item = make_item(db, owner, name="Klocka")
    first = files.attach(db, owner.id, item.id, "photo", png_bytes(), "a.png")
    second = files.attach(db, owner.id, item.id, "photo", png_bytes(), "b.png")
    items.update_item(db, owner.id, item.id, {"name": "Armbandsur", "purchase_price": "100"}, actor="Olga")
    db.commit()
    view = state_for(ItemState, token=token, path="/object", query=f"id={item.id}")
    view.load_view()
    assert view.main_photo["name"] == "a.png" and view.main_photo["is_main"] == "1"
    assert [f["name"] for f in view.photos] == ["b.png"] and view.photos[0]["is_main"] == ""
    assert {(c["field"], c["old"], c["new"]) for c in view.changes} >= {("Namn", "Klocka", "Armbandsur"),
                                                                        ("Inköpspris", "–", "100,00")}
    stranger = state_for(ItemState, token=intruder_token, path="/object", query=f"id={item.id}")
    stranger.load_view()
    assert stranger.not_found and stranger.main_photo == {} and stranger.photos == [] and stranger.changes == []
    stranger.make_main(str(second.id))
    stranger.delete_file(str(first.id))
    assert stranger.file_message == "Filen finns inte längre."
    db.expire_all()
    assert [f.is_main for f in files.files_of(db, owner.id, item.id)] == [True, False]
    view.make_main(str(second.id))
    assert view.main_photo["name"] == "b.png" and [f["name"] for f in view.photos] == ["a.png"]
    view.delete_file(str(first.id))
    assert view.main_photo["name"] == "b.png" and view.photos == []


def test_item_form_keeps_everything_on_error_and_saves_status_details(db, two):
    owner, _intruder, (token, _other) = two
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    form = {"name": "Cykel", "status": "lent_out", "location": "Hus › Garage", "tags": "sport"}
    assert event_names(state.save(form)) == ["_call_script"]  # focus and view go to the error summary
    assert state.errors == {"lent_to": "Skriv vem som har lånat föremålet."} and state.values["location"] == "Hus › Garage"
    events = state.save({**form, "lent_to": "Kalle", "lent_until": "2030-01-01"})
    assert event_names(events)[0] == "_redirect"
    saved = db.exec(select(Item).where(Item.account_id == owner.id)).one()
    assert saved.lent_to == "Kalle" and str(saved.lent_until) == "2030-01-01"
    change = db.exec(select(ItemChange).where(ItemChange.item_id == saved.id)).first()
    assert (change.actor, change.actor_account_id) == ("", owner.id)  # by id, no copied name


def test_catalogue_handlers_refuse_foreign_ids(db, two):
    owner, _intruder, (token, intruder_token) = two
    category = catalogue.save_category(db, owner.id, {"name": "Konst", "useful_life_years": "50"})
    room = catalogue.save_location(db, owner.id, {"name": "Salong"})
    field = catalogue.save_custom_field(db, owner.id, {"name": "Konstnär", "kind": "text"})
    db.commit()
    stranger = state_for(CatalogueState, token=intruder_token)
    stranger.on_load()
    assert stranger.categories == [] and stranger.locations == [] and stranger.fields == []
    stranger.save_category({"id": str(category.id), "name": "Stulen", "useful_life_years": "1"})
    assert stranger.error == "Det finns inte längre."
    stranger.delete_category(str(category.id))
    stranger.move_location(str(room.id), "")
    stranger.delete_location(str(room.id))
    stranger.delete_field(str(field.id))
    stranger.save_location({"name": "Min", "parent_id": str(room.id)})
    db.expire_all()
    assert [(c.name, c.useful_life_years) for c in catalogue.categories(db, owner.id)] == [("Konst", 50)]
    assert len(catalogue.location_tree(db, owner.id)) == 1 and len(catalogue.custom_fields(db, owner.id)) == 1
    assert catalogue.location_tree(db, _intruder.id) == []
    mine = state_for(CatalogueState, token=token)
    mine.on_load()
    mine.save_location({"name": "Vitrinskåp", "parent_id": str(room.id)})
    assert [loc["path"] for loc in mine.locations] == ["Salong", "Salong › Vitrinskåp"]
    mine.save_category({"name": "konst"})
    assert mine.error == "Det namnet finns redan."


def test_dashboard_totals_and_groups(db, two):
    owner, _intruder, (token, intruder_token) = two
    make_item(db, owner, name="Tv", category="Elektronik", location="Hus › Vardagsrum", purchase_price="8000",
              warranty_end="2999-01-01")
    make_item(db, owner, name="Stol", category="Möbler", location="Hus › Kök", purchase_price="500", quantity="4")
    make_item(db, owner, name="Gammal", category="Möbler", purchase_price="999", status="discarded")
    db.commit()
    state = state_for(DashboardState, token=token)
    state.on_load()
    assert state.totals["objects"] == "2" and state.totals["purchase"] == "10\u00a0000,00\u00a0kr"
    assert [(b["label"], b["objects"]) for b in state.by_category] == [("Elektronik", "1"), ("Möbler", "1")]
    assert [(b["label"], b["objects"]) for b in state.by_location] == [("Hus", "2")]
    assert state.missing_photo == 2 and state.missing_receipt == 2
    other = state_for(DashboardState, token=intruder_token)
    other.on_load()
    assert other.totals["objects"] == "0" and other.by_category == []


def test_signed_out_callers_are_sent_to_login(db):
    for state_cls, handler, args in ((RegisterState, "select_matching", ()), (RegisterState, "bulk_delete", ()),
                                     (ItemState, "reload_files", ()), (ItemState, "delete_file", ("1",)),
                                     (CatalogueState, "delete_location", ("1",)), (ImportState, "discard", ()),
                                     (DashboardState, "on_load", ())):
        assert event_names(getattr(state_for(state_cls, token="nope"), handler)(*args)) == ["_redirect"]


def test_bulk_rejects_more_than_one_tag(db, two):
    owner = two[0]
    item = make_item(db, owner)
    with pytest.raises(ValidationFailed):
        bulk.tag(db, owner.id, [item.id], "a, b")
