"""The register's view, selection mode and folded panels: kept as the customer moves around, never unsafe input."""
from cleverstore.state.register import RegisterState
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for


def _register(db, count: int = 3):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    for number in range(count):
        make_item(db, owner, name=f"Bok {number}", purchase_price="100")
    db.commit()
    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    return state, token


def test_the_photo_view_is_kept_and_can_be_linked(db):
    state, token = _register(db)
    assert state.view == "list"
    state.set_view("photos")
    assert state.view == "photos"
    state.set_view("<script>")
    assert state.view == "photos"
    state.on_load()  # coming back to the register keeps the choice
    assert state.view == "photos"
    linked = state_for(RegisterState, token=token, path="/register", query="view=photos")
    linked.on_load()
    assert linked.view == "photos"


def test_selection_mode_selects_by_tap_and_done_leaves_it_empty(db):
    state, _token = _register(db)
    state.start_selecting()
    assert state.selecting
    first = state.rows[0]["id"]
    state.toggle(first)
    assert state.selected_count == 1 and state.rows[0]["selected"] == "1"
    state.choose_bulk_panel("move")
    assert state.bulk_panel == "move"
    state.choose_bulk_panel("move")  # the same again closes it
    assert state.bulk_panel == ""
    state.choose_bulk_panel("drop_tables")
    assert state.bulk_panel == ""
    state.select_matching()
    assert state.selected_count == 3
    state.stop_selecting()
    assert not state.selecting and state.selected_count == 0 and state.rows[0]["selected"] == ""


def test_filters_say_how_many_are_active(db):
    state, _token = _register(db)
    assert state.active_filters == 0
    state.set_filter("status", "in_use")
    state.set_filter("missing", "photo")
    assert state.active_filters == 2
    state.toggle_filters()
    assert state.filters_open
    state.clear_filters()
    assert state.active_filters == 0


def test_the_totals_fold_into_one_line(db):
    state, _token = _register(db)
    assert state.totals["summary"] == "3 föremål · 300,00\u00a0kr"
    assert not state.totals_open
    state.toggle_totals()
    assert state.totals_open
