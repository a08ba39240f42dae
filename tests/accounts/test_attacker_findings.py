"""An attacker's run against the login, the reset link and the devices: each finding stays fixed."""
from __future__ import annotations

import threading
import time
import unicodedata

import pyotp
import pytest
from sqlalchemy import event
from sqlmodel import select

from cleverstore.db import get_engine, session_scope
from cleverstore.models import Account, EmailToken, OutgoingMail
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import (
    devices,
    log_in,
    passwords,
    request_password_reset,
    reset_link_status,
    reset_password_by_link,
    submit_login_code,
    two_factor,
)
from cleverstore.services.accounts.profile_actions import change_login_password
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import PASSWORD, make_account

NEW_PASSWORD = "ett helt nytt lösenord"
ADDRESS = "192.0.2.10"


def _mails(kind: str, to: str) -> list[OutgoingMail]:
    with session_scope() as db:
        return list(db.exec(select(OutgoingMail).where(OutgoingMail.kind == kind, OutgoingMail.to_address == to)
                            .order_by(OutgoingMail.id)).all())


def _reset_token(to: str) -> str:
    return _mails("reset", to)[-1].body.split("token=")[1].split()[0]


def _account_with_totp(db) -> tuple[Account, str]:
    account = make_account(db)
    secret = two_factor.begin_setup(db, account.id)
    two_factor.confirm_setup(db, account.id, pyotp.TOTP(secret).at(time.time() - 30))
    db.commit()
    return account, secret


def _next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)


# --- the second factor ------------------------------------------------------------------------

def test_reset_link_dies_after_five_wrong_codes_and_the_owner_is_told(db):
    account, secret = _account_with_totp(db)
    request_password_reset(account.email)
    token = _reset_token(account.email)
    for _ in range(4):
        with pytest.raises(ValidationFailed) as failed:
            reset_password_by_link(token, NEW_PASSWORD, NEW_PASSWORD, "000000")
        assert failed.value.errors == {"code": "error.totp_wrong"}
    with pytest.raises(ValidationFailed) as failed:
        reset_password_by_link(token, NEW_PASSWORD, NEW_PASSWORD, "000000")
    assert failed.value.errors == {"token": "error.reset_code_locked"}
    assert reset_link_status(token) is None
    with pytest.raises(ValidationFailed):  # the right code no longer helps: the link is dead
        reset_password_by_link(token, NEW_PASSWORD, NEW_PASSWORD, _next_code(secret))
    assert len(_mails("code_guessing", account.email)) == 1
    with session_scope() as fresh:
        assert passwords.verify_password(PASSWORD, fresh.get(Account, account.id).password_hash)


def test_a_correct_password_does_not_clear_the_wrong_codes(db):
    account, secret = _account_with_totp(db)
    assert log_in(account.email, PASSWORD, ADDRESS).needs_code
    for _ in range(4):
        assert submit_login_code(account.id, "000000", ADDRESS).needs_code
    assert log_in(account.email, PASSWORD, ADDRESS).needs_code  # the password again
    locked = submit_login_code(account.id, "111111", ADDRESS)
    assert locked.code_locked and not locked.needs_code and not locked.ok
    assert not submit_login_code(account.id, _next_code(secret), ADDRESS).ok  # the right code: too late
    assert len(_mails("code_guessing", account.email)) == 1


def test_login_and_reset_share_the_count_of_wrong_codes(db):
    account, _secret = _account_with_totp(db)
    assert log_in(account.email, PASSWORD, ADDRESS).needs_code
    for _ in range(3):
        submit_login_code(account.id, "000000", ADDRESS)
    request_password_reset(account.email)
    token = _reset_token(account.email)
    with pytest.raises(ValidationFailed):
        reset_password_by_link(token, NEW_PASSWORD, NEW_PASSWORD, "000000")
    with pytest.raises(ValidationFailed) as failed:
        reset_password_by_link(token, NEW_PASSWORD, NEW_PASSWORD, "000000")
    assert failed.value.errors == {"token": "error.reset_code_locked"}


def test_an_admin_code_works_once_within_its_window(db):
    from cleverstore.services.admin import auth
    from tests.helpers.factories import ADMIN_PASSWORD, make_admin

    admin, secret = make_admin(db)
    db.commit()
    code = pyotp.TOTP(secret).now()
    assert auth.attempt_admin_login(db, admin.email, ADMIN_PASSWORD, code, "192.0.2.0/24")
    assert auth.attempt_admin_login(db, admin.email, ADMIN_PASSWORD, code, "192.0.2.0/24") is None


# --- reset links and password changes ---------------------------------------------------------

def test_a_password_change_in_the_profile_kills_outstanding_reset_links(db):
    account = make_account(db)
    db.commit()
    request_password_reset(account.email)
    token = _reset_token(account.email)
    change_login_password(account.id, PASSWORD, NEW_PASSWORD, NEW_PASSWORD, keep_session_id=0)
    assert reset_link_status(token) is None
    with pytest.raises(ValidationFailed) as failed:
        reset_password_by_link(token, "ännu ett nytt lösenord", "ännu ett nytt lösenord", "")
    assert failed.value.errors == {"token": "error.reset_link_dead"}
    with session_scope() as fresh:
        assert fresh.exec(select(EmailToken).where(EmailToken.account_id == account.id,
                                                   EmailToken.purpose == "reset",
                                                   EmailToken.used_at.is_(None))).first() is None


# --- the login throttle -----------------------------------------------------------------------

def test_parallel_wrong_passwords_get_no_more_checks_than_the_limit(db, monkeypatch):
    account = make_account(db)
    db.commit()
    checks = []
    real = accounts.check_credentials

    def counted(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts, "check_credentials", counted)
    barrier = threading.Barrier(40)
    outcomes = []

    def attempt(number: int) -> None:
        barrier.wait()
        outcomes.append(log_in(account.email, f"fel lösenord {number}", f"198.51.{number}.7"))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checks) <= 5
    assert sum(1 for o in outcomes if o.throttled) >= 35
    assert len(_mails("login_locked", account.email)) == 1


def test_a_later_login_shows_the_failed_attempts_since_the_last_one(db):
    account = make_account(db)
    db.commit()
    for _ in range(3):
        assert not log_in(account.email, "fel lösenord igen", ADDRESS).ok
    outcome = log_in(account.email, PASSWORD, ADDRESS)
    assert outcome.ok and outcome.failed_attempts == 3
    from cleverstore.services.accounts import open_session
    assert open_session(outcome.ticket, "", ADDRESS, "", "Firefox/1") is not None
    assert log_in(account.email, PASSWORD, ADDRESS).failed_attempts == 0


# --- passwords --------------------------------------------------------------------------------

def test_the_decomposed_form_of_a_password_matches(db):
    composed = unicodedata.normalize("NFC", "Fjällräven på Åland 42")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    stored = passwords.hash_password(composed)
    assert passwords.verify_password(decomposed, stored)
    assert passwords.verify_password(composed, passwords.hash_password(decomposed))


def test_a_hash_from_before_normalisation_is_upgraded_at_login(db):
    decomposed = unicodedata.normalize("NFD", "Fjällräven på Åland 42")
    account = make_account(db)
    account.password_hash = passwords.hash_password("placeholder that is long")
    # the old hash: the raw (decomposed) form, hashed without normalisation
    account.password_hash = passwords.bcrypt.hashpw(passwords._prehash(decomposed),
                                                    passwords.bcrypt.gensalt(rounds=4)).decode()
    db.add(account)
    db.commit()
    assert log_in(account.email, decomposed, ADDRESS).ok
    with session_scope() as fresh:
        upgraded = fresh.get(Account, account.id).password_hash
    assert passwords._check(passwords._prehash(unicodedata.normalize("NFC", decomposed)), upgraded)
    assert log_in(account.email, unicodedata.normalize("NFC", decomposed), ADDRESS).ok


# --- forgotten password: the same work for every address --------------------------------------

def _statements_for(email: str) -> list[str]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_rest):
        seen.append(statement.split()[0].upper())

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", note)
    try:
        request_password_reset(email)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return seen


def test_forgot_password_does_the_same_work_for_a_known_and_an_unknown_address(db):
    account = make_account(db)
    db.commit()
    known = _statements_for(account.email)
    unknown = _statements_for("ingen.alls@example.se")
    assert sorted(known) == sorted(unknown)
    assert known.count("INSERT") >= 2


# --- devices ----------------------------------------------------------------------------------

def test_a_known_device_cookie_from_a_new_network_sends_the_notice(db):
    account = make_account(db)
    first = devices.remember_login(db, account.id, "", "Firefox/1 Linux", "192.0.2.0/24")
    again = devices.remember_login(db, account.id, first.cookie_token, "Firefox/1 Linux", "192.0.2.0/24")
    db.commit()
    assert not again.is_new and _mails("new_device", account.email) == []
    copied = devices.remember_login(db, account.id, first.cookie_token, "Firefox/1 Linux", "203.0.113.0/24")
    db.commit()
    assert copied.is_new
    assert len(_mails("new_device", account.email)) == 1


# --- the login page ---------------------------------------------------------------------------

def test_the_login_page_shows_failed_attempts_then_continues_and_stops_a_code_guesser(db):
    import asyncio

    from cleverstore.state.auth import LoginState
    from tests.helpers.factories import event_names, state_for

    account = make_account(db)
    db.commit()
    for _ in range(2):
        log_in(account.email, "fel lösenord igen", ADDRESS)
    state = state_for(LoginState)
    assert asyncio.run(state.login({"email": account.email, "password": PASSWORD})) is None
    assert state.step == "warned" and state.warning.startswith("Misslyckade inloggningsförsök sedan din senaste inloggning: 2.")
    event = state.continue_after_warning()
    assert event_names(event) == ["_call_script"] and "/auth/session?ticket=" in str(event.args)

    guarded, _secret = _account_with_totp(db)
    page = state_for(LoginState)
    asyncio.run(page.login({"email": guarded.email, "password": PASSWORD}))
    for _ in range(5):
        assert page.step == "code"
        asyncio.run(page.submit_code({"code": "000000"}))
    assert page.step == "password" and page.error.startswith("För många felaktiga koder")
