"""Helping a customer who lost their second factor, and one who lost the verification e-mail: the admins' side.

A removal needs two admins: one proposes it with a reason, another (never the same) agrees; only
then does the customer get the link (`services/accounts/second_factor_removal.py`). The admins see
how far the request has come, never the customer's register.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from cleverstore.models import Account, SecondFactorRemoval
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import (
    second_factor_removal,
    two_factor,
    verification,
)
from cleverstore.services.admin.customers import customer_account, given_reason
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import ValidationFailed


@dataclass(frozen=True)
class HelpState:
    """What the customer page says about the second factor and the address."""

    email_verified: bool
    two_factor_on: bool
    stage: str  # "" | "proposed" | "link_sent" | "waiting"
    requested_by: int | None
    removes_at: datetime | None


def help_state(db: Session, account: Account) -> HelpState:
    request = second_factor_removal.open_request(db, account.id)
    if request is not None and second_factor_removal.link_expired(request):
        request = None
    stage = "" if request is None else "waiting" if request.confirmed_at else \
        "link_sent" if request.approved_at else "proposed"
    return HelpState(account.email_verified_at is not None, two_factor.is_enabled(db, account.id), stage,
                     request.requested_by if request else None, request.removes_at if request else None)


def resend_verification(db: Session, admin_id: int, account_id: object) -> None:
    """A fresh verification link to the customer's address; audited. Refused when already verified."""
    account = customer_account(db, account_id)
    if not verification.resend(db, account.id):
        raise ValidationFailed({"help": "error.already_verified"})
    activity.record(db, account.id, "verification_resent")
    audit.record(db, admin_id, "verification_resent", "account", account.id)


def propose_removal(db: Session, admin_id: int, account_id: object, reason: str) -> SecondFactorRemoval:
    """The first admin: why (how the customer proved who they are). Nothing reaches the customer yet."""
    try:
        text = given_reason(reason)
    except ValidationFailed:
        raise ValidationFailed({"removal_reason": "error.reason_required"}) from None
    account = customer_account(db, account_id)
    if not two_factor.is_enabled(db, account.id):
        raise ValidationFailed({"help": "error.second_factor_off"})
    if account.email_verified_at is None:
        raise ValidationFailed({"help": "error.address_not_verified"})
    current = second_factor_removal.open_request(db, account.id)
    if current is not None:
        if not second_factor_removal.link_expired(current):
            raise ValidationFailed({"help": "error.removal_already_open"})
        current.stopped_at = utcnow()
        db.add(current)
    request = SecondFactorRemoval(account_id=account.id, requested_by=admin_id, reason=text)
    db.add(request)
    db.flush()
    audit.record(db, admin_id, "second_factor_removal_proposed", "account", account.id, text)
    return request


def approve_removal(db: Session, admin_id: int, account_id: object) -> None:
    """The second admin agrees: the link goes to the customer's verified address; audited."""
    account = customer_account(db, account_id)
    request = second_factor_removal.open_request(db, account.id)
    if request is None or request.approved_at is not None:
        raise ValidationFailed({"help": "error.no_removal_to_approve"})
    if request.requested_by == admin_id:
        raise ValidationFailed({"help": "error.second_admin_needed"})
    if account.email_verified_at is None:
        raise ValidationFailed({"help": "error.address_not_verified"})
    request.approved_by, request.approved_at = admin_id, utcnow()
    db.add(request)
    second_factor_removal.send_link(db, request)
    audit.record(db, admin_id, "second_factor_removal_approved", "account", account.id)
