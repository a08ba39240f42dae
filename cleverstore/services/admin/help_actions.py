"""Use cases of admin for helping one customer: a new verification link, a lost second factor.

Each opens its own unit of work and writes the audit log in it; the customer is told by e-mail.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cleverstore.db import session_scope
from cleverstore.models import AdminUser
from cleverstore.services.admin import customers, second_factor_help

__all__ = [
    "CustomerHelp", "approve_second_factor_removal", "customer_help", "propose_second_factor_removal",
    "resend_customer_verification",
]


@dataclass(frozen=True)
class CustomerHelp:
    """Where the customer stands with their address and their second factor (nothing of the register)."""

    email_verified: bool
    two_factor_on: bool
    removal_stage: str  # "" | "proposed" | "link_sent" | "waiting"
    requested_by: int | None
    requested_by_name: str
    removes_at: datetime | None


def customer_help(account_id: object) -> CustomerHelp:
    """NotFound for an unknown customer."""
    with session_scope() as db:
        state = second_factor_help.help_state(db, customers.customer_account(db, account_id))
        admin = db.get(AdminUser, state.requested_by) if state.requested_by else None
        return CustomerHelp(state.email_verified, state.two_factor_on, state.stage, state.requested_by,
                            admin.email if admin else "", state.removes_at)


def resend_customer_verification(admin_id: int, account_id: object) -> None:
    """A fresh verification link to the customer; ValidationFailed when the address is verified already."""
    with session_scope() as db:
        second_factor_help.resend_verification(db, admin_id, account_id)


def propose_second_factor_removal(admin_id: int, account_id: object, reason: str) -> None:
    """The first of two admins asks to remove a lost second factor; ValidationFailed says why not."""
    with session_scope() as db:
        second_factor_help.propose_removal(db, admin_id, account_id, reason)


def approve_second_factor_removal(admin_id: int, account_id: object) -> None:
    """Another admin agrees: the customer gets the link to confirm; ValidationFailed for the same admin."""
    with session_scope() as db:
        second_factor_help.approve_removal(db, admin_id, account_id)
