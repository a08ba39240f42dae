"""Sign-up, login and the reset request never tell whether an address is registered (security.md 6.3.8).

A taken address gets the same page, state and bcrypt work as a new one; its owner gets an
e-mail instead. A new account stays locked until its link is used, and until then logging
in answers like a wrong password, so signing up and then logging in is no oracle either.
"""
from __future__ import annotations

import asyncio

import pytest
from sqlmodel import func, select

from cleverstore.models import Account, OutgoingMail
from cleverstore.services.accounts import login, passwords, verification
from cleverstore.state.auth import LoginState, SignupState
from cleverstore.state.recovery import ForgotState
from tests.helpers.factories import PASSWORD, make_account, signup_form, state_for

ATTACKER_PASSWORD = "ett helt annat lösenord"


def _outcome(state) -> dict:
    """Everything the browser sees of a state: every client var."""
    return {name: getattr(state, name) for name in type(state).base_vars}


def _mails(db) -> list[OutgoingMail]:
    db.expire_all()
    return list(db.exec(select(OutgoingMail).order_by(OutgoingMail.id)).all())


def _sign_up(email: str, password: str = ATTACKER_PASSWORD):
    state = state_for(SignupState)
    returned = asyncio.run(state.submit(signup_form(email=email, name="Eva Efterfrågare", password=password,
                                                    password_repeat=password)))
    return state, returned


def _verify_link_token(db, to: str) -> str:
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "verify", OutgoingMail.to_address == to)
                   .order_by(OutgoingMail.id.desc())).first()
    return mail.body.split("token=")[1].split()[0]


@pytest.fixture()
def owner(db):
    account = make_account(db, email="agare@example.se", name="Olle Ägare", language="en")
    account.language = "en"
    db.add(account)
    db.commit()
    return account


def test_a_taken_address_gets_the_same_outcome_as_a_new_one_and_its_owner_one_mail(db, owner):
    before = (owner.password_hash, owner.name, owner.phone, owner.updated_at, owner.email_verified_at)
    mails_before = len(_mails(db))
    taken_state, taken_returned = _sign_up("AGARE@example.se")
    taken_mails = _mails(db)[mails_before:]
    new_state, new_returned = _sign_up("ny.kund@example.se")
    new_mails = _mails(db)[mails_before + len(taken_mails):]

    assert taken_returned is None and new_returned is None  # no redirect, no sign-in in either case
    assert _outcome(taken_state) == _outcome(new_state)
    assert taken_state.check_mail and taken_state.errors == {} and taken_state.summary == ""
    # exactly one mail each: the owner hears about the attempt, in English (the owner's language)
    assert [(m.kind, m.to_address, m.account_id) for m in taken_mails] == \
        [("signup_taken", "agare@example.se", owner.id)]
    notice = taken_mails[0]
    assert notice.subject == "Someone tried to create an account with your e-mail address"
    assert "http://localhost:3000/login" in notice.body and "http://localhost:3000/forgot" in notice.body
    assert [(m.kind, m.to_address) for m in new_mails] == [("verify", "ny.kund@example.se")]
    # nothing created or changed for the taken address
    assert db.exec(select(func.count()).select_from(Account).where(Account.email == "agare@example.se")).one() == 1
    stored = db.get(Account, owner.id)
    assert (stored.password_hash, stored.name, stored.phone, stored.updated_at, stored.email_verified_at) == before


def test_both_paths_do_the_same_bcrypt_work(db, owner, monkeypatch):
    calls: list[str] = []
    real_hashpw, real_checkpw = passwords.bcrypt.hashpw, passwords.bcrypt.checkpw
    monkeypatch.setattr(passwords.bcrypt, "hashpw", lambda *a: calls.append("hashpw") or real_hashpw(*a))
    monkeypatch.setattr(passwords.bcrypt, "checkpw", lambda *a: calls.append("checkpw") or real_checkpw(*a))
    _sign_up("agare@example.se")
    taken = list(calls)
    calls.clear()
    _sign_up("helt.ny@example.se")
    assert taken == calls == ["hashpw"]


def test_the_owner_is_not_mail_bombed_by_repeated_attempts(db, owner):
    for _ in range(6):
        _sign_up("agare@example.se")
    notices = [m for m in _mails(db) if m.kind == "signup_taken"]
    assert len(notices) == 3


def test_a_new_account_logs_in_only_after_its_link_and_until_then_answers_like_a_wrong_password(db, owner):
    _sign_up("ny.kund@example.se")
    _sign_up("agare@example.se")  # what was typed here is not the owner's password
    db.commit()
    account = db.exec(select(Account).where(Account.email == "ny.kund@example.se")).one()
    assert account.activated_at is None and account.email_verified_at is None
    answers = []
    for email in ("ny.kund@example.se", "agare@example.se", "nobody@example.se"):
        state = state_for(LoginState, ip=f"198.51.100.{len(answers) + 1}")
        answers.append((asyncio.run(state.login({"email": email, "password": ATTACKER_PASSWORD})), state.error,
                        state.step))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][1].startswith("Fel e-postadress eller lösenord.")
    # the locked sign-up got a fresh link; using it activates the account and login works
    verify_mails = db.exec(select(OutgoingMail).where(OutgoingMail.to_address == "ny.kund@example.se")).all()
    assert [m.kind for m in verify_mails] == ["verify", "verify"]
    assert verification.verify(db, _verify_link_token(db, "ny.kund@example.se")) == account.id
    assert db.get(Account, account.id).activated_at is not None
    assert login.attempt_login(db, "ny.kund@example.se", ATTACKER_PASSWORD, "203.0.113.0/24").ok
    assert login.attempt_login(db, "agare@example.se", PASSWORD, "203.0.113.0/24").ok  # the owner is unaffected


def test_a_password_reset_link_also_activates_a_new_account(db):
    from cleverstore.services.accounts import password_reset

    _sign_up("glomsk@example.se", PASSWORD)
    password_reset.request_reset(db, "glomsk@example.se")
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "reset")).one()
    password_reset.reset_password(db, mail.body.split("token=")[1].split()[0], "ett nytt långt lösenord",
                                  "ett nytt långt lösenord")
    assert login.attempt_login(db, "glomsk@example.se", "ett nytt långt lösenord", "203.0.113.0/24").ok


def test_the_reset_request_looks_the_same_for_a_known_and_an_unknown_address(db, owner):
    known, unknown = state_for(ForgotState), state_for(ForgotState)
    assert asyncio.run(known.request_link({"email": owner.email})) is None
    assert asyncio.run(unknown.request_link({"email": "nobody@example.se"})) is None
    assert _outcome(known) == _outcome(unknown) and known.sent
