"""Forgotten password: a 30-minute single-use link by e-mail; using it ends every session.

The request always looks the same, whether or not the address has an account.
An account with two-factor login still needs its code (or a recovery code).
"""
from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session

from cleverstore.i18n import translate
from cleverstore.models import Account, EmailToken
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import (
    email_tokens,
    passwords,
    sessions,
    throttle,
    two_factor,
    verification,
)
from cleverstore.services.shared import activity, notices
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.tokens import new_token, token_hash

# At most this many reset mails per account in the throttling window (15 minutes): no mail bombing.
MAILS_PER_WINDOW = 3


def request_reset(db: Session, email: str) -> None:
    """Queue a link when the address is known. An unknown address (or one over its mail limit) does
    the same work — the count, the token, the mail text, as many writes — so neither the answer nor
    its time tells whether the address has an account."""
    account = accounts.find_by_email(db, email)
    key = email.strip().lower()[:320]
    if throttle.too_many(db, "reset-mail", key, MAILS_PER_WINDOW):
        account = None
    throttle.note(db, "reset-mail", key)
    if account is None:
        _same_work_as_a_link(db, key)
        return
    token = email_tokens.issue(db, account.id, "reset")
    notices.send(db, account, "reset", link=notices.link(f"/reset?token={token}"))


def _same_work_as_a_link(db: Session, key: str) -> None:
    """The statements and the text rendering of `issue` and `send`, with nothing delivered: the
    two writes go to the throttle table, which is purged with the rest of it."""
    token = new_token()
    db.execute(delete(EmailToken).where(EmailToken.token_hash == token_hash(token), EmailToken.used_at.is_(None)))
    throttle.note(db, "reset-decoy", token)
    translate("mail.reset.subject", "sv")
    translate("mail.reset.body", "sv", name=key, link=notices.link(f"/reset?token={token}"))
    throttle.note(db, "reset-decoy", key)


def needs_second_factor(db: Session, token: str) -> bool | None:
    """None for a dead link; else whether the form must ask for the two-factor code."""
    account_id = email_tokens.peek(db, token, "reset")
    if account_id is None:
        return None
    return two_factor.is_enabled(db, account_id)


def try_reset(db: Session, token: str, new: str, repeat: str, code: str = "") -> tuple[int | None, dict[str, str]]:
    """Set the new password and end all sessions: (account id, {}) — or (None, errors) without
    raising, so that a wrong two-step code stays counted when the caller commits. The fifth wrong
    code in the window kills every reset link of the account ("token")."""
    account_id = email_tokens.peek(db, token, "reset")
    if account_id is None:
        return None, {"token": "error.reset_link_dead"}
    account = db.get(Account, account_id)
    problem = passwords.password_problem(new, email=account.email, name=account.name)
    if problem:
        return None, {"new_password": problem}
    if new != repeat:
        return None, {"new_password_repeat": "error.password_mismatch"}
    second = two_factor.attempt_second_factor(db, account_id, code)
    if second == "locked":
        email_tokens.revoke(db, account_id, "reset")
        return None, {"token": "error.reset_code_locked"}
    if second == "wrong":
        return None, {"code": "error.totp_wrong"}
    if email_tokens.consume(db, token, "reset") is None:
        return None, {"token": "error.reset_link_dead"}
    account.password_hash = passwords.hash_password(new)
    account.updated_at = utcnow()
    email_tokens.revoke(db, account_id, "reset")
    verification.confirm_address(db, account)  # the link reached the address: it is proven
    sessions.revoke_all(db, account_id)
    activity.record(db, account_id, "password_reset")
    notices.send(db, account, "password_was_reset")
    return account_id, {}


def reset_password(db: Session, token: str, new: str, repeat: str, code: str = "") -> int:
    """`try_reset` for a caller that wants ValidationFailed; returns the account id."""
    account_id, errors = try_reset(db, token, new, repeat, code)
    if errors:
        raise ValidationFailed(errors)
    return account_id
