"""A failed object form keeps what the customer typed in its own fields, never every key a client sent:
a tab's state stays small however much junk arrives."""
from __future__ import annotations

import json

from cleverstore.services.register import catalogue
from cleverstore.state.item import ItemState
from tests.helpers.factories import event_names, make_account, signed_in_token, state_for


def test_a_junk_form_that_fails_keeps_only_the_form_fields_each_within_its_size(db):
    owner = make_account(db, name="Olga Ägare")
    field = catalogue.save_custom_field(db, owner.id, {"name": "Konstnär", "kind": "text"})
    token = signed_in_token(db, owner)
    db.commit()
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    junk = {f"junk_{number}": "x" * 6000 for number in range(200)}
    form = {**junk, "name": "", "description": "d" * 9000, "manufacturer": "m" * 9000, f"cf_{field.id}": "k" * 9000,
            "cf_999999": "y" * 6000, "status": "in_use"}
    assert event_names(state.save(form)) == ["_call_script"]  # focus goes to the error summary
    assert "name" in state.errors and "manufacturer" in state.errors  # still told what is wrong
    assert set(state.values) == {"name", "description", "manufacturer", f"cf_{field.id}", "status"}
    assert len(state.values["description"]) <= 5001 and len(state.values[f"cf_{field.id}"]) <= 501
    assert len(json.dumps(state.values)) < 12_000
