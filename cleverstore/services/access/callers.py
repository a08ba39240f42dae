"""The signed-in customer behind an event or a request, read in one unit of work and never cached:
a lock, a logout or a maintenance window applies on the customer's next click."""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import bindparam
from sqlmodel import Session, select

from cleverstore.db import session_scope
from cleverstore.models import Account, AuthSession
from cleverstore.services.accounts import registers, sessions
from cleverstore.services.accounts.registers import ActiveRegister, RegisterChoice
from cleverstore.services.admin import maintenance
from cleverstore.services.billing import rules as billing_rules
from cleverstore.services.heirs import claims as heir_claims
from cleverstore.services.members import invites as member_invites
from cleverstore.services.shared import activity
from cleverstore.services.shared.actors import Actor, work_as_member
from cleverstore.services.support import threads as support_threads

__all__ = ["EDIT", "OWN", "OWNER", "READ", "Caller", "Identity", "RegisterChoice", "act_for", "identify",
           "register_caller", "signed_in_home", "switch_register"]

OWNER = registers.OWNER
# What a register event or request needs of the caller's role: anyone let in reads and prints; the owner
# and an editor change the register's contents; billing, members, insurance and the account are the owner's.
READ, EDIT, OWN = "read", "edit", "own"


@dataclass(frozen=True)
class Caller:
    """The signed-in customer.

    `account_id` is the register the caller works in: their own, or (for register work) the
    SuperPro company register or the register shared with them that their session has open.
    `person_account_id` is always the person; `role` is theirs in that register.
    """

    account_id: int
    session_id: int
    name: str
    email: str
    support_unread: int = 0
    verified: bool = True
    person_account_id: int = 0
    register_name: str = ""
    # every register of theirs: their own first, then each company register (HTTP routes use it)
    owned_ids: tuple[int, ...] = ()
    # heir claims about this customer that they can still stop (shown on every page until they end)
    heir_claims_open: int = 0
    role: str = registers.OWNER

    @property
    def can_edit(self) -> bool:
        """The owner and an editor change the register; a viewer looks and prints only."""
        return self.role in (registers.OWNER, "editor")

    @property
    def is_owner(self) -> bool:
        return self.role == registers.OWNER

    @property
    def actor(self) -> Actor:
        """The person, by id, as an object's history records them (the register may be a company's)."""
        return Actor(account_id=self.person_account_id or self.account_id)


@dataclass(frozen=True)
class Identity:
    """What one event learns about who is asking."""

    maintenance: tuple[str, str] | None = None
    caller: Caller | None = None
    register: ActiveRegister | None = None
    register_open: bool = False


# both figures of the page's header in one statement, built once: every event reads them
_HEADER_FIGURES = select(support_threads.customer_unread_count(bindparam("person_id")),
                         heir_claims.open_claims_count(bindparam("person_id")))


def _person(db: Session, account: Account, session: AuthSession) -> Caller:
    unread, claims = db.exec(_HEADER_FIGURES, params={"person_id": account.id}).one()
    return Caller(account.id, session.id, account.name, account.email, int(unread),
                  account.email_verified_at is not None, account.id, account.name, heir_claims_open=int(claims))


def identify(token: str, *, with_register: bool) -> Identity:
    """Maintenance, the signed-in customer and (for register events) the open register and whether
    it is paid for: one session instead of one per question, as every event asks all of them."""
    work_as_member(None)
    with session_scope() as db:
        notice = maintenance.notice(db)
        if notice is not None or not token:
            return Identity(maintenance=notice)
        found = sessions.resolve(db, token)
        if found is None:
            return Identity()
        account, session = found
        caller = _person(db, account, session)
        if not with_register:
            return Identity(caller=caller)
        active = registers.active_register(db, account, session)
        # the person pays for the registers they own (their own, their company registers)
        open_ = billing_rules.register_open(db, active.account_id,
                                            payer_id=account.id if active.role == OWNER else None)
        if open_:
            caller = replace(caller, account_id=active.account_id, register_name=active.name, role=active.role)
            if active.is_shared:
                registers.note_member_active(db, active.account_id, account.id)
                work_as_member(account.id)
        return Identity(caller=caller, register=active, register_open=open_)


def register_caller(token: str, *, require_open: bool = True) -> Caller | None:
    """The caller of an HTTP route and the register their session works in (the same rule as events).

    `require_open`: the register must be paid for ("lock on late payment"); for a company
    register the owner's subscription counts. The customer's own export passes False: their
    data stays reachable while the register is locked.
    """
    work_as_member(None)
    if not token:
        return None
    with session_scope() as db:
        found = sessions.resolve(db, token)
        if found is None:
            return None
        account, session = found
        active = registers.active_register(db, account, session)
        if active.is_shared and not billing_rules.register_open(db, active.account_id):
            # a register shared with the person is theirs to read only while its owner's is open
            active = registers.own_register(account, active)
        if active.is_shared:
            work_as_member(account.id)
        if require_open and not billing_rules.register_open(db, active.account_id):
            return None
        shared = [c.account_id for c in active.choices  # the memberships read with the active register
                  if c.role != OWNER and billing_rules.register_open(db, c.account_id)]
        return Caller(active.account_id, session.id, account.name, account.email,
                      verified=account.email_verified_at is not None, person_account_id=account.id,
                      register_name=active.name, role=active.role,
                      owned_ids=(*registers.owned_register_ids(db, account.id), *shared))


def switch_register(caller: Caller, register_id: str, *, record: bool = True) -> ActiveRegister:
    """Work in another of the caller's own registers (kept on the session, server side); NotFound if
    it is not theirs. `record`: the customer's own switch is logged; following a scanned label is not."""
    person = caller.person_account_id or caller.account_id
    with session_scope() as db:
        active = registers.switch(db, db.get(Account, person), db.get(AuthSession, caller.session_id),
                                  str(register_id)[:20])
        if record:
            activity.record(db, person, "register_switched", active.name)
        return active


def signed_in_home(caller: Caller) -> str:
    """Where a signed-in customer belongs: the register their session works in, or billing while their own
    is locked or unpaid; a member whose shared register is closed reads why on /members."""
    with session_scope() as db:
        account, session = db.get(Account, caller.person_account_id or caller.account_id), db.get(
            AuthSession, caller.session_id)
        if account is None or session is None:
            return "/login"
        active = registers.active_register(db, account, session)
        if billing_rules.register_open(db, active.account_id):
            return "/register"
        # a member whose shared register is closed reads why; an invitee without a register of their own
        # finds the invitation waiting
        return "/members" if active.is_shared or member_invites.for_person(db, account) else "/billing"


def act_for(caller: Caller) -> None:
    """An HTTP route that resolved its caller in a worker thread says here, in its own task, whose work
    follows (the activity log names a household member)."""
    work_as_member(None if caller.is_owner else caller.person_account_id)
