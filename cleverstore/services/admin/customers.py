"""What an administrator may see and do about customers: search, overview, suspend, reinstate.

The overview holds counts and the activity log, never the customer's objects.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from cleverstore.models import (
    Account,
    AccountKind,
    ActivityEvent,
    AdminUser,
    AuditEntry,
    AuthSession,
    Item,
)
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import registers, sessions
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed

PAGE_SIZE = 25
# Digits typed before the org nr search looks for them inside organisation numbers.
ORG_DIGITS_MATCHED = 4


@dataclass
class CustomerPage:
    rows: list[Account]
    matching: int
    page: int
    pages: int


@dataclass
class CustomerOverview:
    account: Account
    object_count: int
    live_sessions: int
    recent_activity: list[ActivityEvent]


def search(db: Session, text: str = "", page: int = 1) -> CustomerPage:
    """Name, e-mail, customer number or organisation number; paged on the server."""
    customers = Account.kind != AccountKind.REGISTER.value  # company registers are not customers
    statement = select(Account).where(customers)
    count = select(func.count(Account.id)).where(customers)
    text = (text or "").strip()[:200]
    if text:
        pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        digits = "".join(ch for ch in text if ch.isdigit())
        conditions = [
            func.lower(Account.name).like(pattern, escape="\\"),
            func.lower(Account.email).like(pattern, escape="\\"),
            Account.customer_number == text,
        ]
        if len(digits) >= ORG_DIGITS_MATCHED and len(digits) == len(text.replace("-", "").replace(" ", "")):
            # a part of the org nr, typed with or without the dash
            conditions.append(func.replace(Account.org_number, "-", "").like(f"%{digits}%"))
        statement = statement.where(or_(*conditions))
        count = count.where(or_(*conditions))
    matching = db.exec(count).one()
    pages = max(1, math.ceil(matching / PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.exec(statement.order_by(Account.created_at.desc(), Account.id.desc())
                   .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return CustomerPage(list(rows), matching, page, pages)


def customer_account(db: Session, account_id: object) -> Account:
    """NotFound for an unknown id or a company register (not a customer)."""
    try:
        account = db.get(Account, int(str(account_id)))
    except (TypeError, ValueError):
        account = None
    if account is None or account.kind == AccountKind.REGISTER.value:
        raise NotFound()
    return account


def overview(db: Session, account_id: object) -> CustomerOverview:
    account = customer_account(db, account_id)
    objects = db.exec(select(func.count(Item.id)).where(Item.account_id == account.id)).one()
    live = db.exec(select(func.count(AuthSession.id)).where(
        AuthSession.account_id == account.id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > utcnow()
    )).one()
    return CustomerOverview(account, objects, live, activity.recent(db, account.id, limit=20))


def given_reason(reason: str) -> str:
    """An admin's reason: at least five characters, one line of words."""
    text = " ".join(str(reason or "").split())
    if len(text) < 5:
        raise ValidationFailed({"reason": "error.reason_required"})
    return text[:1000]


def suspend(db: Session, admin_id: int, account_id: object, reason: str) -> Account:
    """Exclusion for a breach of the terms: every session ends at once."""
    text = given_reason(reason)
    account = customer_account(db, account_id)
    account.suspended_at = utcnow()
    account.suspension_reason = text
    db.add(account)
    ended = sessions.revoke_all(db, account.id)
    for register_id in registers.owned_register_ids(db, account.id):  # the household loses the register too
        registers.end_memberships(db, register_id)
    audit.record(db, admin_id, "customer_suspended", "account", account.id, f"{text} ({ended} sessions ended)")
    return account


def reinstate(db: Session, admin_id: int, account_id: object, reason: str) -> Account:
    text = given_reason(reason)
    account = customer_account(db, account_id)
    account.suspended_at = None
    account.suspension_reason = ""
    db.add(account)
    audit.record(db, admin_id, "customer_reinstated", "account", account.id, text)
    return account


@dataclass
class AuditNames:
    admins: dict[int, str]
    customers: dict[str, str]


def names_for_audit(db: Session, entries: list[AuditEntry]) -> AuditNames:
    """The admins (by address) and the customers (name and number) a page of the audit log names."""
    admin_ids = {e.admin_id for e in entries if e.admin_id is not None} | {
        int(e.target_id) for e in entries if e.target_type == "admin" and e.target_id.isdigit()}
    account_ids = {int(e.target_id) for e in entries if e.target_type == "account" and e.target_id.isdigit()}
    admins = {a.id: a.email for a in db.exec(select(AdminUser).where(AdminUser.id.in_(admin_ids)))} if admin_ids else {}
    found = db.exec(select(Account).where(Account.id.in_(account_ids))).all() if account_ids else []
    return AuditNames(admins, {str(a.id): f"{a.name} ({a.customer_number})" if a.customer_number else a.name
                               for a in found})
