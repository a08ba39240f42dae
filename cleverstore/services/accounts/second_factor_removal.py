"""Removing a lost second factor for a customer: the customer's side.

Removing a second factor opens the account to whoever knows the password, so it is a takeover
path. After two admins agreed (`services/admin/second_factor_help.py`) a link goes to the
verified address; only when the customer opens it does a waiting period start, with a notice
whose stop link ends the request. The scheduled jobs remove the factor when the period is over.
Nothing here shows anyone the customer's register.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.models import Account, RecoveryCode, SecondFactorRemoval, TwoFactor
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import email_tokens
from cleverstore.services.shared import activity, notices
from cleverstore.services.shared.timefmt import local_text

CONFIRM = "totp_removal"
STOP = "totp_removal_stop"


def wait() -> timedelta:
    """CLEVERSTORE_SECOND_FACTOR_REMOVAL_WAIT_HOURS (default 48, at least 24)."""
    return timedelta(hours=get_settings().second_factor_removal_wait_hours)


def open_request(db: Session, account_id: int) -> SecondFactorRemoval | None:
    """The request not yet stopped or done (at most one per account)."""
    return db.exec(select(SecondFactorRemoval).where(
        SecondFactorRemoval.account_id == account_id, SecondFactorRemoval.stopped_at.is_(None),
        SecondFactorRemoval.done_at.is_(None)).order_by(SecondFactorRemoval.id.desc())).first()


def link_expired(request: SecondFactorRemoval, now: datetime | None = None) -> bool:
    """The customer never opened the link in time: the request may be replaced."""
    if request.approved_at is None or request.confirmed_at is not None:
        return False
    approved = request.approved_at if request.approved_at.tzinfo else request.approved_at.replace(
        tzinfo=(now or utcnow()).tzinfo)
    return approved + email_tokens.LIFETIMES[CONFIRM] <= (now or utcnow())


def send_link(db: Session, request: SecondFactorRemoval) -> None:
    """Two admins agreed: the customer gets the link that must be opened before anything happens."""
    account = db.get(Account, request.account_id)
    token = email_tokens.issue(db, account.id, CONFIRM)
    notices.send(db, account, "second_factor_removal_link",
                 link=notices.link(f"/auth/second-factor-removal?token={token}"))
    activity.record(db, account.id, "second_factor_removal_asked")


def confirm(db: Session, token: str) -> datetime | None:
    """The customer opened the link: the waiting period starts; when it ends (None for a dead link)."""
    account_id = email_tokens.consume(db, token, CONFIRM)
    request = open_request(db, account_id) if account_id is not None else None
    if request is None or request.approved_at is None or request.confirmed_at is not None:
        return None
    now = utcnow()
    request.confirmed_at, request.removes_at = now, now + wait()
    db.add(request)
    stop_token = email_tokens.issue(db, account_id, STOP)
    account = db.get(Account, account_id)
    notices.send(db, account, "second_factor_removal_waiting", when=local_text(request.removes_at),
                 link=notices.link(f"/auth/second-factor-removal/stop?token={stop_token}"))
    activity.record(db, account_id, "second_factor_removal_confirmed")
    db.flush()
    return request.removes_at


def stop(db: Session, token: str) -> bool:
    """The stop link in the notice: the open request ends and the second factor stays."""
    account_id = email_tokens.consume(db, token, STOP)
    request = open_request(db, account_id) if account_id is not None else None
    if request is None:
        return False
    request.stopped_at = utcnow()
    db.add(request)
    activity.record(db, account_id, "second_factor_removal_stopped")
    notices.send(db, db.get(Account, account_id), "second_factor_removal_stopped")
    db.flush()
    return True


def finish_due(db: Session, now: datetime | None = None) -> int:
    """The scheduled step: remove the second factor of every request whose waiting period is over."""
    now = now or utcnow()
    due = db.exec(select(SecondFactorRemoval).where(
        SecondFactorRemoval.stopped_at.is_(None), SecondFactorRemoval.done_at.is_(None),
        SecondFactorRemoval.removes_at.is_not(None), SecondFactorRemoval.removes_at <= now)).all()
    for request in due:
        db.execute(delete(RecoveryCode).where(RecoveryCode.account_id == request.account_id))
        db.execute(delete(TwoFactor).where(TwoFactor.account_id == request.account_id))
        email_tokens.revoke(db, request.account_id, STOP)
        request.done_at = now
        db.add(request)
        activity.record(db, request.account_id, "second_factor_removed")
        notices.send(db, db.get(Account, request.account_id), "second_factor_removed")
    db.flush()
    return len(due)
