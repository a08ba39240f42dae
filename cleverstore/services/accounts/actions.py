"""Use cases of accounts for visitors and customers: log in, sign up, sessions, password reset,
terms and e-mail verification. Each opens its own unit of work.

Logins, sign-ups and password resets may run in parallel threads: they use `unit_of_work`,
which runs the work again on SQLite when another writer got in between.
"""
from __future__ import annotations

from dataclasses import dataclass

from cleverstore.config import get_settings
from cleverstore.db import session_scope, tenant_scope, unit_of_work
from cleverstore.models import AccountKind
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import (
    devices,
    login,
    password_reset,
    sessions,
    throttle,
    verification,
)
from cleverstore.services.accounts.login import LoginOutcome
from cleverstore.services.accounts.sessions import safe_next
from cleverstore.services.accounts.terms import (
    OperatorContact,
    TermsDocument,
    load_terms,
    operator_contact,
)
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import ValidationFailed

__all__ = [
    "DEVICE_COOKIE",
    "DEVICE_COOKIE_MAX_AGE",
    "PENDING_LOGIN_SECONDS",
    "PRIVATE_ACCOUNT",
    "SESSION_COOKIE",
    "SIGN_UP_KINDS",
    "LoginOutcome",
    "OpenedSession",
    "OperatorContact",
    "TermsDocument",
    "accept_terms_at_login",
    "close_session",
    "is_sign_up_kind",
    "log_in",
    "log_out",
    "open_session",
    "operator_contact",
    "request_password_reset",
    "resend_verification",
    "reset_link_status",
    "reset_password_by_link",
    "safe_next",
    "sign_up_customer",
    "submit_login_code",
    "terms_document",
    "verify_email",
]

SESSION_COOKIE = sessions.COOKIE_NAME
DEVICE_COOKIE = devices.COOKIE_NAME
DEVICE_COOKIE_MAX_AGE = devices.COOKIE_MAX_AGE
# How long a half-finished login (password done, code or terms pending) stays valid.
PENDING_LOGIN_SECONDS = 300

PRIVATE_ACCOUNT = AccountKind.PRIVATE.value
# The kinds a visitor may sign up as (a company register is made by its owner, never signed up).
SIGN_UP_KINDS = (AccountKind.PRIVATE.value, AccountKind.COMPANY.value)


def is_sign_up_kind(kind: str) -> bool:
    return kind in SIGN_UP_KINDS


# --- the login flow ---------------------------------------------------------------------------

def log_in(email: str, password: str, client_address: str) -> LoginOutcome:
    """The first step: throttling, password, then the code, new terms or the ticket to a session.
    The attempt is counted in its own short transaction before the (slow) password check, so that
    parallel attempts cannot outrun the limit and no lock is held during bcrypt."""
    prefix = sessions.ip_prefix(client_address)
    attempt = unit_of_work(throttle.take_attempt, email, prefix)
    if attempt is None:
        return LoginOutcome(throttled=True)
    return unit_of_work(login.check_password, email, password, attempt)


def submit_login_code(account_id: int, code: str, client_address: str) -> LoginOutcome:
    """Second step: a TOTP code or a recovery code (throttled like passwords)."""
    return unit_of_work(login.submit_code, account_id, code, sessions.ip_prefix(client_address))


def accept_terms_at_login(account_id: int) -> LoginOutcome:
    """Last step when the terms changed: the customer accepts the new version."""
    return unit_of_work(login.accept_terms, account_id)


def sign_up_customer(form: dict) -> None:
    """Create the account, or tell the owner of a taken address; the caller never learns which.
    ValidationFailed lists every refused field."""
    unit_of_work(accounts.sign_up, form)


def log_out(session_token: str, account_id: int | None) -> None:
    """End the session on the server now (the route then clears the cookie); logged for the customer.
    Unscoped: the token decides, and it may belong to no live customer any more."""
    with session_scope() as db:
        sessions.revoke(db, session_token)
        if account_id is not None:
            activity.record(db, account_id, "logout")


@dataclass(frozen=True)
class OpenedSession:
    session_token: str
    device_token: str
    max_age: int  # seconds the session cookie may live (the session's absolute lifetime)


def _swap_ticket(db, ticket: str, old_token: str, address: str, device_token: str,
                 user_agent: str) -> OpenedSession | None:
    account_id = sessions.redeem_login_ticket(db, ticket)
    if account_id is None:
        return None
    sessions.revoke(db, old_token)
    activity.record(db, account_id, "login")
    prefix = sessions.ip_prefix(address)
    device = devices.remember_login(db, account_id, device_token, user_agent[:500], prefix)
    token = sessions.start_session(db, account_id, ip_prefix=prefix, device_id=device.device_id)
    return OpenedSession(token, device.cookie_token, get_settings().session_absolute_hours * 3600)


def open_session(ticket: str, old_token: str, address: str, device_token: str,
                 user_agent: str) -> OpenedSession | None:
    """A good login ticket becomes a brand-new session (the old cookie's session ends); the device is
    recorded (a new one gets a notice). None for a used, expired or forged ticket.
    Unscoped: the ticket names the account."""
    with session_scope() as db:
        return _swap_ticket(db, ticket, old_token, address, device_token, user_agent)


def close_session(session_token: str) -> None:
    """The logout route: the cookie's session ends."""
    with session_scope() as db:
        sessions.revoke(db, session_token)


# --- forgotten password -----------------------------------------------------------------------

def request_password_reset(email: str) -> None:
    """The same for every address: a link goes out only when it has an account (a few per window)."""
    unit_of_work(password_reset.request_reset, email)


def reset_link_status(token: str) -> bool | None:
    """None for a dead link; else whether the form must ask for the two-step code."""
    with session_scope() as db:
        return password_reset.needs_second_factor(db, token)


def reset_password_by_link(token: str, new: str, repeat: str, code: str) -> None:
    """Set the new password and end every session; ValidationFailed ("token" for a dead link).
    The unit commits before the errors are raised: a wrong two-step code stays counted."""
    _, errors = unit_of_work(password_reset.try_reset, token, new, repeat, code)
    if errors:
        raise ValidationFailed(errors)


# --- terms and e-mail verification ------------------------------------------------------------

def terms_document(lang: str) -> TermsDocument:
    """The terms as the content file says now (read on every call: no rebuild after an edit)."""
    return load_terms(lang)


def resend_verification(account_id: int) -> bool:
    """A new verification link; False when the address is verified already."""
    with tenant_scope(account_id) as db:
        return verification.resend(db, account_id)


def verify_email(token: str) -> bool:
    """The link in the verification e-mail; False for a used, expired or forged one. Unscoped: the
    token names the account."""
    with session_scope() as db:
        return verification.verify(db, token) is not None
