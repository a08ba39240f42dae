"""The login decision: throttling, credentials, second factor, new terms, then the ticket to a session."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from cleverstore.models import Account, AccountKind
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import (
    sessions,
    terms,
    throttle,
    two_factor,
    verification,
)


@dataclass(frozen=True)
class LoginOutcome:
    ticket: str = ""
    throttled: bool = False
    suspended: bool = False
    account_id: int = 0
    needs_code: bool = False
    needs_terms: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.ticket)


def _next_step(db: Session, account: Account, *, code_done: bool) -> LoginOutcome:
    if not code_done and two_factor.is_enabled(db, account.id):
        return LoginOutcome(account_id=account.id, needs_code=True)
    if terms.needs_acceptance(account):
        return LoginOutcome(account_id=account.id, needs_terms=True)
    return LoginOutcome(account_id=account.id, ticket=sessions.create_login_ticket(db, account.id))


def attempt_login(db: Session, email: str, password: str, address_prefix: str) -> LoginOutcome:
    """Same answer and the same bcrypt work for an unknown e-mail and a wrong password."""
    if throttle.is_throttled(db, email, address_prefix):
        return LoginOutcome(throttled=True)
    account = accounts.check_credentials(db, email, password)
    if account is None:
        throttle.record_failure(db, email, address_prefix)
        return LoginOutcome()
    if account.kind == AccountKind.REGISTER.value:  # a company register never logs in
        return LoginOutcome()
    if account.activated_at is None:
        # A sign-up whose link is unused answers like a wrong password: otherwise signing up and then
        # logging in would tell whether the address was registered already. A fresh link goes out.
        throttle.record_failure(db, email, address_prefix)
        verification.resend_on_login(db, account)
        return LoginOutcome()
    throttle.clear_for_email(db, email)
    if account.suspended_at is not None:
        return LoginOutcome(suspended=True)
    return _next_step(db, account, code_done=False)


def submit_code(db: Session, account_id: int, code: str, address_prefix: str) -> LoginOutcome:
    """The second step for an account with two-factor login (throttled like passwords)."""
    account = db.get(Account, account_id)
    if account is None:
        return LoginOutcome()
    if throttle.is_throttled(db, account.email, address_prefix):
        return LoginOutcome(throttled=True, account_id=account_id, needs_code=True)
    if not two_factor.check_second_factor(db, account_id, code):
        throttle.record_failure(db, account.email, address_prefix)
        return LoginOutcome(account_id=account_id, needs_code=True)
    return _next_step(db, account, code_done=True)


def accept_terms(db: Session, account_id: int) -> LoginOutcome:
    """The last step when the terms changed since the customer accepted them."""
    account = db.get(Account, account_id)
    if account is None:
        return LoginOutcome()
    terms.accept_current(db, account_id)
    return _next_step(db, account, code_done=True)
