"""Forgotten password: a 30-minute single-use link by e-mail; using it ends every session.

The request always looks the same, whether or not the address has an account.
An account with two-factor login still needs its code (or a recovery code).
"""
from __future__ import annotations

from sqlmodel import Session

from cleverstore.models import Account
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

# At most this many reset mails per account in the throttling window (15 minutes): no mail bombing.
MAILS_PER_WINDOW = 3


def request_reset(db: Session, email: str) -> None:
    """Queue a link when the address is known; nothing visible differs when it is not."""
    account = accounts.find_by_email(db, email)
    if account is None or throttle.too_many(db, "reset-mail", str(account.id), MAILS_PER_WINDOW):
        return
    throttle.note(db, "reset-mail", str(account.id))
    token = email_tokens.issue(db, account.id, "reset")
    notices.send(db, account, "reset", link=notices.link(f"/reset?token={token}"))


def needs_second_factor(db: Session, token: str) -> bool | None:
    """None for a dead link; else whether the form must ask for the two-factor code."""
    account_id = email_tokens.peek(db, token, "reset")
    if account_id is None:
        return None
    return two_factor.is_enabled(db, account_id)


def reset_password(db: Session, token: str, new: str, repeat: str, code: str = "") -> int:
    """Set the new password and end all sessions; returns the account id."""
    account_id = email_tokens.peek(db, token, "reset")
    if account_id is None:
        raise ValidationFailed({"token": "error.reset_link_dead"})
    account = db.get(Account, account_id)
    errors: dict[str, str] = {}
    problem = passwords.password_problem(new, email=account.email, name=account.name)
    if problem:
        errors["new_password"] = problem
    elif new != repeat:
        errors["new_password_repeat"] = "error.password_mismatch"
    if not errors and not two_factor.check_second_factor(db, account_id, code):
        errors["code"] = "error.totp_wrong"
    if errors:
        raise ValidationFailed(errors)
    if email_tokens.consume(db, token, "reset") is None:
        raise ValidationFailed({"token": "error.reset_link_dead"})
    account.password_hash = passwords.hash_password(new)
    account.updated_at = utcnow()
    verification.confirm_address(db, account)  # the link reached the address: it is proven
    sessions.revoke_all(db, account_id)
    activity.record(db, account_id, "password_reset")
    notices.send(db, account, "password_was_reset")
    return account_id
