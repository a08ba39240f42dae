"""Admin set-up of SuperPro company registers: add, rename, archive, restore, remove.

Company registers come with a plan that includes them (SuperPro, by written agreement): a register is
added only for a company customer whose live subscription is on such a plan. An organisation number
is used once per customer, the customer's own included (the switcher names each register by name and
org nr, so no two entries read alike), and never the operator's own. Every change is audited. The
admin sees names, organisation numbers and object counts, never the objects. Removing a register that
holds objects needs an explicit confirmation, because its objects, files and reports go with it.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from cleverstore.config import OPERATOR_ORG_NUMBER
from cleverstore.models import (
    Account,
    AccountKind,
    BillingAccount,
    CompanyRegister,
    Item,
    Plan,
    SuperProRequest,
)
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import registers as company_registers
from cleverstore.services.privacy import erasure
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.validation import (
    FieldError,
    clean_org_number,
    clean_text,
)

MAX_REGISTERS = 500
COMPANIES_FEATURE = "plan.feature.companies"  # the plan's feature key that says it includes company registers
# Subscriptions that have ended or never started carry no agreement (as billing's rules.LIVE_STATUSES;
# this package may not import billing, so it reads the stored row itself)
_NO_AGREEMENT = frozenset({"none", "canceled", "incomplete", "incomplete_expired"})
REGISTER_EMAIL_DOMAIN = "registers.invalid"  # RFC 2606: never deliverable
UNUSABLE_PASSWORD = "!company-register-never-logs-in"  # not a bcrypt hash: no password ever matches


@dataclass(frozen=True)
class RegisterRow:
    """What the admin list shows of one company register."""

    register_id: int
    name: str
    org_number: str
    objects: int
    archived: bool


def _owner(db: Session, owner_id: object) -> Account:
    try:
        owner = db.get(Account, int(str(owner_id)))
    except (TypeError, ValueError):
        owner = None
    if owner is None or owner.kind == AccountKind.REGISTER.value:
        raise NotFound()
    return owner


def _link(db: Session, register_id: object) -> tuple[CompanyRegister, Account]:
    try:
        wanted = int(str(register_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    link = db.exec(select(CompanyRegister).where(CompanyRegister.register_account_id == wanted)).first()
    register = db.get(Account, wanted) if link else None
    if link is None or register is None:
        raise NotFound()
    return link, register


def _clean_company(db: Session, owner: Account, form: dict, *, except_id: int | None = None) -> tuple[str, str]:
    errors: dict[str, str] = {}
    name = org_number = ""
    try:
        name = clean_text(form.get("company_name"), max_length=200, required=True)
    except FieldError as exc:
        errors["company_name"] = exc.key
    try:
        org_number = clean_org_number(form.get("org_number"))
    except FieldError as exc:
        errors["org_number"] = exc.key
    if org_number and "org_number" not in errors:
        taken = {a.org_number for a in company_registers.company_registers(db, owner.id, include_archived=True)
                 if a.id != except_id}
        if org_number == OPERATOR_ORG_NUMBER:
            errors["org_number"] = "error.register_org_operator"
        elif org_number == owner.org_number:
            errors["org_number"] = "error.register_org_owner"
        elif org_number in taken:
            errors["org_number"] = "error.register_org_taken"
    if errors:
        raise ValidationFailed(errors)
    return name, org_number


def on_company_plan(db: Session, owner_id: int) -> bool:
    """Whether the customer's subscription is live on a plan that includes company registers (SuperPro)."""
    found = db.exec(select(BillingAccount.status, Plan.feature_keys)
                    .join(Plan, Plan.code == BillingAccount.plan_code)
                    .where(BillingAccount.account_id == owner_id, BillingAccount.subscription_id.is_not(None))).first()
    return found is not None and found[0] not in _NO_AGREEMENT and COMPANIES_FEATURE in found[1].split(",")


def registers_for_admin(db: Session, owner_id: object) -> list[RegisterRow]:
    owner = _owner(db, owner_id)
    links = company_registers.links_of(db, owner.id)
    ids = [account.id for _link, account in links]
    counts = dict(db.exec(select(Item.account_id, func.count(Item.id)).where(Item.account_id.in_(ids))
                          .group_by(Item.account_id)).all()) if ids else {}
    return [RegisterRow(account.id, account.name, account.org_number or "", int(counts.get(account.id, 0)),
                        link.archived_at is not None) for link, account in links]


def add_register(db: Session, admin_id: int, owner_id: object, form: dict) -> Account:
    """A new company register for a company customer on a SuperPro agreement; answers their open SuperPro requests."""
    owner = _owner(db, owner_id)
    if owner.kind != AccountKind.COMPANY.value:
        raise ValidationFailed({"company_name": "error.register_company_only"})
    if not on_company_plan(db, owner.id):
        raise ValidationFailed({"company_name": "error.register_needs_superpro"})
    name, org_number = _clean_company(db, owner, form)
    if len(company_registers.links_of(db, owner.id)) >= MAX_REGISTERS:
        raise ValidationFailed({"company_name": "error.register_too_many"})
    register = Account(
        kind=AccountKind.REGISTER.value, name=name, org_number=org_number,
        email=f"register-{secrets.token_hex(12)}@{REGISTER_EMAIL_DOMAIN}", password_hash=UNUSABLE_PASSWORD,
        phone=owner.phone, street=owner.street, postal_code=owner.postal_code, city=owner.city,
        language=owner.language, terms_version=owner.terms_version, terms_accepted_at=owner.terms_accepted_at,
    )
    db.add(register)
    db.flush()
    db.add(CompanyRegister(account_id=owner.id, register_account_id=register.id))
    audit.record(db, admin_id, "company_register_added", "account", owner.id, f"{register.id}: {name} {org_number}")
    activity.record(db, owner.id, "company_register_added", name)
    _answer_requests(db, admin_id, owner.id)
    db.flush()
    return register


def _answer_requests(db: Session, admin_id: int, owner_id: int) -> None:
    """Setting up a register is the answer to the customer's open SuperPro requests."""
    for request in db.exec(select(SuperProRequest).where(SuperProRequest.account_id == owner_id,
                                                         SuperProRequest.handled_at.is_(None))).all():
        request.handled_at = utcnow()
        db.add(request)
        audit.record(db, admin_id, "superpro_handled", "account", owner_id, "company register added")


def rename_register(db: Session, admin_id: int, register_id: object, form: dict) -> Account:
    link, register = _link(db, register_id)
    owner = _owner(db, link.account_id)
    old = register.name
    register.name, register.org_number = _clean_company(db, owner, form, except_id=register.id)
    register.updated_at = utcnow()
    db.add(register)
    audit.record(db, admin_id, "company_register_renamed", "account", owner.id,
                 f"{register.id}: {old} → {register.name} {register.org_number}")
    db.flush()
    return register


def set_archived(db: Session, admin_id: int, register_id: object, archived: bool) -> Account:
    """Archive (hidden from the customer's switcher, data kept) or bring back a company register."""
    link, register = _link(db, register_id)
    link.archived_at = (link.archived_at or utcnow()) if archived else None
    db.add(link)
    audit.record(db, admin_id, "company_register_archived" if archived else "company_register_restored",
                 "account", link.account_id, f"{register.id}: {register.name}")
    db.flush()
    return register


def remove_register(db: Session, admin_id: int, register_id: object, confirmed: bool) -> int:
    """Erase a company register; one holding objects needs `confirmed`. Returns the number of objects erased."""
    link, register = _link(db, register_id)
    objects = db.exec(select(func.count(Item.id)).where(Item.account_id == register.id)).one()
    if objects and not confirmed:
        raise ValidationFailed({"confirm": "error.register_has_objects"})
    owner_id, name = link.account_id, register.name
    audit.record(db, admin_id, "company_register_removed", "account", owner_id,
                 f"{register.id}: {name} ({objects} objects erased)")
    activity.record(db, owner_id, "company_register_removed", name)
    erasure.erase_company_register(db, register.id)
    return int(objects)
