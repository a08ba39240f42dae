"""Verification and reset links, two-factor login and the login steps."""
from __future__ import annotations

import time
from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from cleverstore.models import (
    Account,
    AuthSession,
    EmailToken,
    OutgoingMail,
    RecoveryCode,
)
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import (
    email_tokens,
    login,
    password_reset,
    sessions,
    two_factor,
    verification,
)
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import PASSWORD, make_account

NEW_PASSWORD = "ett helt nytt lösenord"


def _link_token(db, kind: str, to: str) -> str:
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == kind, OutgoingMail.to_address == to)
                   .order_by(OutgoingMail.id.desc())).first()
    return mail.body.split("token=")[1].split()[0]


def test_sign_up_sends_a_verification_link_that_works_once(db):
    account = make_account(db)
    assert account.email_verified_at is None
    token = _link_token(db, "verify", account.email)
    assert len(token) >= 43  # 256 bits, URL-safe
    assert db.exec(select(EmailToken.token_hash)).one() != token  # only a hash is stored
    assert verification.verify(db, token) == account.id
    assert db.get(Account, account.id).email_verified_at is not None
    assert verification.verify(db, token) is None
    assert verification.resend(db, account.id) is False


def test_an_expired_link_does_not_verify(db):
    account = make_account(db)
    token = _link_token(db, "verify", account.email)
    row = db.exec(select(EmailToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    assert verification.verify(db, token) is None
    assert db.get(Account, account.id).email_verified_at is None


def test_resend_replaces_the_old_link(db):
    account = make_account(db)
    old = _link_token(db, "verify", account.email)
    assert verification.resend(db, account.id) is True
    new = _link_token(db, "verify", account.email)
    assert verification.verify(db, old) is None
    assert verification.verify(db, new) == account.id


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(db):
    before = len(db.exec(select(OutgoingMail)).all())
    password_reset.request_reset(db, "nobody@example.se")
    assert len(db.exec(select(OutgoingMail)).all()) == before


def test_reset_link_sets_the_password_ends_every_session_and_works_once(db):
    account = make_account(db)
    live = sessions.start_session(db, account.id)
    password_reset.request_reset(db, account.email.upper())
    token = _link_token(db, "reset", account.email)
    row = db.exec(select(EmailToken).where(EmailToken.purpose == "reset")).one()
    assert timedelta(minutes=29) < row.expires_at - utcnow() <= timedelta(minutes=30)
    with pytest.raises(ValidationFailed) as failed:
        password_reset.reset_password(db, token, "kort", "kort")
    assert failed.value.errors == {"new_password": "error.password_too_short"}
    password_reset.reset_password(db, token, NEW_PASSWORD, NEW_PASSWORD)
    assert sessions.resolve(db, live) is None
    assert login.attempt_login(db, account.email, NEW_PASSWORD, "192.0.2.0/24").ok
    with pytest.raises(ValidationFailed) as failed:
        password_reset.reset_password(db, token, "ännu ett nytt lösenord", "ännu ett nytt lösenord")
    assert failed.value.errors == {"token": "error.reset_link_dead"}
    assert db.exec(select(OutgoingMail).where(OutgoingMail.kind == "password_was_reset")).first() is not None


def test_reset_after_thirty_minutes_is_refused(db):
    account = make_account(db)
    password_reset.request_reset(db, account.email)
    token = _link_token(db, "reset", account.email)
    row = db.exec(select(EmailToken).where(EmailToken.purpose == "reset")).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    assert password_reset.needs_second_factor(db, token) is None
    with pytest.raises(ValidationFailed):
        password_reset.reset_password(db, token, NEW_PASSWORD, NEW_PASSWORD)


def _enable_totp(db, account) -> tuple[str, list[str]]:
    secret = two_factor.begin_setup(db, account.id)
    codes = two_factor.confirm_setup(db, account.id, pyotp.TOTP(secret).now())
    return secret, codes


def test_totp_codes_are_single_use_and_recovery_codes_work_once(db):
    account = make_account(db)
    secret, codes = _enable_totp(db, account)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code not in {r.code_hash for r in db.exec(select(RecoveryCode)).all()} for code in codes)
    # the code used to confirm cannot be used again
    assert two_factor.check_second_factor(db, account.id, pyotp.TOTP(secret).now()) is False
    next_code = pyotp.TOTP(secret).at(time.time() + 30)
    assert two_factor.check_second_factor(db, account.id, next_code) is True
    assert two_factor.check_second_factor(db, account.id, next_code) is False
    assert two_factor.check_second_factor(db, account.id, "000000") is False
    assert two_factor.check_second_factor(db, account.id, codes[0]) is True
    assert two_factor.check_second_factor(db, account.id, codes[0]) is False
    assert two_factor.recovery_codes_left(db, account.id) == 9


def test_totp_setup_needs_a_right_code_and_disabling_needs_the_password(db):
    account = make_account(db)
    two_factor.begin_setup(db, account.id)
    with pytest.raises(ValidationFailed) as failed:
        two_factor.confirm_setup(db, account.id, "123456")
    assert failed.value.errors == {"totp": "error.totp_wrong"}
    assert two_factor.is_enabled(db, account.id) is False
    _enable_totp(db, account)
    with pytest.raises(ValidationFailed):
        two_factor.disable(db, account.id, "fel lösenord här")
    assert two_factor.is_enabled(db, account.id)
    two_factor.disable(db, account.id, PASSWORD)
    assert two_factor.is_enabled(db, account.id) is False
    assert two_factor.recovery_codes_left(db, account.id) == 0


def test_login_with_totp_needs_the_code_and_a_reset_still_asks_for_it(db):
    account = make_account(db)
    secret, codes = _enable_totp(db, account)
    outcome = login.attempt_login(db, account.email, PASSWORD, "192.0.2.0/24")
    assert outcome.needs_code and not outcome.ok and outcome.account_id == account.id
    assert not login.submit_code(db, account.id, "000000", "192.0.2.0/24").ok
    assert login.submit_code(db, account.id, pyotp.TOTP(secret).at(time.time() + 30), "192.0.2.0/24").ok
    password_reset.request_reset(db, account.email)
    token = _link_token(db, "reset", account.email)
    assert password_reset.needs_second_factor(db, token) is True
    with pytest.raises(ValidationFailed) as failed:
        password_reset.reset_password(db, token, NEW_PASSWORD, NEW_PASSWORD, "000000")
    assert failed.value.errors == {"code": "error.totp_wrong"}
    password_reset.reset_password(db, token, NEW_PASSWORD, NEW_PASSWORD, codes[3])


def test_new_terms_are_accepted_at_the_next_login(db, monkeypatch):
    account = make_account(db)
    monkeypatch.setattr("cleverstore.services.accounts.terms.current_terms_version", lambda: "2099-01")
    outcome = login.attempt_login(db, account.email, PASSWORD, "192.0.2.0/24")
    assert outcome.needs_terms and not outcome.ok
    outcome = login.accept_terms(db, account.id)
    assert outcome.ok
    stored = db.get(Account, account.id)
    assert stored.terms_version == "2099-01" and stored.terms_accepted_at is not None
    assert login.attempt_login(db, account.email, PASSWORD, "192.0.2.0/24").ok


def test_email_change_resets_verification_and_tells_the_old_address(db):
    from cleverstore.services.accounts import account as accounts

    account = make_account(db, email="gammal@example.se")
    verification.verify(db, _link_token(db, "verify", "gammal@example.se"))
    accounts.change_email(db, account.id, "ny@example.se", PASSWORD)
    assert db.get(Account, account.id).email_verified_at is None
    kinds = {(m.kind, m.to_address) for m in db.exec(select(OutgoingMail)).all()}
    assert ("email_changed", "gammal@example.se") in kinds and ("verify", "ny@example.se") in kinds


def test_tokens_refuse_garbage(db):
    assert email_tokens.consume(db, "", "reset") is None
    assert email_tokens.consume(db, "x" * 500, "reset") is None
    assert email_tokens.consume(db, "abc", "nonsense") is None
    assert db.exec(select(AuthSession)).all() == []


def test_reset_mails_are_limited_per_account(db):
    account = make_account(db)
    for _ in range(password_reset.MAILS_PER_WINDOW + 2):
        password_reset.request_reset(db, account.email)
    sent = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "reset")).all()
    assert len(sent) == password_reset.MAILS_PER_WINDOW
