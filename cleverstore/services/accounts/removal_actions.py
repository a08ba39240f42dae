"""Use cases of the customer's links about a second-factor removal two admins agreed on.

Unscoped like the verification link: the token names the account.
"""
from __future__ import annotations

from datetime import datetime

from cleverstore.db import session_scope
from cleverstore.services.accounts import second_factor_removal

__all__ = ["confirm_second_factor_removal", "finish_second_factor_removals", "stop_second_factor_removal"]


def confirm_second_factor_removal(token: str) -> datetime | None:
    """The customer confirms: when the factor goes (after the waiting period); None for a dead link."""
    with session_scope() as db:
        return second_factor_removal.confirm(db, str(token or "")[:100])


def stop_second_factor_removal(token: str) -> bool:
    """The stop link in the waiting-period notice; False for a dead link or nothing left to stop."""
    with session_scope() as db:
        return second_factor_removal.stop(db, str(token or "")[:100])


def finish_second_factor_removals() -> int:
    """Remove the second factors whose waiting period is over (the scheduled jobs)."""
    with session_scope() as db:
        return second_factor_removal.finish_due(db)
