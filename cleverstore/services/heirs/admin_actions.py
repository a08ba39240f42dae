"""Use cases of heirs for administrators: each opens its own unit of work.

Heir claims are decided by two different administrators: one proposes, another approves.
The claim documents are sensitive: only an admin with the heir-reviewer permission opens them,
and every view is logged.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Account, ClaimDocument
from cleverstore.services.heirs import claims, safeguards
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import NotFound

__all__ = [
    "ClaimDocumentRow", "OpenHeirClaim", "OpenHeirClaims", "approve_heir_claim", "claim_document_for_admin",
    "open_heir_claims", "propose_heir_claim", "reject_heir_claim",
]


@dataclass(frozen=True)
class OpenHeirClaim:
    id: int
    reference: str
    owner_name: str
    owner_number: str | None
    claimant_name: str
    claimant_email: str
    reason: str
    status: str
    message: str
    created_at: datetime
    proposed_by: int | None
    named_contact: bool  # the claimant's address is one of the owner's named heir contacts
    proposal_note: str  # the first admin's note (empty before the proposal)
    opens_at: datetime | None  # the earliest access: the waiting period after the owner was told


@dataclass(frozen=True)
class ClaimDocumentRow:
    claim_id: int
    id: int
    kind: str
    filename: str


@dataclass(frozen=True)
class OpenHeirClaims:
    claims: tuple[OpenHeirClaim, ...]
    documents: tuple[ClaimDocumentRow, ...]


def open_heir_claims(admin_id: int) -> OpenHeirClaims:
    """The claims waiting for a decision (submitted or proposed) and their documents."""
    with session_scope() as db:
        waiting = claims.open_claims(db, admin_id)
        owners = {a.id: a for a in db.exec(select(Account).where(Account.id.in_([c.account_id for c in waiting])))}
        rows = tuple(OpenHeirClaim(c.id, c.reference, owners[c.account_id].name, owners[c.account_id].customer_number,
                                   c.claimant_name, c.claimant_email, c.reason, c.status, c.message, c.created_at,
                                   c.proposed_by, safeguards.is_named_contact(db, c),
                                   c.decided_note if c.status == "proposed" else "", c.objection_until)
                     for c in waiting)
        documents = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id.in_([c.id for c in waiting]))).all()
        shown = tuple(ClaimDocumentRow(d.claim_id, d.id, d.kind, d.filename) for d in documents)
    return OpenHeirClaims(rows, shown)


def _claim_id(claim_id: object) -> int:
    try:
        return int(str(claim_id))
    except ValueError:
        raise NotFound() from None


def propose_heir_claim(admin_id: int, claim_id: object, note: str = "") -> None:
    """First admin: documents checked, approval proposed. NotFound for an unknown or malformed id."""
    wanted = _claim_id(claim_id)
    with session_scope() as db:
        claims.propose(db, admin_id, wanted, note[:500])


def approve_heir_claim(admin_id: int, claim_id: object) -> None:
    """Second admin (never the proposer): ValidationFailed when the same admin tries."""
    wanted = _claim_id(claim_id)
    with session_scope() as db:
        claims.approve(db, admin_id, wanted)


def reject_heir_claim(admin_id: int, claim_id: object, note: str = "") -> None:
    wanted = _claim_id(claim_id)
    with session_scope() as db:
        claims.reject(db, admin_id, wanted, note[:500])


def claim_document_for_admin(admin_id: int, document_id: object) -> tuple[str, bytes] | None:
    """A claim document's stored name and bytes, for a signed-in heir reviewer; the view is written to the owner's
    activity log and the audit log. None for an unknown document or an admin without the permission
    (the refusal is audited)."""
    try:
        wanted = int(str(document_id))
    except ValueError:
        return None
    with session_scope() as db:
        try:
            found = claims.open_document(db, admin_id, wanted)
        except NotFound:
            return None
        except PermissionError:
            audit.record(db, admin_id, "heir_document_refused", "claim_document", wanted)
            return None
        audit.record(db, admin_id, "heir_document_viewed", "claim_document", wanted)
        return found
