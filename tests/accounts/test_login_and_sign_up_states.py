"""State handlers called as the event processor would, with the connection's own cookie."""
import asyncio
import json

import pytest
from sqlmodel import select

from cleverstore.models import Account, AuthSession, Item
from cleverstore.services.accounts import sessions
from cleverstore.state.auth import LoginState, LogoutState, SignupState
from cleverstore.state.base import AppState
from cleverstore.state.item import ItemState
from cleverstore.state.profile import ProfileState
from cleverstore.state.register import RegisterState
from cleverstore.state.terms import TermsState
from tests.helpers.factories import (
    PASSWORD,
    event_names,
    make_account,
    make_item,
    signed_in_token,
    signup_form,
    state_for,
)


@pytest.fixture()
def customer(db):
    account = make_account(db, name="Anna Andersson")
    token = signed_in_token(db, account)
    db.commit()
    return account, token


def _ticket_from(script_event) -> str:
    text = str(script_event.args)
    return text.split("ticket=")[1].split("'")[0].split("\\")[0]


def test_login_with_wrong_password_says_the_same_in_the_users_language(db):
    account = make_account(db)
    db.commit()
    state = state_for(LoginState)
    assert asyncio.run(state.login({"email": account.email, "password": "fel lösenord!"})) is None
    assert state.error.startswith("Fel e-postadress eller lösenord.")
    assert state.email_value == account.email
    unknown = state_for(LoginState)
    unknown.lang = "en"
    asyncio.run(unknown.login({"email": "nobody@example.se", "password": "fel lösenord!"}))
    assert unknown.error.startswith("Wrong e-mail address or password.")


def test_login_success_goes_to_the_cookie_route_with_a_working_ticket(db):
    account = make_account(db)
    db.commit()
    state = state_for(LoginState)
    event = asyncio.run(state.login({"email": account.email, "password": PASSWORD}))
    assert event_names(event) == ["_call_script"]
    assert "/auth/session?ticket=" in str(event.args)
    assert sessions.redeem_login_ticket(db, _ticket_from(event)) == account.id


def test_login_with_empty_fields_asks_for_both(db):
    state = state_for(LoginState)
    asyncio.run(state.login({"email": "", "password": ""}))
    assert state.error == "Fyll i både e-postadress och lösenord."


def test_sign_up_errors_are_translated_and_counted(db):
    state = state_for(SignupState)
    state.set_kind("company")
    form = signup_form(org_number="559030-3978", password="kort")
    assert asyncio.run(state.submit(form)) is None
    assert state.errors == {
        "org_number": "Organisationsnumret är inte giltigt. Kontrollera siffrorna.",
        "password": "Lösenordet måste ha minst 10 tecken.",
    }
    assert state.summary == "Formuläret sparades inte. Rätta 2 fält som är markerade nedan."


def test_sign_up_ignores_an_unknown_kind_and_creates_the_account(db):
    state = state_for(SignupState)
    state.set_kind("superuser")
    assert state.kind == "private"
    assert asyncio.run(state.submit(signup_form(email="ny@example.se"))) is None
    assert state.errors == {} and state.check_mail
    assert db.exec(select(Account).where(Account.email == "ny@example.se")).one().kind == "private"


def test_language_switch_accepts_only_known_languages():
    state = state_for(AppState)
    state.set_language("en")
    assert state.lang == "en"
    state.set_language("<script>")
    assert state.lang == "sv"


def test_private_pages_send_a_visitor_without_session_to_login(db):
    for state_cls, handler in ((RegisterState, "on_load"), (ItemState, "load_view"), (ItemState, "load_form"),
                               (ProfileState, "on_load")):
        state = state_for(state_cls, token="not-a-real-token")
        assert event_names(getattr(state, handler)()) == ["_redirect"]
    assert event_names(state_for(AppState).require_signed_in()) == ["_redirect"]


def test_register_shows_only_the_visible_page_of_own_objects(db, customer):
    account, token = customer
    other = make_account(db)
    for number in range(30):
        make_item(db, account, name=f"Sak {number:02d}", category="Kök", purchase_price="100")
    make_item(db, other, name="Någon annans")
    db.commit()
    state = state_for(RegisterState, token=token)
    assert state.on_load() is None
    assert len(state.rows) == 25 and state.pages == 2 and state.matching == 30
    assert all(row["name"].startswith("Sak") for row in state.rows)
    # no useful life on the category and no own value: the estimate is the purchase price
    assert state.totals == {"objects": "30", "purchase": "3\u00a0000,00\u00a0kr", "replacement": "0,00\u00a0kr",
                            "current": "3\u00a0000,00\u00a0kr", "summary": "30 föremål · 3\u00a0000,00\u00a0kr"}
    assert state.signed_in_name == "Anna Andersson"
    state.next_page()
    assert state.page == 2 and len(state.rows) == 5
    state.set_filter("password_hash", "x")
    assert state.page == 2
    assert [c["label"] for c in state.categories] == ["Kök"]
    state.set_filter("category", state.categories[0]["id"])
    assert state.page == 1 and state.matching == 30
    state.set_search("sak 07")
    assert [row["name"] for row in state.rows] == ["Sak 07"]
    state.set_sort("-name")
    assert state.sort == "name" and state.descending
    state.set_sort("id; drop table item")
    assert state.sort == "name"


def test_a_revoked_session_is_refused_on_the_next_event(db, customer):
    account, token = customer
    state = state_for(RegisterState, token=token)
    state.on_load()
    sessions.revoke(db, token)
    db.commit()
    assert event_names(state.set_search("x")) == ["_redirect"]
    assert state.signed_in_name == ""


def test_item_form_keeps_what_was_typed_on_errors(db, customer):
    _, token = customer
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    typed = {"name": "Cykel", "purchase_price": "mycket pengar", "notes": "Blå", "status": "in_use"}
    assert event_names(state.save(typed)) == ["_call_script"]  # focus goes to the error summary
    assert state.values["name"] == "Cykel" and state.values["notes"] == "Blå"
    assert state.errors == {"purchase_price": "Skriv ett belopp i kronor, till exempel 1 299 eller 1 299,50."}
    assert db.exec(select(Item)).first() is None


def test_item_add_view_edit_delete(db, customer):
    account, token = customer
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    events = state.save({"name": "Cykel", "purchase_price": "4 999", "status": "in_use", "quantity": "1"})
    assert event_names(events) == ["_redirect"]  # "saved" is said on the object's page, not in a toast
    item = db.exec(select(Item)).one()
    view = state_for(ItemState, token=token, path="/object", query=f"id={item.id}")
    view.load_view()
    assert view.item["name"] == "Cykel" and view.item["purchase_price"] == "4\u00a0999,00\u00a0kr"
    edit = state_for(ItemState, token=token, path="/object/edit", query=f"id={item.id}")
    edit.load_form()
    assert edit.values["purchase_price"] == "4999,00"
    edit.save({**edit.values, "name": "Racercykel"})
    db.expire_all()
    assert db.get(Item, item.id).name == "Racercykel"
    view.ask_delete()
    assert view.confirm_delete
    assert event_names(view.delete()) == ["_redirect", "_call_function"]
    assert db.exec(select(Item)).first() is None


@pytest.mark.parametrize("action", ["view", "form", "save", "delete"])
def test_another_customers_object_id_behaves_like_a_missing_one(db, customer, action):
    owner, _ = customer
    item = make_item(db, owner, name="Ägarens klocka", purchase_price="1000")
    intruder = make_account(db)
    intruder_token = signed_in_token(db, intruder)
    db.commit()
    state = state_for(ItemState, token=intruder_token, path="/object", query=f"id={item.id}")
    if action == "view":
        state.load_view()
    elif action == "form":
        state.load_form()
    else:
        state.item_id = str(item.id)  # as if the client forged it
        if action == "save":
            state.save({"name": "Stulen", "status": "in_use"})
        else:
            state.delete()
    assert state.not_found
    assert state.item == {} and state.values in ({}, {"name": "Stulen", "status": "in_use"})
    db.expire_all()
    stored = db.get(Item, item.id)
    assert stored is not None and stored.name == "Ägarens klocka" and stored.purchase_price_ore == 100000


def test_profile_password_change_ends_other_sessions_only(db, customer):
    account, token = customer
    other_device = signed_in_token(db, account)
    db.commit()
    state = state_for(ProfileState, token=token)
    state.on_load()
    assert state.values["email"] == account.email and state.values["phone"] == "070-123 45 67"
    asyncio.run(state.change_password({"current_password": "fel", "new_password": "x", "new_password_repeat": "x"}))
    assert state.errors["current_password"] == "Lösenordet stämmer inte."
    asyncio.run(state.change_password({"current_password": PASSWORD, "new_password": "ett helt nytt lösen",
                                       "new_password_repeat": "ett helt nytt lösen"}))
    assert state.errors == {} and "1 andra inloggningar" in state.message
    assert sessions.resolve(db, token) is not None
    assert sessions.resolve(db, other_device) is None


def test_profile_details_and_email(db, customer):
    account, token = customer
    state = state_for(ProfileState, token=token)
    state.on_load()
    state.save_details({"name": "", "phone": "0701234567", "street": "Ny väg 3", "postal_code": "22233", "city": "Lund"})
    assert state.errors == {"name": "Fältet måste fyllas i."} and state.values["street"] == "Ny väg 3"
    state.save_details({"name": "Anna B", "phone": "0701234567", "street": "Ny väg 3", "postal_code": "22233",
                        "city": "Lund"})
    assert state.message == "Dina uppgifter är sparade." and state.values["postal_code"] == "222 33"
    asyncio.run(state.change_email({"new_email": "anna.b@example.se", "email_password": PASSWORD}))
    assert state.values["email"] == "anna.b@example.se"


def test_logout_revokes_the_session_at_once(db, customer):
    _, token = customer
    event = state_for(LogoutState, token=token).logout()
    assert "/auth/logout" in str(event.args)
    assert sessions.resolve(db, token) is None
    assert db.exec(select(AuthSession)).one().revoked_at is not None


def test_terms_page_reads_both_language_files(db):
    state = state_for(TermsState)
    state.on_load()
    assert state.title_sv == "Villkor och integritetspolicy"
    assert state.title_en == "Terms and privacy policy"
    assert state.version and "bokföringslagen" in state.body_sv.lower()


def test_no_secret_reaches_the_browser_state(db, customer):
    _, token = customer
    state = state_for(RegisterState, token=token)
    state.on_load()
    serialised = json.dumps(state.dict(), default=str)
    assert token not in serialised
    assert "password" not in serialised.lower()


def test_an_unexpected_error_shows_a_calm_message_without_details():
    from cleverstore.state.errors import backend_exception_handler

    event = backend_exception_handler(RuntimeError("secret table name users_pw"))
    assert "users_pw" not in str(event.args)
    assert "Något gick fel" in str(event.args)
