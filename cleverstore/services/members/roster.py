"""Who works in a register besides its owner, and the owner's (and the member's own) changes to that.

Only the register's owner manages members: their own register, or one of their SuperPro company
registers. A change takes effect on the member's next click, because every event reads the membership
again (services/access). Each change is written to the owner's activity log.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from cleverstore.models import Account, MemberRole, RegisterMember
from cleverstore.services.accounts import registers
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed

ROLES = tuple(role.value for role in MemberRole)


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    email: str
    role: str
    joined_at: datetime
    last_active_at: datetime | None


def clean_role(value: object) -> str:
    role = str(value or "").strip().lower()
    if role not in ROLES:
        raise ValidationFailed({"role": "members.role_required"})
    return role


def require_owner(db: Session, person_id: int, register_id: int) -> None:
    """NotFound unless the person pays for the register (members, billing and erasure stay with them)."""
    if register_id not in registers.owned_register_ids(db, person_id):
        raise NotFound()


def members_of(db: Session, register_id: int) -> list[Member]:
    rows = db.exec(select(RegisterMember, Account).join(Account, Account.id == RegisterMember.person_id)
                   .where(RegisterMember.account_id == register_id)
                   .order_by(Account.name, Account.id)).all()
    return [Member(a.id, a.name, a.email, m.role, m.joined_at, m.last_active_at) for m, a in rows]


def _membership(db: Session, register_id: int, person_id: object) -> RegisterMember:
    try:
        wanted = int(str(person_id)[:12])
    except ValueError:
        raise NotFound() from None
    row = db.exec(select(RegisterMember).where(RegisterMember.account_id == register_id,
                                               RegisterMember.person_id == wanted)).first()
    if row is None:
        raise NotFound()
    return row


def _name(db: Session, person_id: int) -> str:
    person = db.get(Account, person_id)
    return person.name if person is not None else ""


def change_role(db: Session, register_id: int, person_id: object, role: object) -> Member:
    row = _membership(db, register_id, person_id)
    row.role = clean_role(role)
    db.add(row)
    db.flush()
    activity.record(db, register_id, "member_role_changed", _name(db, row.person_id))
    return next(m for m in members_of(db, register_id) if m.person_id == row.person_id)


def remove(db: Session, register_id: int, person_id: object) -> str:
    """The owner takes a member out; the member's name for the message."""
    row = _membership(db, register_id, person_id)
    name = _name(db, row.person_id)
    db.delete(row)
    db.flush()
    activity.record(db, register_id, "member_removed", name)
    return name


def leave(db: Session, register_id: object, person_id: int) -> str:
    """A member leaves a register shared with them; the owner's name for the message."""
    try:
        register = int(str(register_id)[:12])
    except ValueError:
        raise NotFound() from None
    row = _membership(db, register, person_id)
    db.delete(row)
    db.flush()
    activity.record(db, register, "member_left", _name(db, person_id))
    return _name(db, register)

