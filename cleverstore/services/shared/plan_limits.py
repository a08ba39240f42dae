"""The caller's plan limits, read where they are enforced (register, reports, imports).

The limits are data on the plan (`Plan`: `max_objects`, `max_stored_bytes`, `max_members`,
`claim_pack`, `qr_labels`; the seed in `services/billing/plans.py`). A register's limits are those of
the account that pays for it: a SuperPro company register follows its owner's plan (their agreement).
Without a subscription the most limited plan applies (a locked register cannot add anyway); with an
empty catalogue (nothing seeded) nothing is limited.

Over a limit the customer keeps reading, editing, printing and exporting everything: only adding
beyond the limit is refused, with a ValidationFailed under the key `limit` whose message names the
limit and the upgrade. A limit never locks data (only late payment does).

The counts (objects, bytes) are the register's own rows, read through the caller's unit of work; so
is the plan, except where row-level security hides a company register's owner (see `limits_for`).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from cleverstore.models import Account, AccountKind, BillingAccount, CompanyRegister, Item, ItemFile, Plan
from cleverstore.services.shared.errors import ValidationFailed

__all__ = ["PlanLimits", "limits_for", "object_count", "stored_bytes", "objects_that_fit", "require_object_room",
           "require_storage_room", "require_claim_pack", "require_qr_labels", "require_member_room", "UNLIMITED"]

LIMIT_FIELD = "limit"


@dataclass(frozen=True)
class PlanLimits:
    """One plan's limits; None is unlimited (or by agreement)."""

    plan_code: str
    plan_name: str
    max_objects: int | None
    max_stored_bytes: int | None
    max_members: int | None
    claim_pack: bool
    qr_labels: bool


UNLIMITED = PlanLimits("", "", None, None, None, True, True)


def _of(plan: Plan) -> PlanLimits:
    return PlanLimits(plan.code, plan.name, plan.max_objects, plan.max_stored_bytes, plan.max_members,
                      bool(plan.claim_pack), bool(plan.qr_labels))


def _most_limited(plans: list[Plan]) -> Plan | None:
    """The active plan with the fewest objects (then the least storage, then the catalogue's order)."""
    big = 1 << 62
    ranked = sorted(plans, key=lambda p: (p.max_objects if p.max_objects is not None else big,
                                          p.max_stored_bytes if p.max_stored_bytes is not None else big,
                                          p.sort_order, p.id or 0))
    return ranked[0] if ranked else None


def _plans_seen(db: Session, account_id: int) -> tuple[Plan | None, list[Plan], bool]:
    """In one statement: the plan the payer of `account_id` subscribes to (None when `db` sees no
    subscription), the active catalogue (for the most limited plan) and whether `account_id` is a
    company register (the account table has no row-level security)."""
    payer = func.coalesce(select(CompanyRegister.account_id)
                          .where(CompanyRegister.register_account_id == account_id).scalar_subquery(), account_id)
    subscribed = (select(BillingAccount.plan_code)
                  .where(BillingAccount.account_id == payer, BillingAccount.subscription_id.is_not(None))
                  .scalar_subquery())
    kind = select(Account.kind).where(Account.id == account_id).scalar_subquery()
    shown = or_(Plan.active == True, Plan.code == subscribed)  # noqa: E712
    rows = db.exec(select(Plan, Plan.code == subscribed, kind).where(shown)).all()
    mine = next((plan for plan, is_mine, _kind in rows if is_mine), None)
    register = bool(rows) and rows[0][2] == AccountKind.REGISTER.value
    return mine, [plan for plan, _is_mine, _kind in rows if plan.active], register


def limits_for(db: Session, account_id: int) -> PlanLimits:
    """The limits that apply to the register `account_id` (the caller's open register), read through
    the caller's unit of work `db`. On PostgreSQL a company register's tenant scope hides its owner's
    link and billing row (row-level security), so when `db` sees no subscription for a company register the plan is read
    again in a read-only session of its own on the same engine, as `access` reads whether a register
    is paid for outside the tenant scope."""
    mine, active, register = _plans_seen(db, account_id)
    if mine is None and register and db.get_bind().dialect.name == "postgresql":
        with Session(db.get_bind()) as unscoped:
            mine = _plans_seen(unscoped, account_id)[0]
    if mine is not None:
        return _of(mine)
    least = _most_limited(active)
    return _of(least) if least is not None else UNLIMITED


def object_count(db: Session, account_id: int) -> int:
    """Every object the register holds (sold and discarded ones too: they are kept in it)."""
    return int(db.exec(select(func.count(Item.id)).where(Item.account_id == account_id)).one())


def stored_bytes(db: Session, account_id: int) -> int:
    """The bytes of the files the customer has uploaded (originals; our thumbnails are not counted)."""
    return int(db.exec(select(func.coalesce(func.sum(ItemFile.size_bytes), 0))
                       .where(ItemFile.account_id == account_id)).one())


def objects_that_fit(db: Session, account_id: int, limits: PlanLimits | None = None) -> int | None:
    """How many more objects the register can take; None when unlimited."""
    limits = limits or limits_for(db, account_id)
    if limits.max_objects is None:
        return None
    return max(0, limits.max_objects - object_count(db, account_id))


def require_object_room(db: Session, account_id: int, adding: int = 1) -> None:
    """ValidationFailed("limit.objects") when `adding` more objects do not fit the plan."""
    room = objects_that_fit(db, account_id)
    if room is not None and adding > room:
        raise ValidationFailed({LIMIT_FIELD: "limit.objects"})


def require_storage_room(db: Session, account_id: int, adding_bytes: int) -> None:
    """ValidationFailed("limit.storage") when a file of `adding_bytes` does not fit the plan's storage."""
    limits = limits_for(db, account_id)
    if limits.max_stored_bytes is not None and stored_bytes(db, account_id) + adding_bytes > limits.max_stored_bytes:
        raise ValidationFailed({LIMIT_FIELD: "limit.storage"})


def require_claim_pack(db: Session, account_id: int) -> None:
    if not limits_for(db, account_id).claim_pack:
        raise ValidationFailed({LIMIT_FIELD: "limit.claim_pack"})


def require_qr_labels(db: Session, account_id: int) -> None:
    if not limits_for(db, account_id).qr_labels:
        raise ValidationFailed({LIMIT_FIELD: "limit.qr_labels"})


def require_member_room(db: Session, account_id: int, taken: int) -> None:
    """ValidationFailed("limit.members") when `taken` places (members and open invitations; the owner is
    not counted) already fill the plan's household members."""
    limit = limits_for(db, account_id).max_members
    if limit is not None and taken >= limit:
        raise ValidationFailed({LIMIT_FIELD: "limit.members"})
