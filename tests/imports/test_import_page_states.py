"""The import page's state: the mapping step for a spreadsheet we do not know, the preview's counts and
refused rows ("visar 10 av 2 000 rader"), importing the good rows with progress, the refused rows to
download, and nobody else's file or objects within reach."""
import asyncio

from cleverstore.pages.register_import import import_page
from cleverstore.services import imports
from cleverstore.services.register import items
from cleverstore.state.register_import import ImportState
from tests.helpers.factories import event_names, make_account, signed_in_token, state_for


def _drain(generator) -> list:
    async def drain():
        return [event async for event in generator]
    return asyncio.run(drain())


def _confirm(state) -> list:
    return _drain(ImportState.confirm.fn(state))


def test_preview_confirm_and_isolation(db):
    owner, intruder = make_account(db), make_account(db)
    token, intruder_token = signed_in_token(db, owner), signed_in_token(db, intruder)
    rows = "\n".join(f"Sak {n};Verktyg;Förråd;1;{n}" for n in range(200))
    db.commit()
    imports.keep_import_file(owner.id, f"name;category;location;quantity;purchase_price\n{rows}\n".encode(), "a.csv")
    stranger = state_for(ImportState, token=intruder_token, path="/import")
    stranger.on_load()
    assert not stranger.has_file
    _confirm(stranger)
    state = state_for(ImportState, token=token, path="/import")
    state.on_load()
    assert state.step == "preview" and state.row_count == 200 and state.will_add == 200 and len(state.preview) == 10
    assert state.preview_note == "Visar 10 av 200 rader." and state.refused_count == 0
    events = _confirm(state)
    assert state.done_message == "200 föremål har importerats." and imports.pending_import(owner.id) is None
    assert state.progress == 100 and not state.refused_ready
    scripts = [str(e.args) for e in events if e is not None and event_names(e) == ["_call_script"]]
    assert any("import-status" in script and "textContent" in script for script in scripts)
    assert items.totals(db, owner.id).objects == 200 and items.totals(db, intruder.id).objects == 0


def test_a_spreadsheet_is_mapped_on_the_page_refused_rows_listed_and_downloadable(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    db.commit()
    bad = "\n".join(f"Trasig {n};noll;Kök" for n in range(2_000))
    imports.keep_import_file(owner.id, f"Benämning;Antal;Rum\nSoffa;1;Hall\n{bad}\n".encode(), "hus.csv")
    state = state_for(ImportState, token=token, path="/import")
    state.on_load()
    assert state.step == "map" and [c["target"] for c in state.columns] == ["name", "quantity", "location"]
    assert {"value": "", "label": "Importeras inte"} in state.options
    state.apply_columns({"col_0": "", "col_1": "quantity", "col_2": "location"})
    assert state.step == "map" and state.mapping_error == "Välj vilken kolumn som är föremålets namn."
    state.apply_columns({"col_0": "name", "col_1": "quantity", "col_2": "location", "keep": "on"})
    assert state.step == "preview" and state.kept and state.source == "dina egna kolumner"
    assert (state.will_add, state.refused_count) == (1, 2_000)
    assert state.refused_note == "Visar 100 av 2\u00a0000 rader." and len(state.refused_rows) == 100
    assert state.refused_rows[0] == {"row": "3", "name": "Trasig 0", "reasons": "Antal: Skriv ett heltal."}
    download = state.download_refused()
    assert event_names(download) == ["_download"]
    again = state_for(ImportState, token=token, path="/import")
    again.on_load()  # the kept mapping: straight to the preview
    assert again.step == "preview" and again.kept
    _confirm(state)
    assert state.done_message == "1 föremål har importerats. 2000 rader importerades inte."
    assert state.refused_ready and event_names(state.download_refused()) == ["_download"]
    assert items.totals(db, owner.id).objects == 1


def test_a_file_that_cannot_be_read_says_so_in_the_customers_language(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    db.commit()
    imports.keep_import_file(owner.id, b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "gammal.xls")
    state = state_for(ImportState, token=token, path="/import")
    state.lang = "en"
    state.on_load()
    assert state.has_file and state.file_error.startswith("Old Excel files (.xls) cannot be read.")
    _confirm(state)
    assert items.totals(db, owner.id).objects == 0
    state.discard()
    assert not state.has_file and imports.pending_import(owner.id) is None


def test_the_page_has_its_steps_and_a_progress_bar():
    rendered = str(import_page.__wrapped__().render() if hasattr(import_page, "__wrapped__")
                   else import_page().render())
    for part in ("import-map", "import-columns", "import-progress", "import-confirm", "import-refused", ".xlsx"):
        assert part in rendered, part
