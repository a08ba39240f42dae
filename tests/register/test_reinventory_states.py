"""The re-inventory page's state: the walk as the page shows it, each answer through the open register,
refusals in the customer's language, and a locked register refused."""
from datetime import date

from sqlmodel import select

from cleverstore.models import Item
from cleverstore.state.inventory import InventoryState
from tests.helpers.factories import event_names, make_account, make_item, signed_in_token, state_for


def _walk(db, *, subscribed: bool = True, lang: str = "sv"):
    owner = make_account(db, subscribed=subscribed, name="Olga")
    for name in ("Brödrost", "Mixer"):
        make_item(db, owner, name=name, location="Kök")
    make_item(db, owner, name="Sänglampa", location="Sovrum")
    token = signed_in_token(db, owner)
    db.commit()
    state = state_for(InventoryState, token=token, path="/inventory")
    state.lang = lang
    return owner, state


def _id(state, name: str) -> str:
    return next(card["id"] for card in state.objects if card["name"] == name)


def test_the_page_shows_the_walk_and_each_answer_moves_it_on(db):
    _owner, state = _walk(db)
    state.on_load()
    assert state.loaded and state.progress == "0 av 3 kontrollerade"
    assert [p["label"] for p in state.places] == ["Kök", "Sovrum"] and state.places[0]["current"] == "1"
    assert state.place_label == "Kök" and [c["name"] for c in state.objects] == ["Brödrost", "Mixer"]

    state.still_here(_id(state, "Brödrost"))
    assert state.message == "Brödrost: finns kvar." and state.progress == "1 av 3 kontrollerade"
    assert [c["name"] for c in state.objects] == ["Mixer", "Brödrost"] and state.objects[1]["checked"] == "1"
    assert state.objects[1]["checked_label"] == "Senast kontrollerad"
    assert state.objects[1]["checked_date"] == date.today().isoformat()
    assert state.objects[0]["checked_label"] == "Inte kontrollerad i år" and state.objects[0]["checked_date"] == ""

    mixer = _id(state, "Mixer")
    state.open_answer(mixer, "gone")
    assert (state.open_item, state.open_panel) == (mixer, "gone")
    state.save_gone({"item": mixer, "gone_as": "sold", "sold_date": ""})
    assert state.errors == {"sold_date": "Skriv när föremålet såldes."} and state.open_panel == "gone"
    state.save_gone({"item": mixer, "gone_as": "discarded"})
    assert state.open_panel == "" and state.place_done and state.progress == "2 av 3 kontrollerade"

    bedroom = state.places[1]["key"]
    state.choose_place(bedroom)
    lamp = _id(state, "Sänglampa")
    state.save_move({"item": lamp, "place": ""})
    assert state.errors == {"location": "Välj platsen föremålet flyttades till."}
    kitchen = next(t["id"] for t in state.targets if t["path"] == "Kök")
    state.save_move({"item": lamp, "place": kitchen})
    assert state.progress == "3 av 3 kontrollerade" and state.register_checked.startswith("Registret kontrollerades")


def test_english_texts_and_a_foreign_object_is_refused(db):
    _owner, state = _walk(db, lang="en")
    other = make_account(db, name="Ivar")
    theirs = make_item(db, other, name="Deras")
    db.commit()
    state.on_load()
    assert state.progress == "0 of 3 checked"
    state.still_here(str(theirs.id))
    assert state.errors == {"item": "The item or the place is no longer in the register."} and state.message == ""
    db.expire_all()
    assert db.get(Item, theirs.id).last_checked_on is None


def test_a_locked_register_is_refused_and_nothing_changes(db):
    owner, state = _walk(db, subscribed=False)
    item_id = db.exec(select(Item.id).where(Item.account_id == owner.id)).first()
    assert "_redirect" in "".join(event_names(state.on_load()))
    assert not state.loaded and state.objects == []
    assert "_redirect" in "".join(event_names(state.still_here(str(item_id))))
    db.expire_all()
    assert db.get(Item, item_id).last_checked_on is None
