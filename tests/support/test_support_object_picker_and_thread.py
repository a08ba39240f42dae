"""Support: the object picker searches the whole register, the thread shows its object on both sides,
and every message is headed by who wrote it."""
from cleverstore.services.support import threads as support
from cleverstore.state.admin.support import AdminThreadState
from cleverstore.state.support import SupportState
from tests.helpers.factories import (
    admin_token,
    make_account,
    make_admin,
    make_item,
    signed_in_token,
    state_for,
)


def test_the_picker_finds_an_object_beyond_the_first_25_and_only_the_customers_own(db):
    account, other = make_account(db, name="Greta Gård"), make_account(db)
    for number in range(30):
        make_item(db, account, name=f"Bok {number:02d}")
    wanted = make_item(db, account, name="Ö-lampa från Orrefors")
    make_item(db, other, name="Ö-lampa hos grannen")
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(SupportState, token=token, path="/support")
    state.on_load()
    state.search_objects("ö-lampa")
    assert state.objects == [{"id": str(wanted.id), "name": "Ö-lampa från Orrefors"}]
    state.search_objects("bok")
    assert len(state.objects) == 25 and state.object_note == "Visar 25 av 30 träffar. Skriv mer för att begränsa."
    state.search_objects("finns inte")
    assert state.objects == [] and state.object_note == "Inget föremål matchar sökningen."
    state.search_objects("ö-lampa")
    state.choose_object(str(wanted.id))
    assert state.chosen_object == {"id": str(wanted.id), "name": "Ö-lampa från Orrefors"}
    state.choose_object("999999")  # never offered: nothing is chosen
    assert state.chosen_object == {}


def test_the_thread_shows_its_object_linked_and_who_wrote_each_message(db):
    admin, _ = make_admin(db)
    account = make_account(db, name="Greta Gård")
    lamp = make_item(db, account, name="Ö-lampa")
    token, staff = signed_in_token(db, account), admin_token(db, admin)
    db.commit()
    state = state_for(SupportState, token=token, path="/support")
    state.on_load()
    state.open_thread({"subject": "Lampans värde", "body": "Stämmer värdet?", "item_id": str(lamp.id)})
    thread = support.customer_threads(db, account.id)[0]
    assert thread.item_id == lamp.id

    page = state_for(AdminThreadState, admin=staff, path="/admin/support/thread", query=f"id={thread.id}")
    page.on_load()
    assert page.thread["item_name"] == "Ö-lampa"
    assert page.thread["item_link"] == f"/admin/support/register?thread={thread.id}&item={lamp.id}"
    page.answer({"body": "Vi tittar."})
    assert [m["from"] for m in page.messages] == ["Greta Gård", "CleverStore support"]

    view = state_for(SupportState, token=token, path="/support/thread", query=f"id={thread.id}")
    view.load_thread()
    assert view.thread["item_name"] == "Ö-lampa" and view.thread["item_link"] == f"/object?id={lamp.id}"
    assert [m["from"] for m in view.messages] == ["Du", "CleverStore"]
