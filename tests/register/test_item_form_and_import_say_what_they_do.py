"""The object form after a refused save, after a saved one, and with a status; the import after it is done."""
import asyncio
import re

from cleverstore.pages.item import item_form_page
from cleverstore.services.register import csv_io
from cleverstore.state.item import ItemState
from cleverstore.state.register_import import ImportState
from tests.helpers.factories import (
    event_names,
    make_account,
    signed_in_token,
    state_for,
)

SUMMARY_ID = "item-error-summary"


def _drain(generator) -> list:
    async def drain():
        return [event async for event in generator]
    return asyncio.run(drain())


def test_a_refused_save_moves_focus_and_view_to_the_error_summary(db):
    account = make_account(db)
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    events = state.save({"name": "Soffa", "purchase_price": "tolv tusen"})
    assert event_names(events) == ["_call_script"]
    script = str(events.args)
    assert SUMMARY_ID in script and "focus" in script and "scrollIntoView" in script
    assert state.summary and "purchase_price" in state.errors


def test_a_saved_object_says_so_in_the_page_not_in_a_toast_over_the_fields(db):
    account = make_account(db)
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    events = state.save({"name": "Soffa", "purchase_price": "12000"})
    assert event_names(events) == ["_redirect"]  # no toast
    saved_id = re.search(r"object\?id=(\d+)", str(events.args)).group(1)
    state.router = state_for(ItemState, token=token, path="/object", query=f"id={saved_id}").router
    state.load_view()
    assert state.notice == "Föremålet är sparat."
    state.load_view()  # said once
    assert state.notice == ""


def test_the_status_fields_follow_the_chosen_status(db):
    account = make_account(db)
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    assert state.status_choice == "in_use"
    state.choose_status("sold")
    assert state.status_choice == "sold"
    rendered = str(item_form_page.__wrapped__().render() if hasattr(item_form_page, "__wrapped__")
                   else item_form_page().render())
    for status in ("lent_out", "sold", "lost"):  # each group is hidden unless its status is chosen
        assert f'"{status}"' in rendered
    assert "status-fields" in rendered and "hidden" in rendered


def test_the_import_page_forgets_the_received_line_and_says_how_many_rows_it_shows(db):
    account = make_account(db)
    token = signed_in_token(db, account)
    rows = "\n".join(f"Sak {n};Verktyg;Förråd;1;{n}" for n in range(12))
    csv_io.store_pending(db, account.id, f"name;category;location;quantity;purchase_price\n{rows}\n".encode())
    db.commit()
    state = state_for(ImportState, token=token, path="/import")
    state.on_load()
    assert len(state.preview) == 10
    assert state.preview_note == "Visar de första 10 av 12 raderna. Alla rader importeras."
    events = _drain(state.confirm())
    assert state.done_message == "12 föremål har importerats."
    scripts = [str(e.args) for e in events if e is not None and event_names(e) == ["_call_script"]]
    assert any("import-status" in script and "textContent" in script for script in scripts)
    assert state.preview_note == ""
