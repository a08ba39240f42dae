"""A false heir claim on a living owner: the owner is told at once and stops it in one click; access
waits for the waiting period (death claims too) and the second admin; evidence is for heir reviewers
and is deleted after the decision."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import ClaimDocument, HeirClaim, OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services.heirs import (
    add_heir_contact,
    claim_document_for_admin,
    claims,
)
from cleverstore.services.heirs.admin_actions import open_heir_claims
from cleverstore.services.operations import jobs
from cleverstore.services.shared import sensitive_files
from cleverstore.storage.files import get_store
from tests.helpers.factories import make_account, make_admin

PDF = b"%PDF-1.4\n% forged\n"


def object_by_emailed_link(token: str):
    from cleverstore.services.heirs import object_by_emailed_link as stop

    return stop(token)


def _claim(db, owner, claimant_email: str = "falsk@example.se") -> HeirClaim:
    claims.submit_claim(db, {"owner_email": owner.email, "claimant_name": "Falsk Arvinge",
                             "claimant_email": claimant_email, "reason": "death"},
                        [claims.Document("id", "id.pdf", PDF), claims.Document("death_certificate", "d.pdf", PDF)])
    return db.exec(select(HeirClaim).where(HeirClaim.account_id == owner.id).order_by(HeirClaim.id.desc())).first()


def _decide(db, claim: HeirClaim) -> tuple:
    (first, _), (second, _) = make_admin(db), make_admin(db)
    claims.propose(db, first.id, claim.id, "Intyget ser äkta ut")
    claims.approve(db, second.id, claim.id)
    return first, second


def _owner_mail(db, owner) -> OutgoingMail | None:
    return db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_filed",
                                              OutgoingMail.to_address == owner.email)).first()


def test_the_owner_is_told_at_once_with_a_one_click_stop(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    mail = _owner_mail(db, owner)
    assert mail is not None and "Falsk Arvinge" in mail.body and "/heir/object?token=" in mail.body
    db.commit()
    token = mail.body.split("/heir/object?token=")[1].split()[0]
    assert object_by_emailed_link(token) == claim.reference
    db.expire_all()
    assert db.get(HeirClaim, claim.id).status == "objected"
    assert object_by_emailed_link(token) is None  # single use
    assert object_by_emailed_link("forged") is None


def test_a_death_claim_waits_fourteen_days_after_the_owner_was_told(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    _decide(db, claim)
    claim = db.get(HeirClaim, claim.id)
    assert claim.status == "waiting" and claim.access_until is None
    assert timedelta(days=13, hours=23) < claim.objection_until - utcnow() <= timedelta(days=14)
    assert db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_approved")).first() is None
    assert claims.open_waiting(db) == 0
    claim.objection_until = utcnow() - timedelta(seconds=1)
    db.add(claim)
    assert claims.open_waiting(db) == 1 and db.get(HeirClaim, claim.id).status == "approved"


def test_the_wait_never_opens_access_before_the_second_approval(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    claim.objection_until = utcnow() - timedelta(days=1)  # the waiting period is over, nobody approved
    db.add(claim)
    assert claims.open_waiting(db) == 0
    assert db.get(HeirClaim, claim.id).status == "submitted"


def test_the_stop_link_also_ends_access_already_open(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    token = _owner_mail(db, owner).body.split("/heir/object?token=")[1].split()[0]
    _decide(db, claim)
    claim.objection_until = utcnow() - timedelta(seconds=1)
    db.add(claim)
    claims.open_waiting(db)
    invite = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_approved")).one()
    session = claims.redeem_invite(db, invite.body.split("token=")[1].split()[0])
    assert claims.claimant_access(db, session, "x") is not None
    db.commit()
    assert object_by_emailed_link(token) == claim.reference
    db.expire_all()
    assert claims.claimant_access(db, session, "x") is None


def test_the_admin_screen_shows_named_contact_and_the_first_note(db):
    owner = make_account(db)
    db.commit()
    add_heir_contact(owner.id, {"contact_name": "Karin", "contact_email": "karin@example.se"})
    named = _claim(db, owner, "karin@example.se")
    stranger = _claim(db, owner, "okand@example.se")
    (first, _), (second, _) = make_admin(db), make_admin(db)
    claims.propose(db, first.id, named.id, "ID och intyg kontrollerade")
    db.commit()
    rows = {c.id: c for c in open_heir_claims(second.id).claims}
    assert rows[named.id].named_contact is True and rows[stranger.id].named_contact is False
    assert rows[named.id].proposal_note == "ID och intyg kontrollerade"
    assert rows[stranger.id].proposal_note == ""


def test_only_an_heir_reviewer_opens_the_evidence(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    (plain, _), (reviewer, _) = make_admin(db), make_admin(db)
    reviewer.heir_reviewer = True
    db.add(reviewer)
    document = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).first()
    with pytest.raises(PermissionError):
        claims.open_document(db, plain.id, document.id)
    db.commit()
    assert claim_document_for_admin(plain.id, document.id) is None
    assert claim_document_for_admin(reviewer.id, document.id) == (document.stored_name, PDF)


def test_evidence_is_deleted_ninety_days_after_the_decision_by_the_jobs(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    _decide(db, claim)
    stored = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).all()
    names = [sensitive_files.document_name(owner.id, claim.id, doc.stored_name) for doc in stored]
    assert len(names) == 2 and all(get_store().get(name) == PDF for name in names)
    jobs.run_all(db)
    assert db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).all() != []
    claim = db.get(HeirClaim, claim.id)
    claim.decided_at = utcnow() - timedelta(days=91)
    db.add(claim)
    counts = jobs.run_all(db)
    assert counts["claim_evidence_purged"] == 1
    assert db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).all() == []
    assert all(get_store().get(name) is None for name in names)
