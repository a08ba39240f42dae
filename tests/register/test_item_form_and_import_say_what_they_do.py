"""The object form after a refused save, after a saved one, and with a status (the import page's own tests
are in tests/imports/test_import_page_states.py)."""
import re

from cleverstore.pages.item import item_form_page
from cleverstore.state.item import ItemState
from tests.helpers.factories import (
    event_names,
    make_account,
    signed_in_token,
    state_for,
)

SUMMARY_ID = "item-error-summary"



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
