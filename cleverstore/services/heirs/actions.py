"""Use cases of heirs for customers and claimants: each opens its own unit of work.

The owner's heir contacts and the claims about them run in the owner's `tenant_scope`, except
an objection, which also writes the mail to the claimant (a message without a customer's id,
which the tenant role may not write). A claimant is no customer: the claim form, the e-mailed
link and the read-only views are unscoped, and the claimant's token names the owner.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from cleverstore.db import session_scope, tenant_scope
from cleverstore.services.accounts import sessions
from cleverstore.services.heirs import claims, report, safeguards
from cleverstore.services.heirs.claims import (
    MAX_DOCUMENT_BYTES,
    OBJECTION_STATUSES,
    Document,
    document_kind,
)
from cleverstore.services.register.items import ItemQuery, list_items
from cleverstore.services.shared.errors import NotFound

__all__ = [
    "HEIR_SESSION_MAX_AGE", "MAX_DOCUMENT_BYTES", "OBJECTION_STATUSES", "ClaimAbout", "Document",
    "HeirRegisterPage", "HeirRegisterRow", "LegacyContactInfo", "HeirOverview", "add_heir_contact",
    "document_kind", "heir_register_page", "heir_register_report", "heir_overview", "object_by_emailed_link",
    "object_to_heir_claim",
    "redeem_heir_link", "remove_heir_contact", "submit_heir_claim",
]

HEIR_SESSION_MAX_AGE = claims.SESSION_HOURS * 3600  # seconds the claimant's cookie lives


def _id(value: object) -> int:
    """An id from the page; NotFound for anything that is not one."""
    try:
        return int(str(value)[:12])
    except ValueError:
        raise NotFound() from None


# --- the owner's page -----------------------------------------------------------------------------

@dataclass(frozen=True)
class LegacyContactInfo:
    id: int
    name: str
    email: str
    relation: str


@dataclass(frozen=True)
class ClaimAbout:
    """A claim someone made about the owner."""

    id: int
    reference: str
    claimant_name: str
    reason: str
    status: str
    can_object: bool


@dataclass(frozen=True)
class HeirOverview:
    contacts: list[LegacyContactInfo]
    claims: list[ClaimAbout]


def heir_overview(account_id: int) -> HeirOverview:
    """The owner's named contacts and the claims about them, newest claim first."""
    with tenant_scope(account_id) as db:
        return HeirOverview(
            [LegacyContactInfo(c.id, c.name, c.email, c.relation) for c in claims.contacts(db, account_id)],
            [ClaimAbout(c.id, c.reference, c.claimant_name, c.reason, c.status, claims.objection_allowed(c.status))
             for c in claims.claims_about(db, account_id)],
        )


def add_heir_contact(account_id: int, form: dict) -> None:
    """Name a contact (at most three); ValidationFailed lists the refused fields."""
    fields = {k: str(v)[:400] for k, v in dict(form).items()}
    with tenant_scope(account_id) as db:
        claims.add_contact(db, account_id, fields)


def remove_heir_contact(account_id: int, contact_id: int | str) -> None:
    """NotFound for a contact that is not the owner's (or no id at all)."""
    with tenant_scope(account_id) as db:
        claims.remove_contact(db, account_id, _id(contact_id))


def object_to_heir_claim(account_id: int, claim_id: int | str) -> None:
    """The owner stops a claim about them; NotFound when it is not theirs or no longer open to objection.
    Unscoped: the mail to the claimant has no customer id, which the tenant role may not write; the
    query is filtered on the owner."""
    number = _id(claim_id)
    with session_scope() as db:
        claims.object_to_claim(db, account_id, number)


def object_by_emailed_link(token: str) -> str | None:
    """The one-click stop link in the owner's e-mail (single use, no login needed): the claim ends, and
    any access it gave. The claim's reference, or None for a used, expired or forged link or a claim
    that is over. Unscoped: the token names the claim."""
    with session_scope() as db:
        return safeguards.object_by_link(db, str(token)[:100])


# --- the claimant ---------------------------------------------------------------------------------

def submit_heir_claim(form: dict, documents: list[Document], client_address: str) -> str:
    """Store a claim with its documents; the reference, the same whether the owner exists or not.
    ValidationFailed lists the refused fields (throttled per network)."""
    with session_scope() as db:
        return claims.submit_claim(db, form, documents, sessions.ip_prefix(client_address))


def redeem_heir_link(token: str) -> str | None:
    """The e-mailed single-use link becomes the claimant's session token; None for a dead link."""
    with session_scope() as db:
        return claims.redeem_invite(db, token)


@dataclass(frozen=True)
class HeirRegisterRow:
    name: str
    category: str
    location: str
    serial_number: str
    purchase_price_ore: int | None


@dataclass(frozen=True)
class HeirRegisterPage:
    owner_name: str
    claimant_name: str
    rows: list[HeirRegisterRow]
    page: int
    pages: int


def heir_register_page(session_token: str, page_number: int) -> HeirRegisterPage | None:
    """One page of the owner's objects for a live claimant session (the view is logged on the
    owner's account); None without access."""
    with session_scope() as db:
        found = claims.claimant_access(db, session_token, f"register page {page_number}")
        if found is None:
            return None
        claim, owner = found
        result = list_items(db, owner.id, ItemQuery.from_untrusted(page=page_number))
        rows = [HeirRegisterRow(v.item.name, v.category, v.location, v.item.serial_number, v.item.purchase_price_ore)
                for v in result.rows]
        return HeirRegisterPage(owner.name, claim.claimant_name, rows, result.page, result.pages)


def heir_register_report(session_token: str, lang: str) -> tuple[bytes, str] | None:
    """The owner's register report (PDF) for a live claimant session, and its file name; logged.
    None (nothing written, nothing logged) without access."""
    out = io.BytesIO()
    with session_scope() as db:
        name = report.print_register(db, session_token, lang, out)
    return None if name is None else (out.getvalue(), name)
