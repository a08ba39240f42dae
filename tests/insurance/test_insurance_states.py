"""The insurance page's state and the dashboard's cover lines: saving through the open register, refusals in
the customer's language that keep what was typed, a delete only after the confirmation, another customer's
policy out of reach, a locked register refused."""
from __future__ import annotations

from sqlmodel import select

from cleverstore.models import InsurancePolicy
from cleverstore.services import insurance
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.insurance import InsuranceState
from tests.helpers.factories import event_names, make_account, make_item, signed_in_token, state_for


def _state(db, cls=InsuranceState, *, subscribed: bool = True, lang: str = "sv", email: str = "karin@example.se"):
    owner = make_account(db, subscribed=subscribed, email=email)
    make_item(db, owner, name="Ring", category="Smycken", replacement_value="60000")
    make_item(db, owner, name="Soffa", category="Möbler", replacement_value="30000")
    token = signed_in_token(db, owner)
    db.commit()
    state = state_for(cls, token=token, path="/insurance" if cls is InsuranceState else "/dashboard")
    state.lang = lang
    return owner, state


FORM = {"company": "Folksam", "policy_number": "HEM-1", "kind": "home", "contents_sum": "50 000",
        "theft_limit_percent": "20", "single_item_limit": "", "excess": "", "renews_on": "", "theft_limit": ""}


def test_save_edit_and_delete_after_the_confirmation(db):
    _owner, state = _state(db)
    state.on_load()
    assert state.loaded and state.policies == [] and "smycke" in state.words
    state.save(FORM)
    assert state.message == "Försäkringen är sparad." and state.errors == {}
    assert [p["title"] for p in state.policies] == ["Folksam HEM-1"]
    assert state.editing and state.values["contents_sum"] == "50000,00"
    policy_id = state.policies[0]["id"]
    state.save({**FORM, "contents_sum": "90 000"})  # the open policy is changed, not a second one added
    assert len(state.policies) == 1 and "90\u00a0000,00\u00a0kr" in state.policies[0]["summary"]
    state.ask_delete(policy_id)
    assert state.confirm_text.startswith("Ta bort Folksam HEM-1?") and len(state.policies) == 1
    state.cancel_delete()
    assert state.confirm_id == "" and len(state.policies) == 1
    state.ask_delete(policy_id)
    state.delete()
    assert state.policies == [] and state.message == "Försäkringen är borttagen."
    assert db.exec(select(InsurancePolicy)).all() == []


def test_refusals_are_in_the_customers_language_and_keep_what_was_typed(db):
    _owner, state = _state(db, lang="en")
    state.on_load()
    state.save({**FORM, "contents_sum": "lots", "theft_limit_percent": "300"})
    assert state.errors == {"contents_sum": "Enter an amount in kronor, for example 350,000.",
                             "theft_limit_percent": "Enter a whole percentage between 1 and 100."}
    assert state.values["company"] == "Folksam" and state.values["contents_sum"] == "lots"
    assert state.policies == [] and db.exec(select(InsurancePolicy)).all() == []


def test_another_customers_policy_is_out_of_reach_from_the_page(db):
    bo, _ = _state(db, email="bo@example.se")
    bos_policy = insurance.save_policy(bo.id, FORM)
    _anna, state = _state(db, email="anna@example.se")
    state.on_load()
    state.edit(str(bos_policy))
    assert state.message == "Försäkringen finns inte längre." and not state.editing
    state.ask_delete(str(bos_policy))
    assert state.confirm_id == ""
    state.confirm_id = str(bos_policy)  # even a forged confirmation deletes nothing
    state.delete()
    assert state.message == "Försäkringen finns inte längre."
    assert [p.company for p in db.exec(select(InsurancePolicy)).all()] == ["Folksam"]


def test_a_locked_register_is_refused(db):
    _owner, state = _state(db, subscribed=False)
    assert event_names(state.save(FORM)) != []
    assert db.exec(select(InsurancePolicy)).all() == []


def test_the_dashboard_says_where_the_customer_is_under_insured(db):
    owner, state = _state(db, DashboardState)
    state.on_load()
    assert not state.has_policies and state.cover == []
    insurance.save_policy(owner.id, FORM)
    state.on_load()
    assert state.has_policies
    lines = [(line["tone"], line["text"]) for line in state.cover]
    assert ("warn", "Folksam HEM-1: du är underförsäkrad med 40\u00a0000,00\u00a0kr. Registrets värde är "
                    "90\u00a0000,00\u00a0kr men lösöresbeloppet 50\u00a0000,00\u00a0kr.") in lines
    assert any(tone == "warn" and "stöldbegärlig egendom är värd 60\u00a0000,00\u00a0kr men gränsen är "
               "10\u00a0000,00\u00a0kr" in text for tone, text in lines)
    assert ("warn", "Överväg separat försäkring (allrisk) för: Ring.") in lines
    assert state.cover_warnings == sum(tone == "warn" for tone, _text in lines) == 3


def test_a_suggested_object_is_put_on_the_allrisk_policy_and_taken_off_again(db):
    owner, state = _state(db)
    insurance.save_policy(owner.id, {**FORM, "contents_sum": "500 000", "theft_limit_percent": "10"})
    allrisk = insurance.save_policy(owner.id, {"company": "Hedvig", "kind": "allrisk", "contents_sum": "60 000"})
    state.on_load()
    assert [s["name"] for s in state.suggestions] == ["Ring"] and state.on_cover == []
    state.put_on_cover({"item": state.suggestions[0]["id"], "policy": str(allrisk)})
    assert state.message == "Föremålets försäkring är ändrad."
    assert [(row["policy_id"], row["name"]) for row in state.on_cover] == [(str(allrisk), "Ring")]
    assert state.suggestions == []  # on its own cover it no longer strains the home policy's theft limit
    state.take_off_cover(state.on_cover[0]["id"])
    assert state.on_cover == [] and [s["name"] for s in state.suggestions] == ["Ring"]
