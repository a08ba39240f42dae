"""SuperPro company registers: which registers a customer has, and which one a session works in.

A company register is an account row of kind "register" linked to its owner by
CompanyRegister; the register code keeps keying data by account_id. The active
register is stored on the login session (server side) and re-checked on every
use: a register that is not the session owner's, or is archived, falls back to
the owner's own register.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from cleverstore.models import Account, AccountKind, AuthSession, CompanyRegister
from cleverstore.services.shared.errors import NotFound


@dataclass(frozen=True)
class RegisterChoice:
    """One register the customer can work in (their own first)."""

    account_id: int
    name: str
    org_number: str
    own: bool


@dataclass(frozen=True)
class ActiveRegister:
    """The register a session works in, with every register its owner may switch to."""

    account_id: int
    name: str
    org_number: str
    choices: tuple[RegisterChoice, ...]

    @property
    def is_company_register(self) -> bool:
        return not self.choices or self.choices[0].account_id != self.account_id


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


def _choices(db: Session, owner: Account) -> tuple[RegisterChoice, ...]:
    registers = company_registers(db, owner.id)
    if not registers:
        return ()
    own = RegisterChoice(owner.id, owner.name, owner.org_number or "", True)
    return (own, *(RegisterChoice(a.id, a.name, a.org_number or "", False) for a in registers))


def active_register(db: Session, owner: Account, session: AuthSession) -> ActiveRegister:
    """The register this session works in; anything no longer valid falls back to the owner's own."""
    choices = _choices(db, owner)
    chosen = next((c for c in choices if c.account_id == session.active_register_id), None)
    if chosen is None:
        return ActiveRegister(owner.id, owner.name, owner.org_number or "", choices)
    return ActiveRegister(chosen.account_id, chosen.name, chosen.org_number, choices)


def switch(db: Session, owner: Account, session: AuthSession, register_id: object) -> ActiveRegister:
    """Make another of the owner's live registers the active one; NotFound (nothing changes) otherwise."""
    try:
        wanted = int(str(register_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    choice = next((c for c in _choices(db, owner) if c.account_id == wanted), None)
    if choice is None and wanted != owner.id:
        raise NotFound()
    session.active_register_id = None if wanted == owner.id else wanted
    db.add(session)
    db.flush()
    return active_register(db, owner, session)
