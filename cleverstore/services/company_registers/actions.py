"""Use cases of company_registers for administrators: each opens its own unit of work.

The admin's set-up of a SuperPro company customer's registers; every change is audited
in the same transaction (in `admin`).
"""
from __future__ import annotations

from dataclasses import dataclass

from cleverstore.db import session_scope
from cleverstore.models import Account, AccountKind
from cleverstore.services.company_registers import admin
from cleverstore.services.company_registers.admin import RegisterRow

__all__ = [
    "CompanyRegisters", "RegisterRow", "add_company_register", "archive_company_register",
    "company_registers_of", "remove_company_register", "rename_company_register", "restore_company_register",
]


@dataclass(frozen=True)
class CompanyRegisters:
    company_customer: bool  # only a company customer can have company registers
    rows: tuple[RegisterRow, ...]
    on_company_plan: bool = False  # registers can be added: a live SuperPro agreement


def company_registers_of(owner_id: str) -> CompanyRegisters:
    """The customer's company registers with object counts; an unknown customer has none.

    NotFound when the id is a company register itself (not a customer).
    """
    with session_scope() as db:
        owner = db.get(Account, int(owner_id)) if owner_id.isdigit() else None
        company = owner is not None and owner.kind == AccountKind.COMPANY.value
        rows = admin.registers_for_admin(db, owner_id) if owner is not None else []
        agreement = company and admin.on_company_plan(db, owner.id)
    return CompanyRegisters(company, tuple(rows), agreement)


def _checked(value: object) -> bool:
    return str(value or "").lower() in ("on", "true", "1")


def add_company_register(admin_id: int, owner_id: str, form: dict) -> str:
    """A new company register for a company customer on a SuperPro agreement (answers their open SuperPro
    requests); its name. ValidationFailed says why not (no agreement, an org nr already used or the operator's)."""
    with session_scope() as db:
        return admin.add_register(db, admin_id, owner_id, form).name


def rename_company_register(admin_id: int, form: dict) -> str:
    """New name and organisation number for the register `form["register_id"]`; the new name."""
    with session_scope() as db:
        return admin.rename_register(db, admin_id, str(form.get("register_id") or "")[:20], form).name


def archive_company_register(admin_id: int, register_id: str) -> None:
    """Hidden from the customer's switcher; the data is kept."""
    with session_scope() as db:
        admin.set_archived(db, admin_id, register_id, True)


def restore_company_register(admin_id: int, register_id: str) -> None:
    with session_scope() as db:
        admin.set_archived(db, admin_id, register_id, False)


def remove_company_register(admin_id: int, form: dict) -> int:
    """Erase the register `form["register_id"]`; one holding objects needs the `confirm` box ticked.
    Returns the number of objects erased."""
    with session_scope() as db:
        return admin.remove_register(db, admin_id, str(form.get("register_id") or "")[:20],
                                     _checked(form.get("confirm")))
