"""The login decision: throttling, credentials, and the ticket that leads to a session."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from cleverstore.services import accounts, sessions, throttle


@dataclass(frozen=True)
class LoginOutcome:
    ticket: str = ""
    throttled: bool = False
    suspended: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.ticket)


def attempt_login(db: Session, email: str, password: str, address_prefix: str) -> LoginOutcome:
    """Same answer and the same bcrypt work for an unknown e-mail and a wrong password."""
    if throttle.is_throttled(db, email, address_prefix):
        return LoginOutcome(throttled=True)
    account = accounts.check_credentials(db, email, password)
    if account is None:
        throttle.record_failure(db, email, address_prefix)
        return LoginOutcome()
    throttle.clear_for_email(db, email)
    if account.suspended_at is not None:
        return LoginOutcome(suspended=True)
    return LoginOutcome(ticket=sessions.create_login_ticket(db, account.id))
