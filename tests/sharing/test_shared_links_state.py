"""The owner's page: the register's selection becomes a link, its address and code shown once; a link is ended
at once; a signed-in customer who is not the register's owner sees no links."""
from __future__ import annotations

import asyncio

from cleverstore.services import sharing
from cleverstore.state.shared_links import SharedLinksState
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for


def _state(monkeypatch, token: str, selected: list[int], query: str = "from=register"):
    async def ticked(self):
        return list(selected)

    monkeypatch.setattr(SharedLinksState, "_selection", ticked)
    state = state_for(SharedLinksState, token=token, path="/shared-links", query=query)
    asyncio.run(SharedLinksState.on_load.fn(state))
    return state


def test_the_selection_is_shared_and_shown_once(db, monkeypatch):
    anna = make_account(db, name="Anna Andersson")
    bike, sofa = make_item(db, anna, name="Cykel"), make_item(db, anna, name="Soffa")
    token = signed_in_token(db, anna)
    db.commit()
    state = _state(monkeypatch, token, [bike.id, sofa.id])
    assert state.allowed and state.selected_count == 2 and state.what == "selection"
    asyncio.run(SharedLinksState.create.fn(state, {"days": "7", "with_code": True, "show_prices": False}))
    assert state.errors == {}
    assert "/s/" in state.new_url and len(state.new_code) == 8
    assert [row["shows"] for row in state.links] == ["2 valda föremål"]
    SharedLinksState.forget_new.fn(state)
    assert state.new_url == "" and state.new_code == ""
    SharedLinksState.end_link.fn(state, state.links[0]["id"])
    assert [row["status"] for row in state.links] == ["ended"]
    assert sharing.open_shared_link("x", None, "192.0.2.1") is None


def test_days_out_of_range_are_said_and_nothing_is_made(db, monkeypatch):
    anna = make_account(db)
    bike = make_item(db, anna, name="Cykel")
    token = signed_in_token(db, anna)
    db.commit()
    state = _state(monkeypatch, token, [bike.id])
    asyncio.run(SharedLinksState.create.fn(state, {"days": "31"}))
    assert state.errors == {"days": "Ange ett antal dagar från 1 till 30."}
    assert state.new_url == "" and state.links == []


def test_a_place_must_be_chosen_without_a_selection(db, monkeypatch):
    anna = make_account(db)
    token = signed_in_token(db, anna)
    db.commit()
    state = _state(monkeypatch, token, [], query="")
    assert state.what == "place"
    asyncio.run(SharedLinksState.create.fn(state, {"days": "7", "place": ""}))
    assert state.errors == {"place": "Välj en plats."}
