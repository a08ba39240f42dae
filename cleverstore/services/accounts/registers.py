"""The registers a person works in, and which one a session works in.

A person's own register, their SuperPro company registers (an account row of kind "register" linked
to its owner by CompanyRegister) and the registers others share with them as a household member
(RegisterMember, with a role). The register code keeps keying data by account_id. The active register
is stored on the login session (server side) and re-checked on every use: a register that is no longer
the person's (archived, or the membership removed) falls back to their own register.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, delete, literal_column, or_, union_all, update
from sqlmodel import Session, select

from cleverstore.models import Account, AccountKind, AuthSession, CompanyRegister, RegisterMember
from cleverstore.models.base import utcnow
from cleverstore.services.shared.errors import NotFound

ACTIVITY_RESOLUTION = timedelta(minutes=5)
OWNER = "owner"  # the role of a person in a register they pay for (their own, their company registers)


@dataclass(frozen=True)
class RegisterChoice:
    """One register the customer can work in (their own first)."""

    account_id: int
    name: str
    org_number: str
    own: bool
    role: str = OWNER  # "owner", or the member's role ("editor", "viewer") in a register shared with them


@dataclass(frozen=True)
class ActiveRegister:
    """The register a session works in, with every register its person may switch to."""

    account_id: int
    name: str
    org_number: str
    choices: tuple[RegisterChoice, ...]
    role: str = OWNER

    @property
    def is_company_register(self) -> bool:
        return self.role == OWNER and bool(self.choices) and self.choices[0].account_id != self.account_id

    @property
    def is_shared(self) -> bool:
        """Someone else's register, shared with this person as a household member."""
        return self.role != OWNER


def _links(db: Session, owner_id: int, *, include_archived: bool) -> list[tuple[CompanyRegister, Account]]:
    statement = (select(CompanyRegister, Account).join(Account, Account.id == CompanyRegister.register_account_id)
                 .where(CompanyRegister.account_id == owner_id))
    if not include_archived:
        statement = statement.where(CompanyRegister.archived_at.is_(None))
    return list(db.exec(statement.order_by(Account.name, Account.id)).all())


def company_registers(db: Session, owner_id: int, *, include_archived: bool = False) -> list[Account]:
    """The owner's company register accounts, by company name."""
    return [account for _link, account in _links(db, owner_id, include_archived=include_archived)]


def links_of(db: Session, owner_id: int) -> list[tuple[CompanyRegister, Account]]:
    """Every link with its register account, archived ones too (the admin's list)."""
    return _links(db, owner_id, include_archived=True)


def owned_register_ids(db: Session, owner_id: int) -> list[int]:
    """The owner's own register first, then every company register (archived too: still their data)."""
    return [owner_id] + [a.id for a in company_registers(db, owner_id, include_archived=True)]


def owner_id_of(db: Session, account_id: int) -> int:
    """The account that pays for this register: the owner of a company register, else the account itself."""
    owner = db.exec(select(CompanyRegister.account_id)
                    .where(CompanyRegister.register_account_id == account_id)).first()
    return owner if owner is not None else account_id


def is_register_account(account: Account | None) -> bool:
    return account is not None and account.kind == AccountKind.REGISTER.value


def memberships(db: Session, person_id: int) -> list[tuple[RegisterMember, Account]]:
    """The registers shared with this person, each with the account that owns it, by owner's name."""
    return list(db.exec(select(RegisterMember, Account).join(Account, Account.id == RegisterMember.account_id)
                        .where(RegisterMember.person_id == person_id)
                        .order_by(Account.name, Account.id)).all())


def _choices_statement():
    """A person's live company registers, then the registers shared with them, each by name (role "owner" for a
    company register): one statement, built once, as every event asks."""
    person = bindparam("person_id")
    companies = (select(Account.id, Account.name, Account.org_number, literal_column(f"'{OWNER}'").label("role"),
                        literal_column("0").label("part"))
                 .join(CompanyRegister, CompanyRegister.register_account_id == Account.id)
                 .where(CompanyRegister.account_id == person, CompanyRegister.archived_at.is_(None)))
    shared = (select(Account.id, Account.name, literal_column("''"), RegisterMember.role, literal_column("1"))
              .join(RegisterMember, RegisterMember.account_id == Account.id)
              .where(RegisterMember.person_id == person))
    both = union_all(companies, shared).subquery()
    return select(both.c.id, both.c.name, both.c.org_number, both.c.role).order_by(both.c.part, both.c.name,
                                                                                  both.c.id)


_CHOICES = _choices_statement()


def _choices(db: Session, person: Account) -> tuple[RegisterChoice, ...]:
    """Own register first, then the others the person may switch to (none: no switcher)."""
    rows = db.exec(_CHOICES, params={"person_id": person.id}).all()
    if not rows:
        return ()
    own = RegisterChoice(person.id, person.name, person.org_number or "", True)
    return (own, *(RegisterChoice(account_id, name, org_number or "", False, role)
                   for account_id, name, org_number, role in rows))


def active_register(db: Session, person: Account, session: AuthSession) -> ActiveRegister:
    """The register this session works in; anything no longer valid falls back to the person's own."""
    choices = _choices(db, person)
    chosen = next((c for c in choices if c.account_id == session.active_register_id), None)
    if chosen is None:
        return ActiveRegister(person.id, person.name, person.org_number or "", choices)
    return ActiveRegister(chosen.account_id, chosen.name, chosen.org_number, choices, chosen.role)


def own_register(person: Account, active: ActiveRegister) -> ActiveRegister:
    """The person's own register, with the same choices (where a closed shared register leaves them)."""
    return ActiveRegister(person.id, person.name, person.org_number or "", active.choices)


def switch(db: Session, person: Account, session: AuthSession, register_id: object) -> ActiveRegister:
    """Make another of the person's live registers the active one; NotFound (nothing changes) otherwise."""
    try:
        wanted = int(str(register_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    choice = next((c for c in _choices(db, person) if c.account_id == wanted), None)
    if choice is None and wanted != person.id:
        raise NotFound()
    session.active_register_id = None if wanted == person.id else wanted
    db.add(session)
    db.flush()
    return active_register(db, person, session)


def note_member_active(db: Session, register_id: int, person_id: int) -> None:
    """A member's last activity, shown to the owner: written at most every few minutes, not on every click."""
    now = utcnow()
    db.execute(update(RegisterMember)
               .where(RegisterMember.account_id == register_id, RegisterMember.person_id == person_id,
                      or_(RegisterMember.last_active_at.is_(None),
                          RegisterMember.last_active_at < now - ACTIVITY_RESOLUTION))
               .values(last_active_at=now))


def end_memberships(db: Session, register_id: int) -> int:
    """Every membership of the register ends (its owner is suspended); how many ended."""
    return db.execute(delete(RegisterMember).where(RegisterMember.account_id == register_id)).rowcount or 0
