"""Invitations: the owner names a person by e-mail and a role; the person joins with their own account.

The link in the mail carries a random token kept only as its keyed hash; it lives seven days. Joining
needs a signed-in person whose confirmed e-mail address is the invited one, so a forwarded link lets
no one else in. Members and open invitations together stay within the plan's household members (the
owner is not counted).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import Account, MemberInvite, RegisterMember
from cleverstore.models.base import utcnow
from cleverstore.services.billing import rules as billing_rules
from cleverstore.services.members.roster import clean_role
from cleverstore.services.shared import activity, notices, plan_limits
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.tokens import new_token, token_hash
from cleverstore.services.shared.validation import FieldError, clean_email

INVITE_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class Invite:
    id: int
    email: str
    role: str
    expires_at: datetime


@dataclass(frozen=True)
class InviteFor:
    """An invitation as the invited person sees it."""

    id: int
    register_id: int
    owner_name: str
    role: str
    email: str


def _live(db: Session, *conditions) -> list[MemberInvite]:
    return list(db.exec(select(MemberInvite).where(MemberInvite.expires_at > utcnow(), *conditions)
                        .order_by(MemberInvite.created_at, MemberInvite.id)).all())


def open_invites(db: Session, register_id: int) -> list[Invite]:
    return [Invite(i.id, i.email, i.role, i.expires_at) for i in _live(db, MemberInvite.account_id == register_id)]


def _clean(db: Session, register_id: int, form: dict) -> tuple[str, str]:
    errors = {}
    try:
        email = clean_email(form.get("email"))
    except FieldError as refused:
        errors["email"], email = refused.key, ""
    try:
        role = clean_role(form.get("role"))
    except ValidationFailed as refused:
        errors.update(refused.errors)
        role = ""
    if errors:
        raise ValidationFailed(errors)
    owner = db.get(Account, register_id)
    if owner is not None and owner.email.lower() == email:
        raise ValidationFailed({"email": "members.not_yourself"})
    already = db.exec(select(RegisterMember.id).join(Account, Account.id == RegisterMember.person_id)
                      .where(RegisterMember.account_id == register_id, func.lower(Account.email) == email)).first()
    if already is not None:
        raise ValidationFailed({"email": "members.already_member"})
    return email, role


def invite(db: Session, register_id: int, owner: Account, form: dict) -> str:
    """Mail an invitation; an open one to the same address is replaced (a new link, the old one dead).
    Returns the address invited."""
    email, role = _clean(db, register_id, form)
    if not billing_rules.register_open(db, register_id):
        raise ValidationFailed({"email": "members.register_closed"})
    db.execute(delete(MemberInvite).where(MemberInvite.account_id == register_id, MemberInvite.email == email))
    members = db.exec(select(func.count(RegisterMember.id)).where(RegisterMember.account_id == register_id)).one()
    plan_limits.require_member_room(db, register_id, int(members) + len(_live(db, MemberInvite.account_id == register_id)))
    token = new_token()
    db.add(MemberInvite(account_id=register_id, email=email, role=role, token_hash=token_hash(token),
                        expires_at=utcnow() + INVITE_LIFETIME))
    register = db.get(Account, register_id)
    notices.send_to_address(db, email, "member_invite", owner.language, owner=owner.name,
                            register=register.name if register is not None else owner.name,
                            role=translate(f"members.role.{role}", owner.language).lower(),
                            link=notices.link(f"/members/join?token={token}"))
    activity.record(db, register_id, "member_invited", email)
    return email


def cancel(db: Session, register_id: int, invite_id: object) -> None:
    try:
        wanted = int(str(invite_id)[:12])
    except ValueError:
        raise NotFound() from None
    if not db.execute(delete(MemberInvite).where(MemberInvite.account_id == register_id,
                                                 MemberInvite.id == wanted)).rowcount:
        raise NotFound()


def _as_seen(db: Session, row: MemberInvite) -> InviteFor:
    owner = db.get(Account, row.account_id)
    return InviteFor(row.id, row.account_id, owner.name if owner is not None else "", row.role, row.email)


def by_token(db: Session, token: str) -> InviteFor | None:
    """The live invitation behind a mailed link, or None (unknown, replaced or expired)."""
    if not token or len(token) > 100:
        return None
    rows = _live(db, MemberInvite.token_hash == token_hash(token))
    return _as_seen(db, rows[0]) if rows else None


def for_person(db: Session, person: Account) -> list[InviteFor]:
    """Live invitations to the person's confirmed address."""
    if person.email_verified_at is None:
        return []
    return [_as_seen(db, row) for row in _live(db, func.lower(MemberInvite.email) == person.email.lower())]


def accept(db: Session, person: Account, invite_id: object) -> InviteFor:
    """The invited person joins; NotFound for an invitation that is not (or no longer) theirs."""
    try:
        wanted = int(str(invite_id)[:12])
    except ValueError:
        raise NotFound() from None
    found = next((i for i in for_person(db, person) if i.id == wanted), None)
    if found is None or found.register_id == person.id:
        raise NotFound()
    db.execute(delete(MemberInvite).where(MemberInvite.id == found.id))
    exists = db.exec(select(RegisterMember).where(RegisterMember.account_id == found.register_id,
                                                  RegisterMember.person_id == person.id)).first()
    if exists is None:
        db.add(RegisterMember(account_id=found.register_id, person_id=person.id, role=found.role))
        db.flush()
        activity.record(db, found.register_id, "member_joined", person.name)
    return found


def purge_expired(db: Session) -> int:
    return db.execute(delete(MemberInvite).where(MemberInvite.expires_at <= utcnow())).rowcount or 0
