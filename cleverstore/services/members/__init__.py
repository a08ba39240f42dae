"""Household members: the owner shares a register with people by e-mail, as editor or viewer.

The public use cases; each opens its own unit of work. Who may do what in a shared register is read
on every event by `services/access` (the role on the caller); the rules of inviting, joining, changing
and leaving live here.
"""
from __future__ import annotations

from dataclasses import dataclass

from cleverstore.db import session_scope
from cleverstore.models import Account, AuthSession
from cleverstore.services.accounts import registers
from cleverstore.services.billing import rules as billing_rules
from cleverstore.services.members import invites, roster
from cleverstore.services.members.invites import Invite, InviteFor
from cleverstore.services.members.roster import ROLES, Member
from cleverstore.services.shared import plan_limits
from cleverstore.services.shared.errors import NotFound

__all__ = ["ROLES", "Invite", "InviteFor", "Member", "SharedRegister", "Sharing", "cancel_invite",
           "change_member_role", "invite_from_link", "invite_member", "join_register", "leave_register",
           "remove_member", "sharing_overview"]


@dataclass(frozen=True)
class SharedRegister:
    """A register someone shares with the caller; `open` is false while its owner's is locked."""

    register_id: int
    owner_name: str
    role: str
    open: bool


@dataclass(frozen=True)
class Sharing:
    owner: bool  # the caller pays for the register they have open: they manage its members
    register_name: str
    members: tuple[Member, ...]
    invites: tuple[Invite, ...]
    limit: int | None  # household members the plan allows (None: by agreement)
    shared_with_me: tuple[SharedRegister, ...]
    invites_for_me: tuple[InviteFor, ...]


def sharing_overview(person_id: int, register_id: int) -> Sharing:
    """The members of the caller's open register (if it is theirs) and what others share with them."""
    with session_scope() as db:
        person = db.get(Account, person_id)
        if person is None:
            raise NotFound()
        # the owner of the open register manages its members; an unpaid register of one's own has none to manage
        owner = register_id in registers.owned_register_ids(db, person_id) and (
            billing_rules.register_open(db, register_id) or bool(roster.members_of(db, register_id)))
        register = db.get(Account, register_id)
        shared = tuple(SharedRegister(m.account_id, a.name, m.role, billing_rules.register_open(db, m.account_id))
                       for m, a in registers.memberships(db, person_id))
        return Sharing(
            owner, register.name if register is not None else "",
            tuple(roster.members_of(db, register_id)) if owner else (),
            tuple(invites.open_invites(db, register_id)) if owner else (),
            plan_limits.limits_for(db, register_id).max_members if owner else None,
            shared, tuple(invites.for_person(db, person)))


def invite_member(person_id: int, register_id: int, form: dict) -> str:
    """Mail an invitation to the register; the address invited. ValidationFailed, nothing sent, otherwise."""
    with session_scope() as db:
        roster.require_owner(db, person_id, register_id)
        return invites.invite(db, register_id, db.get(Account, person_id), form)


def change_member_role(person_id: int, register_id: int, member_id: object, role: object) -> Member:
    with session_scope() as db:
        roster.require_owner(db, person_id, register_id)
        return roster.change_role(db, register_id, member_id, role)


def remove_member(person_id: int, register_id: int, member_id: object) -> str:
    with session_scope() as db:
        roster.require_owner(db, person_id, register_id)
        return roster.remove(db, register_id, member_id)


def cancel_invite(person_id: int, register_id: int, invite_id: object) -> None:
    with session_scope() as db:
        roster.require_owner(db, person_id, register_id)
        invites.cancel(db, register_id, invite_id)


def invite_from_link(token: str) -> InviteFor | None:
    """What a mailed link invites to (the owner's name and the role), or None for a dead link."""
    with session_scope() as db:
        return invites.by_token(db, str(token or "")[:100])


def join_register(person_id: int, session_id: int, invite_id: object) -> InviteFor:
    """The invited person joins and their session opens the shared register at once."""
    with session_scope() as db:
        person, session = db.get(Account, person_id), db.get(AuthSession, session_id)
        if person is None or session is None:
            raise NotFound()
        joined = invites.accept(db, person, invite_id)
        registers.switch(db, person, session, joined.register_id)
        return joined


def leave_register(person_id: int, session_id: int, register_id: object) -> str:
    """The member leaves; their session goes back to their own register. The owner's name."""
    with session_scope() as db:
        owner_name = roster.leave(db, register_id, person_id)
        person, session = db.get(Account, person_id), db.get(AuthSession, session_id)
        if person is not None and session is not None:
            if session.active_register_id is not None and str(session.active_register_id) == str(register_id):
                session.active_register_id = None
                db.add(session)
        return owner_name
