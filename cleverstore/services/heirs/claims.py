"""Heir access: heir contacts, claims with documents, two-admin decision, read-only claimant access.

Flow: a claimant (spouse, heir, guardian) submits a claim naming the owner's
e-mail address, with an ID document and a death certificate / estate inventory
(death) or a guardianship decision or power of attorney (illness). One admin
proposes approval, a second admin approves. The owner is told by e-mail the
moment the claim arrives and may stop it in one click (`safeguards`); access
opens no earlier than the waiting period after that mail — death claims too —
and only after the approval; the scheduled job opens it. The claimant then gets an e-mailed link to a separate,
read-only login; every view is written to the owner's activity log.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from cleverstore.models import (
    Account,
    AdminUser,
    ClaimantSession,
    ClaimDocument,
    HeirClaim,
    LegacyContact,
)
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import throttle
from cleverstore.services.heirs import safeguards
from cleverstore.services.shared import activity, audit, notices, sensitive_files
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.tokens import new_token, token_hash
from cleverstore.services.shared.validation import FieldError, clean_email, clean_text

MAX_CONTACTS = 3
ACCESS_DAYS = 365
INVITE_DAYS = 7
SESSION_HOURS = 12
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
CLAIMS_PER_NETWORK = 5  # per address prefix in the throttling window
DOCUMENT_KINDS = ("id", "death_certificate", "estate_inventory", "guardianship")
_PROOF_FOR = {"death": {"death_certificate", "estate_inventory"}, "illness": {"guardianship"}}
# A claim the owner may still stop: not decided yet, or approved for illness and inside the objection period.
OBJECTION_STATUSES = ("submitted", "proposed", "waiting")
_MAGIC = ((b"%PDF-", ".pdf"), (b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"))


# --- heir contacts (named by the owner) -------------------------------------------------------

def contacts(db: Session, account_id: int) -> list[LegacyContact]:
    return list(db.exec(select(LegacyContact).where(LegacyContact.account_id == account_id)
                        .order_by(LegacyContact.id)).all())


def add_contact(db: Session, account_id: int, form: dict) -> LegacyContact:
    errors: dict[str, str] = {}
    try:
        name = clean_text(form.get("contact_name"), max_length=200, required=True)
    except FieldError as exc:
        errors["contact_name"], name = exc.key, ""
    try:
        email = clean_email(form.get("contact_email"))
    except FieldError as exc:
        errors["contact_email"], email = exc.key, ""
    try:
        relation = clean_text(form.get("contact_relation"), max_length=100)
    except FieldError as exc:
        errors["contact_relation"], relation = exc.key, ""
    if len(contacts(db, account_id)) >= MAX_CONTACTS:
        errors["contact_name"] = "error.legacy_too_many"
    if errors:
        raise ValidationFailed(errors)
    contact = LegacyContact(account_id=account_id, name=name, email=email, relation=relation)
    db.add(contact)
    db.flush()
    activity.record(db, account_id, "legacy_contact_added", name)
    return contact


def remove_contact(db: Session, account_id: int, contact_id: int) -> None:
    contact = db.exec(select(LegacyContact).where(LegacyContact.id == contact_id,
                                                  LegacyContact.account_id == account_id)).first()
    if contact is None:
        raise NotFound()
    db.delete(contact)
    activity.record(db, account_id, "legacy_contact_removed", contact.name)


# --- claims -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Document:
    kind: str
    filename: str
    data: bytes


def document_kind(field: str, reason: str) -> str:
    """The kind of a document uploaded in the claim form's `doc_id` or proof field: the proof is a
    guardianship decision for illness, else a death certificate."""
    if field == "doc_id":
        return "id"
    return "guardianship" if reason == "illness" else "death_certificate"


def _extension(data: bytes) -> str | None:
    return next((ext for magic, ext in _MAGIC if data.startswith(magic)), None)


def _check_claim(form: dict, documents: list[Document]) -> tuple[dict[str, str], dict[str, str]]:
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for field, clean, kwargs in (("claimant_name", clean_text, {"max_length": 200, "required": True}),
                                 ("claimant_email", clean_email, {}), ("owner_email", clean_email, {}),
                                 ("message", clean_text, {"max_length": 2000, "multiline": True})):
        try:
            cleaned[field] = clean(form.get(field), **kwargs)
        except FieldError as exc:
            errors[field] = exc.key
    reason = str(form.get("reason") or "")
    if reason not in _PROOF_FOR:
        errors["reason"] = "error.claim_reason"
    cleaned["reason"] = reason
    kinds = {d.kind for d in documents}
    for doc in documents:
        if doc.kind not in DOCUMENT_KINDS or len(doc.data) > MAX_DOCUMENT_BYTES or _extension(doc.data) is None:
            errors["documents"] = "error.claim_document_type"
    if "id" not in kinds:
        errors.setdefault("documents", "error.claim_needs_id")
    elif reason in _PROOF_FOR and not (kinds & _PROOF_FOR[reason]):
        errors.setdefault("documents", "error.claim_needs_proof")
    return cleaned, errors


def submit_claim(db: Session, form: dict, documents: list[Document], address_prefix: str = "") -> str:
    """Store the claim and its documents; returns a reference. An unknown owner gives the same answer."""
    cleaned, errors = _check_claim(form, documents)
    if not errors and throttle.too_many(db, "heir-claim", address_prefix, CLAIMS_PER_NETWORK):
        errors["documents"] = "error.claim_throttled"
    if errors:
        raise ValidationFailed(errors)
    throttle.note(db, "heir-claim", address_prefix)
    reference = "A" + secrets.token_hex(5).upper()
    notices.send_to_address(db, cleaned["claimant_email"], "claim_received", reference=reference)
    owner = accounts.find_by_email(db, cleaned["owner_email"])
    if owner is None:
        return reference
    claim = HeirClaim(account_id=owner.id, reference=reference, claimant_name=cleaned["claimant_name"],
                      claimant_email=cleaned["claimant_email"], reason=cleaned["reason"], message=cleaned["message"])
    db.add(claim)
    db.flush()
    for doc in documents:
        stored = secrets.token_hex(16) + _extension(doc.data)
        sensitive_files.put_document(owner.id, claim.id, stored, doc.data)  # the shared store: any node reads it
        db.add(ClaimDocument(claim_id=claim.id, account_id=owner.id, kind=doc.kind,
                             filename=clean_text(str(doc.filename)[:200], max_length=200) or "dokument", stored_name=stored,
                             size=len(doc.data)))
    safeguards.tell_owner(db, claim, owner)
    return reference


def open_document(db: Session, admin_id: int, document_id: int) -> tuple[str, bytes]:
    """An heir reviewer opening a claim document (logged on the owner's account); other admins may not.
    Its stored name and bytes; NotFound when the row or the file is gone."""
    admin = db.get(AdminUser, admin_id)
    if admin is None or not admin.heir_reviewer:
        raise PermissionError("heir reviewer required")
    doc = db.get(ClaimDocument, document_id)
    if doc is None:
        raise NotFound()
    data = sensitive_files.read_document(doc.account_id, doc.claim_id, doc.stored_name)
    if data is None:
        raise NotFound()
    activity.record(db, doc.account_id, "heir_document_viewed", doc.kind)
    return doc.stored_name, data


# --- admin decisions (two people) ---------------------------------------------------------------

def _require_admin(db: Session, admin_id: int) -> None:
    """Decisions are taken by administrators (the admin page's accounts), never by customers."""
    if db.get(AdminUser, admin_id) is None:
        raise PermissionError("admin role required")


def _claim(db: Session, claim_id: int, status: str) -> HeirClaim:
    claim = db.get(HeirClaim, claim_id)
    if claim is None:
        raise NotFound()
    if claim.status != status:
        raise ValidationFailed({"claim": "error.claim_wrong_state"})
    return claim


def open_claims(db: Session, admin_id: int) -> list[HeirClaim]:
    _require_admin(db, admin_id)
    return list(db.exec(select(HeirClaim).where(HeirClaim.status.in_(("submitted", "proposed")))
                        .order_by(HeirClaim.id)).all())


def propose(db: Session, admin_id: int, claim_id: int, note: str = "") -> HeirClaim:
    """First admin: documents checked, approval proposed."""
    _require_admin(db, admin_id)
    claim = _claim(db, claim_id, "submitted")
    claim.status, claim.proposed_by, claim.proposed_at = "proposed", admin_id, utcnow()
    claim.decided_note = note[:500]
    db.add(claim)
    activity.record(db, claim.account_id, "heir_claim_proposed", claim.reference)
    audit.record(db, admin_id, "heir_claim_proposed", "heir_claim", claim.id, note)
    return claim


def approve(db: Session, admin_id: int, claim_id: int) -> HeirClaim:
    """Second admin (never the proposer). Access opens when the waiting period since the owner was told
    has passed (now, if it has); until then the owner may still stop the claim."""
    _require_admin(db, admin_id)
    claim = _claim(db, claim_id, "proposed")
    if claim.proposed_by == admin_id:
        raise ValidationFailed({"claim": "error.claim_same_admin"})
    claim.approved_by, claim.approved_at = admin_id, utcnow()
    claim.decided_at = utcnow()
    owner = db.get(Account, claim.account_id)
    if claim.objection_until is None:  # a claim from before the owner was told at once
        claim.objection_until = utcnow() + safeguards.waiting_period()
    claim.status = "waiting"
    if claim.reason == "illness":
        notices.send(db, owner, "claim_objection", claimant=claim.claimant_name,
                     date=claim.objection_until.date().isoformat(), link=notices.link("/privacy"))
    if claim.objection_until <= utcnow():
        _grant(db, claim)
    db.add(claim)
    activity.record(db, claim.account_id, "heir_claim_approved", claim.reference)
    audit.record(db, admin_id, "heir_claim_approved", "heir_claim", claim.id)
    return claim


def reject(db: Session, admin_id: int, claim_id: int, note: str = "") -> HeirClaim:
    _require_admin(db, admin_id)
    claim = db.get(HeirClaim, claim_id)
    if claim is None or claim.status not in ("submitted", "proposed", "waiting"):
        raise NotFound()
    claim.status, claim.decided_note, claim.decided_at = "rejected", note[:500], utcnow()
    db.add(claim)
    notices.send_to_address(db, claim.claimant_email, "claim_rejected", reference=claim.reference)
    activity.record(db, claim.account_id, "heir_claim_rejected", claim.reference)
    audit.record(db, admin_id, "heir_claim_rejected", "heir_claim", claim.id, note)
    return claim


def objection_allowed(status: str) -> bool:
    """Whether the owner may still object to a claim in this status."""
    return status in OBJECTION_STATUSES


def object_to_claim(db: Session, account_id: int, claim_id: int) -> None:
    """The owner stops a claim before access opens (in the app; the e-mailed link does the same)."""
    claim = db.exec(select(HeirClaim).where(HeirClaim.id == claim_id, HeirClaim.account_id == account_id,
                                            HeirClaim.status.in_(OBJECTION_STATUSES))).first()
    if claim is None:
        raise NotFound()
    safeguards.stop(db, claim)


def claims_about(db: Session, account_id: int) -> list[HeirClaim]:
    return list(db.exec(select(HeirClaim).where(HeirClaim.account_id == account_id)
                        .order_by(HeirClaim.id.desc())).all())


def _grant(db: Session, claim: HeirClaim) -> str:
    claim.status = "approved"
    claim.access_until = utcnow() + timedelta(days=ACCESS_DAYS)
    token = new_token()
    db.add(ClaimantSession(claim_id=claim.id, account_id=claim.account_id, token_hash=token_hash(token),
                           expires_at=utcnow() + timedelta(days=INVITE_DAYS), kind="invite"))
    notices.send_to_address(db, claim.claimant_email, "claim_approved", reference=claim.reference,
                            link=notices.link(f"/heir/access?token={token}"))
    return token


def purge_evidence(db: Session) -> int:
    """Scheduled: the evidence of claims decided longer ago than the setting is deleted."""
    return safeguards.purge_evidence(db)


def open_waiting(db: Session) -> int:
    """Scheduled: illness claims whose objection period passed without objection get access."""
    waiting = db.exec(select(HeirClaim).where(HeirClaim.status == "waiting",
                                              HeirClaim.objection_until <= utcnow())).all()
    for claim in waiting:
        _grant(db, claim)
        db.add(claim)
    return len(waiting)


# --- the claimant's read-only access ------------------------------------------------------------

def redeem_invite(db: Session, token: str) -> str | None:
    """Swap the e-mailed single-use link for a claimant session token (cookie)."""
    if not token or len(token) > 100:
        return None
    now = utcnow()
    row = db.execute(
        update(ClaimantSession)
        .where(ClaimantSession.token_hash == token_hash(token), ClaimantSession.kind == "invite",
               ClaimantSession.used_at.is_(None), ClaimantSession.expires_at > now)
        .values(used_at=now)
        .returning(ClaimantSession.claim_id, ClaimantSession.account_id)
    ).first()
    if row is None:
        return None
    session_token = new_token()
    db.add(ClaimantSession(claim_id=row[0], account_id=row[1], token_hash=token_hash(session_token),
                           expires_at=now + timedelta(hours=SESSION_HOURS), kind="session"))
    db.flush()
    return session_token


def claimant_access(db: Session, session_token: str, view: str) -> tuple[HeirClaim, Account] | None:
    """The claim and the owner's account for a live claimant session; logs the view on the owner's account."""
    if not session_token or len(session_token) > 100:
        return None
    now = utcnow()
    session = db.exec(select(ClaimantSession).where(ClaimantSession.token_hash == token_hash(session_token),
                                                    ClaimantSession.kind == "session",
                                                    ClaimantSession.expires_at > now)).first()
    if session is None:
        return None
    claim = db.get(HeirClaim, session.claim_id)
    if claim is None or claim.status != "approved" or claim.access_until is None or claim.access_until <= now:
        return None
    activity.record(db, claim.account_id, "heir_view", f"{claim.claimant_name}: {view}"[:500])
    return claim, db.get(Account, claim.account_id)


def open_claims_count(account_id: int):
    """Claims about this owner that can still be stopped, as a column expression (read on every event: the
    owner is shown a notice until they end)."""
    return (select(func.count(HeirClaim.id))
            .where(HeirClaim.account_id == account_id, HeirClaim.status.in_(OBJECTION_STATUSES))
            .scalar_subquery())

