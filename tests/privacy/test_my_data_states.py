"""The new state handlers, called as the event processor would, with the connection's own cookie."""
from __future__ import annotations

import asyncio
import time

import pyotp
import pytest
from sqlmodel import select

from cleverstore.models import (
    Account,
    AuthSession,
    HeirClaim,
    LegacyContact,
    OutgoingMail,
)
from cleverstore.services.accounts import sessions, two_factor
from cleverstore.services.billing import rules
from cleverstore.services.heirs import claims
from cleverstore.services.shared import activity
from cleverstore.state.activity_log import PAGE_SIZE, ActivityState
from cleverstore.state.auth import LoginState, SignupState
from cleverstore.state.privacy import PrivacyState
from cleverstore.state.recovery import ForgotState, ResetState
from cleverstore.state.security import SecurityState
from cleverstore.state.verify import VerifyState
from tests.helpers.factories import (
    PASSWORD,
    event_names,
    make_account,
    signed_in_token,
    signup_form,
    state_for,
)


@pytest.fixture()
def two_customers(db):
    anna, bo = make_account(db, name="Anna Andersson"), make_account(db, name="Bo Berg")
    tokens = signed_in_token(db, anna), signed_in_token(db, bo)
    db.commit()
    return (anna, tokens[0]), (bo, tokens[1])


def test_signup_with_a_taken_address_shows_check_your_mail_and_creates_nothing(db):
    make_account(db, email="tagen@example.se")
    db.commit()
    state = state_for(SignupState)
    assert asyncio.run(state.submit(signup_form(email="tagen@example.se"))) is None
    assert state.check_mail and state.errors == {}
    assert len(db.exec(select(Account)).all()) == 1


def test_login_asks_for_the_code_then_goes_to_the_cookie_route(db):
    account = make_account(db)
    secret = two_factor.begin_setup(db, account.id)
    two_factor.confirm_setup(db, account.id, pyotp.TOTP(secret).now())
    db.commit()
    state = state_for(LoginState)
    assert asyncio.run(state.login({"email": account.email, "password": PASSWORD})) is None
    assert state.step == "code" and state.error == ""
    assert asyncio.run(state.submit_code({"code": "000000"})) is None
    assert state.step == "code" and state.error == "Koden stämmer inte. Försök igen med en ny kod."
    event = asyncio.run(state.submit_code({"code": pyotp.TOTP(secret).at(time.time() + 30)}))
    assert event_names(event) == ["_call_script"] and "/auth/session?ticket=" in str(event.args)
    assert state.step == "password"


def test_a_code_without_a_password_first_is_refused(db):
    state = state_for(LoginState)
    assert asyncio.run(state.submit_code({"code": "123456"})) is None
    assert state.step == "password" and "Börja om" in state.error
    assert asyncio.run(state.accept_terms({"accept_new_terms": "on"})) is None
    assert state.step == "password"


def test_login_asks_to_accept_new_terms(db, monkeypatch):
    account = make_account(db)
    db.commit()
    monkeypatch.setattr("cleverstore.services.accounts.terms.current_terms_version", lambda: "2099-01")
    state = state_for(LoginState)
    asyncio.run(state.login({"email": account.email, "password": PASSWORD}))
    assert state.step == "terms"
    assert asyncio.run(state.accept_terms({})) is None
    assert state.error == "Kryssa i rutan för att godkänna de nya villkoren."
    event = asyncio.run(state.accept_terms({"accept_new_terms": "on"}))
    assert event_names(event) == ["_call_script"]
    db.expire_all()
    assert db.get(Account, account.id).terms_version == "2099-01"


def test_session_list_and_sign_out_with_a_foreign_id_changes_nothing(db, two_customers):
    (anna, anna_token), (bo, bo_token) = two_customers
    second = sessions.start_session(db, anna.id)
    db.commit()
    state = state_for(SecurityState, token=anna_token)
    state.on_load()
    assert len(state.session_rows) == 2
    assert [r["current"] for r in state.session_rows].count("yes") == 1
    bo_session = sessions.resolve(db, bo_token)[1].id
    state.sign_out_session(str(bo_session))
    assert state.message == "Den inloggningen finns inte längre."
    db.expire_all()
    assert sessions.resolve(db, bo_token) is not None
    state.sign_out_session("not a number")
    other_id = next(r["id"] for r in state.session_rows if r["current"] == "")
    state.sign_out_session(other_id)
    db.expire_all()
    assert sessions.resolve(db, second) is None and sessions.resolve(db, anna_token) is not None
    assert len(state.session_rows) == 1


def test_sign_out_all_others(db, two_customers):
    (anna, anna_token), (_, bo_token) = two_customers
    others = [sessions.start_session(db, anna.id) for _ in range(2)]
    db.commit()
    state = state_for(SecurityState, token=anna_token)
    state.sign_out_others()
    assert state.message == "2 andra inloggningar avslutades."
    db.expire_all()
    assert all(sessions.resolve(db, t) is None for t in others)
    assert sessions.resolve(db, anna_token) is not None and sessions.resolve(db, bo_token) is not None


def test_two_factor_setup_through_the_page(db, two_customers):
    (anna, token), _ = two_customers
    state = state_for(SecurityState, token=token)
    state.on_load()
    state.start_totp()
    assert state.setup_secret and state.setup_uri.startswith("otpauth://totp/")
    state.confirm_totp({"totp": "000000"})
    assert state.errors == {"totp": "Koden stämmer inte. Vänta på nästa kod i appen och försök igen."}
    state.confirm_totp({"totp": pyotp.TOTP(state.setup_secret).now()})
    assert state.totp_on and len(state.recovery_codes) == 10 and state.setup_secret == ""
    asyncio.run(state.disable_totp({"totp_password": PASSWORD}))
    assert not state.totp_on and state.recovery_codes == []


def test_signed_out_callers_are_sent_to_login(db):
    for state_cls, handler in ((SecurityState, "on_load"), (SecurityState, "sign_out_others"),
                               (PrivacyState, "on_load"), (ActivityState, "on_load"), (VerifyState, "resend")):
        state = state_for(state_cls)
        assert event_names(getattr(state_cls, handler).fn(state)) == ["_redirect"], handler


def test_legacy_contacts_and_claims_from_the_page_with_foreign_ids(db, two_customers):
    (anna, anna_token), (bo, bo_token) = two_customers
    anna_state = state_for(PrivacyState, token=anna_token)
    anna_state.on_load()
    anna_state.add_contact({"contact_name": "Karin", "contact_email": "karin@example.se",
                            "contact_relation": "dotter"})
    assert [c["name"] for c in anna_state.contacts] == ["Karin"]
    contact_id = anna_state.contacts[0]["id"]
    bo_state = state_for(PrivacyState, token=bo_token)
    bo_state.on_load()
    bo_state.remove_contact(contact_id)
    assert bo_state.message == "Det du valde finns inte längre."
    claims.submit_claim(db, {"owner_email": anna.email, "claimant_name": "X", "claimant_email": "x@example.se",
                             "reason": "illness"},
                        [claims.Document("id", "a.pdf", b"%PDF-1"), claims.Document("guardianship", "b.pdf", b"%PDF-1")])
    db.commit()
    claim_id = str(db.exec(select(HeirClaim)).one().id)
    bo_state.object_to_claim(claim_id)
    assert bo_state.message == "Det du valde finns inte längre."
    anna_state.on_load()
    assert anna_state.claims[0]["can_object"] == "yes"
    anna_state.object_to_claim(claim_id)
    assert anna_state.claims[0]["status"] == "stoppad av dig"
    db.expire_all()
    assert len(db.exec(select(LegacyContact)).all()) == 1
    anna_state.remove_contact(contact_id)
    assert anna_state.contacts == []


def test_marketing_consent_toggle_accepts_only_true(db, two_customers):
    (_, token), _ = two_customers
    state = state_for(PrivacyState, token=token)
    state.on_load()
    assert state.marketing is False
    state.set_marketing("yes please")
    assert state.marketing is False
    state.set_marketing(True)
    assert state.marketing is True


def test_erasure_from_the_page_needs_the_box_and_the_password_then_logs_out(db, two_customers):
    (anna, token), (bo, _) = two_customers
    anna_id, bo_id = anna.id, bo.id
    billing = rules.billing_row(db, anna_id)
    billing.status = "canceled"  # nothing paid for: the erasure is immediate
    db.add(billing)
    db.commit()
    state = state_for(PrivacyState, token=token)
    state.on_load()
    assert asyncio.run(state.request_erasure({"erase_password": PASSWORD})) is None
    assert "erase_confirm" in state.errors
    asyncio.run(state.request_erasure({"erase_password": "fel lösenord!", "erase_confirm": "on"}))
    assert state.errors == {"erase_password": "Lösenordet stämmer inte."}
    event = asyncio.run(state.request_erasure({"erase_password": PASSWORD, "erase_confirm": "on"}))
    assert event_names(event) == ["_call_script"] and "/auth/logout" in str(event.args)
    db.expunge_all()
    assert db.get(Account, anna_id) is None and db.get(Account, bo_id) is not None


def test_activity_is_paged_on_the_server(db, two_customers):
    (anna, token), (bo, _) = two_customers
    for number in range(PAGE_SIZE + 5):
        activity.record(db, anna.id, "item_created", f"Sak {number}")
    activity.record(db, bo.id, "item_created", "Bos sak")
    db.commit()
    state = state_for(ActivityState, token=token)
    state.on_load()
    assert state.pages == 2 and len(state.rows) == PAGE_SIZE
    assert state.rows[0]["what"] == "Föremål lades till" and state.rows[0]["detail"] == f"Sak {PAGE_SIZE + 4}"
    state.go_to(2)
    assert state.page == 2 and all(r["detail"] != "Bos sak" for r in state.rows)
    state.go_to("99")
    assert state.page == 2
    state.go_to("x")
    assert state.page == 1


def test_forgot_and_reset_through_the_pages(db):
    account = make_account(db)
    other = sessions.start_session(db, account.id)
    db.commit()
    forgot = state_for(ForgotState)
    asyncio.run(forgot.request_link({"email": account.email}))
    unknown = state_for(ForgotState)
    asyncio.run(unknown.request_link({"email": "nobody@example.se"}))
    assert forgot.sent and unknown.sent
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "reset")).one()
    token = mail.body.split("token=")[1].split()[0]
    reset = state_for(ResetState, path="/reset", query=f"token={token}")
    reset.on_load()
    assert reset.link_ok and not reset.needs_code
    asyncio.run(reset.save_password({"new_password": "ett nytt långt lösenord",
                                     "new_password_repeat": "inte samma lösenord"}))
    assert "new_password_repeat" in reset.errors and not reset.done
    asyncio.run(reset.save_password({"new_password": "ett nytt långt lösenord",
                                     "new_password_repeat": "ett nytt långt lösenord"}))
    assert reset.done
    db.expire_all()
    assert sessions.resolve(db, other) is None
    dead = state_for(ResetState, path="/reset", query=f"token={token}")
    dead.on_load()
    assert dead.link_ok is False


def test_the_banner_shows_until_verified_and_resend_sends_a_new_link(db, two_customers):
    (anna, token), _ = two_customers
    state = state_for(VerifyState, token=token)
    state.resend()
    assert state.email_unverified is True and state.resent
    assert len(db.exec(select(OutgoingMail).where(OutgoingMail.kind == "verify",
                                                  OutgoingMail.account_id == anna.id)).all()) == 2
    assert db.exec(select(AuthSession)).first() is not None


def test_forget_a_device_from_the_page_and_a_foreign_device_is_not_found(db):
    from cleverstore.services.accounts import devices

    anna, bo = make_account(db), make_account(db)
    anna_here = devices.remember_login(db, anna.id, "", "Firefox/1 Linux", "192.0.2.0/24")
    anna_token = sessions.start_session(db, anna.id, device_id=anna_here.device_id)
    anna_there = devices.remember_login(db, anna.id, "", "Chrome/1 Windows", "198.51.100.0/24")
    there_token = sessions.start_session(db, anna.id, device_id=anna_there.device_id)
    bo_device = devices.remember_login(db, bo.id, "", "Firefox/1 Linux", "192.0.2.0/24")
    bo_token = sessions.start_session(db, bo.id, device_id=bo_device.device_id)
    db.commit()
    state = state_for(SecurityState, token=anna_token)
    state.on_load()
    assert {r["device"] for r in state.device_rows} == {"Firefox / Linux", "Chrome / Windows"}
    state.forget_device(str(bo_device.device_id))
    assert state.message == "Den enheten finns inte längre."
    db.expire_all()
    assert sessions.resolve(db, bo_token) is not None
    state.forget_device(str(anna_there.device_id))
    assert state.message == "Enheten är glömd och utloggad."
    assert [r["device"] for r in state.device_rows] == ["Firefox / Linux"]
    db.expire_all()
    assert sessions.resolve(db, there_token) is None and sessions.resolve(db, anna_token) is not None


def test_a_paid_customer_schedules_erasure_from_the_page_and_cancels_it(db, two_customers):
    (anna, token), _ = two_customers
    state = state_for(PrivacyState, token=token)
    state.on_load()
    assert state.erasure_date == ""
    assert asyncio.run(state.request_erasure({"erase_password": PASSWORD, "erase_confirm": "on"})) is None
    assert state.errors == {} and state.erasure_date and state.erasure_date in state.message
    asyncio.run(state.request_erasure({"erase_password": PASSWORD, "erase_confirm": "on"}))
    assert "erase_password" in state.errors
    state.cancel_erasure()
    assert state.erasure_date == "" and state.errors == {}
    db.expire_all()
    assert db.get(Account, anna.id) is not None
