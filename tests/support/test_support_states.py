"""The customer's support pages: own threads only, unread counts, errors keep the text."""
import pytest
from sqlmodel import select

from cleverstore.models import SupportMessage
from cleverstore.services.support import threads as support
from cleverstore.state.support import SupportState
from tests.helpers.factories import (
    event_names,
    make_account,
    make_item,
    signed_in_token,
    state_for,
)


def test_customer_opens_a_thread_about_an_object_and_replies(db):
    account = make_account(db)
    item = make_item(db, account, name="Kamera")
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(SupportState, token=token, path="/support")
    state.on_load()
    state.search_objects("kam")
    assert state.objects == [{"id": str(item.id), "name": "Kamera"}] and state.threads == []
    state.open_thread({"subject": "", "body": "Hjälp"})
    assert state.errors == {"subject": "Fältet måste fyllas i."}
    result = state.open_thread({"subject": "Kamerans värde", "body": "Stämmer värdet?", "item_id": str(item.id)})
    assert event_names(result) == ["_redirect"]
    thread = support.customer_threads(db, account.id)[0]
    view = state_for(SupportState, token=token, path="/support/thread", query=f"id={thread.id}")
    view.load_thread()
    assert view.thread["subject"] == "Kamerans värde" and view.messages[0]["body"] == "Stämmer värdet?"
    view.reply({"body": "Och kvittot?"})
    assert view.message == "Ditt svar är skickat." and len(view.messages) == 2


@pytest.mark.parametrize("action", ["view", "reply"])
def test_another_customers_thread_behaves_like_a_missing_one(db, action):
    owner, intruder = make_account(db), make_account(db)
    thread = support.open_thread(db, owner.id, "Privat", "Mitt ärende")
    token = signed_in_token(db, intruder)
    db.commit()
    state = state_for(SupportState, token=token, path="/support/thread", query=f"id={thread.id}")
    if action == "view":
        state.load_thread()
    else:
        state.thread = {"id": str(thread.id)}  # as if forged by the client
        state.reply({"body": "Intrång"})
    assert state.not_found and state.messages == []
    assert [m.body for m in db.exec(select(SupportMessage)).all()] == ["Mitt ärende"]


def test_support_needs_a_signed_in_customer(db):
    assert event_names(state_for(SupportState, token="nope").on_load()) == ["_redirect"]
