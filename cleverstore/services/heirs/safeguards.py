"""What protects a living owner from a false heir claim.

The owner is told by e-mail the moment a claim naming them arrives, with a single-use link that
stops it in one click (no login: a person whose password an attacker knows must still be able to
object). Access opens no earlier than the waiting period after that mail — death claims too — and
only after the second admin's approval. The claim's evidence (ID documents, certificates) is
deleted a while after the decision.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.models import (
    Account,
    ClaimantSession,
    ClaimDocument,
    HeirClaim,
    LegacyContact,
)
from cleverstore.models.base import utcnow
from cleverstore.services.shared import activity, notices, sensitive_files
from cleverstore.services.shared.tokens import new_token, token_hash, use_once

OBJECTION_LINK = "objection"  # ClaimantSession.kind of the owner's e-mailed stop link
# Statuses the owner's objection stops: undecided, approved and waiting, or open already (the owner
# is evidently alive, so the claimant's access ends too).
STOPPABLE = ("submitted", "proposed", "waiting", "approved")


def waiting_period() -> timedelta:
    return timedelta(days=get_settings().heir_waiting_days)


def tell_owner(db: Session, claim: HeirClaim, owner: Account) -> None:
    """Mail the owner now: who claims, why, the earliest access date, and the one-click stop link.
    The waiting period starts with this mail."""
    claim.objection_until = utcnow() + waiting_period()
    db.add(claim)
    token = new_token()
    db.add(ClaimantSession(claim_id=claim.id, account_id=owner.id, token_hash=token_hash(token),
                           expires_at=utcnow() + timedelta(days=400), kind=OBJECTION_LINK))
    notices.send(db, owner, "claim_filed", claimant=claim.claimant_name, claimant_email=claim.claimant_email,
                 date=claim.objection_until.date().isoformat(),
                 link=notices.link(f"/heir/object?token={token}"), privacy=notices.link("/privacy"))
    activity.record(db, owner.id, "heir_claim_submitted", claim.reference)


def is_named_contact(db: Session, claim: HeirClaim) -> bool:
    """Whether the claimant's address is one of the heir contacts the owner named."""
    return db.exec(select(LegacyContact.id).where(LegacyContact.account_id == claim.account_id,
                                                  LegacyContact.email == claim.claimant_email)).first() is not None


def stop(db: Session, claim: HeirClaim) -> None:
    """The owner objected: the claim ends, any access with it, and the claimant is told."""
    claim.status, claim.decided_at = "objected", utcnow()
    claim.access_until = None
    db.add(claim)
    db.execute(update(ClaimantSession).where(ClaimantSession.claim_id == claim.id,
                                             ClaimantSession.kind != OBJECTION_LINK)
               .values(expires_at=utcnow()))
    notices.send_to_address(db, claim.claimant_email, "claim_rejected", reference=claim.reference)
    activity.record(db, claim.account_id, "heir_claim_objected", claim.reference)


def object_by_link(db: Session, token: str) -> str | None:
    """The owner's e-mailed stop link, used once; the claim's reference, or None for a used, expired or
    forged link, or a claim that is over already."""
    if not token or len(token) > 100:
        return None
    claim_id = use_once(db, ClaimantSession, token, ClaimantSession.claim_id, ClaimantSession.kind == OBJECTION_LINK)
    if claim_id is None:
        return None
    claim = db.get(HeirClaim, claim_id)
    if claim is None or claim.status not in STOPPABLE:
        return None
    stop(db, claim)
    return claim.reference


def purge_evidence(db: Session) -> int:
    """Scheduled: the documents of claims decided longer ago than the setting are deleted (rows and files)."""
    cutoff = utcnow() - timedelta(days=get_settings().heir_evidence_days)
    decided = db.exec(select(HeirClaim).where(HeirClaim.decided_at.is_not(None), HeirClaim.decided_at <= cutoff)
                      .where(HeirClaim.id.in_(select(ClaimDocument.claim_id)))).all()
    for claim in decided:
        stored = list(db.exec(select(ClaimDocument.stored_name).where(ClaimDocument.claim_id == claim.id)).all())
        db.execute(delete(ClaimDocument).where(ClaimDocument.claim_id == claim.id))
        sensitive_files.delete_claim_documents(claim.account_id, claim.id, stored)
    return len(decided)
