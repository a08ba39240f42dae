"""The login decision: throttling, credentials, second factor, new terms, then the ticket to a session."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from cleverstore.models import Account, AccountKind, ActivityEvent
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import (
    sessions,
    terms,
    throttle,
    two_factor,
    verification,
)
from cleverstore.services.shared import activity, notices


@dataclass(frozen=True)
class LoginOutcome:
    ticket: str = ""
    throttled: bool = False
    suspended: bool = False
    account_id: int = 0
    needs_code: bool = False
    needs_terms: bool = False
    code_locked: bool = False  # too many wrong codes: this login is dead, start again later
    failed_attempts: int = 0  # wrong passwords since the last login, shown once the login is complete

    @property
    def ok(self) -> bool:
        return bool(self.ticket)


def _next_step(db: Session, account: Account, *, code_done: bool) -> LoginOutcome:
    if not code_done and two_factor.is_enabled(db, account.id):
        return LoginOutcome(account_id=account.id, needs_code=True)
    if terms.needs_acceptance(account):
        return LoginOutcome(account_id=account.id, needs_terms=True)
    return LoginOutcome(account_id=account.id, ticket=sessions.create_login_ticket(db, account.id),
                        failed_attempts=failed_since_last_login(db, account.id))


def failed_since_last_login(db: Session, account_id: int) -> int:
    """Wrong passwords for the account since its last completed login (from the activity log)."""
    last_login = db.exec(select(func.max(ActivityEvent.id)).where(ActivityEvent.account_id == account_id,
                                                                  ActivityEvent.kind == "login")).one()
    query = select(func.count()).select_from(ActivityEvent).where(
        ActivityEvent.account_id == account_id, ActivityEvent.kind == "login_failed",
        ActivityEvent.id > (last_login or 0))
    return db.exec(query).one()


def _failed(db: Session, email: str) -> LoginOutcome:
    """A wrong password: logged for the owner, who is told by e-mail when the address gets locked."""
    account = accounts.find_by_email(db, email)
    if account is not None:
        activity.record(db, account.id, "login_failed")
        if throttle.just_locked(db, email) and throttle.take(db, "lock-mail", account.email, 1) is not None:
            notices.send(db, account, "login_locked", link=notices.link("/forgot"))
    return LoginOutcome()


def attempt_login(db: Session, email: str, password: str, address_prefix: str) -> LoginOutcome:
    """Throttling and the password check in one transaction (the action splits them in two)."""
    attempt = throttle.take_attempt(db, email, address_prefix)
    if attempt is None:
        return LoginOutcome(throttled=True)
    return check_password(db, email, password, attempt)


def check_password(db: Session, email: str, password: str, attempt: tuple[int, int]) -> LoginOutcome:
    """Same answer and the same bcrypt work for an unknown e-mail and a wrong password. `attempt`
    was taken from the throttle before (it counts as a failure unless the password is right)."""
    account = accounts.check_credentials(db, email, password)
    if account is None:
        return _failed(db, email)
    if account.kind == AccountKind.REGISTER.value:  # a company register never logs in
        return LoginOutcome()
    if account.activated_at is None:
        # A sign-up whose link is unused answers like a wrong password: otherwise signing up and then
        # logging in would tell whether the address was registered already. A fresh link goes out.
        verification.resend_on_login(db, account)
        return LoginOutcome()
    throttle.give_back(db, attempt)
    throttle.clear_for_email(db, email)
    if account.suspended_at is not None:
        return LoginOutcome(suspended=True)
    return _next_step(db, account, code_done=False)


def submit_code(db: Session, account_id: int, code: str, address_prefix: str) -> LoginOutcome:
    """The second step for an account with two-factor login. Wrong codes are counted per account
    (a correct password does not clear them); the fifth ends this login and mails the owner."""
    account = db.get(Account, account_id)
    if account is None:
        return LoginOutcome()
    result = two_factor.attempt_second_factor(db, account_id, code)
    if result == "locked":
        return LoginOutcome(code_locked=True)
    if result == "wrong":
        return LoginOutcome(account_id=account_id, needs_code=True)
    return _next_step(db, account, code_done=True)


def accept_terms(db: Session, account_id: int) -> LoginOutcome:
    """The last step when the terms changed since the customer accepted them."""
    account = db.get(Account, account_id)
    if account is None:
        return LoginOutcome()
    terms.accept_current(db, account_id)
    return _next_step(db, account, code_done=True)
