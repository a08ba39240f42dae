"""Heir access: contacts, claims with documents, two different admins, the illness objection window, logged views."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import ActivityEvent, ClaimDocument, HeirClaim, OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services.heirs import claims
from cleverstore.services.shared import sensitive_files
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.storage.files import get_store
from tests.helpers.factories import make_account, make_admin, make_item

PDF = b"%PDF-1.4\n% id card\n"
JPEG = b"\xff\xd8\xff\xe0 certificate"


def _claim_form(owner_email: str, reason: str = "death") -> dict:
    return {"owner_email": owner_email, "claimant_name": "Karin Arvinge", "claimant_email": "karin@example.se",
            "reason": reason, "message": "Min far gick bort i oktober."}


def _documents(reason: str = "death") -> list[claims.Document]:
    proof = "death_certificate" if reason == "death" else "guardianship"
    return [claims.Document("id", "legitimation.pdf", PDF), claims.Document(proof, "intyg.jpg", JPEG)]


@pytest.fixture()
def admins(db):
    (first, _), (second, _) = make_admin(db), make_admin(db)
    first.heir_reviewer = True  # opens evidence
    db.add(first)
    return first, second


def _last_link(db, kind: str) -> str:
    mail = db.exec(select(OutgoingMail).where(OutgoingMail.kind == kind).order_by(OutgoingMail.id.desc())).first()
    return mail.body.split("token=")[1].split()[0]


def test_death_claim_needs_two_admins_then_gives_logged_read_only_access(db, admins):
    first, second = admins
    owner = make_account(db, name="Olof Ägare")
    make_item(db, owner, name="Farfars klocka")
    reference = claims.submit_claim(db, _claim_form(owner.email), _documents())
    claim = db.exec(select(HeirClaim)).one()
    assert claim.reference == reference and claim.status == "submitted"
    # documents are in the sensitive store, not in a public or customer-file directory
    stored = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).all()
    assert {d.kind for d in stored} == {"id", "death_certificate"}
    names = [sensitive_files.document_name(owner.id, claim.id, d.stored_name) for d in stored]
    assert all(name.startswith(f"sensitive/{owner.id}/claims/") for name in names)  # no customer file's name
    assert sorted(get_store().get(name) for name in names) == sorted([PDF, JPEG])  # the store every node shares
    assert claims.open_document(db, first.id, stored[0].id) == (stored[0].stored_name, get_store().get(names[0]))
    # only administrators decide
    with pytest.raises(PermissionError):
        claims.propose(db, 999_999, claim.id)
    # step 1 by one admin; the same admin cannot approve
    claims.propose(db, first.id, claim.id, "Dödsfallsintyg med släktutredning kontrollerat")
    with pytest.raises(ValidationFailed) as failed:
        claims.approve(db, first.id, claim.id)
    assert failed.value.errors == {"claim": "error.claim_same_admin"}
    assert db.get(HeirClaim, claim.id).status == "proposed"
    # step 2 by another admin; access opens once the owner's waiting period has passed
    claims.approve(db, second.id, claim.id)
    claim = db.get(HeirClaim, claim.id)
    assert claim.status == "waiting"
    claim.objection_until = utcnow() - timedelta(seconds=1)
    db.add(claim)
    assert claims.open_waiting(db) == 1
    assert db.get(HeirClaim, claim.id).status == "approved"
    invite = _last_link(db, "claim_approved")
    session_token = claims.redeem_invite(db, invite)
    assert session_token and claims.redeem_invite(db, invite) is None
    found = claims.claimant_access(db, session_token, "register page 1")
    assert found is not None and found[1].id == owner.id
    views = db.exec(select(ActivityEvent).where(ActivityEvent.account_id == owner.id,
                                                ActivityEvent.kind == "heir_view")).all()
    assert [v.detail for v in views] == ["Karin Arvinge: register page 1"]
    assert claims.claimant_access(db, "not-a-token", "x") is None


def test_illness_claim_tells_the_owner_who_may_object_within_14_days(db, admins):
    first, second = admins
    owner = make_account(db)
    claims.submit_claim(db, _claim_form(owner.email, "illness"), _documents("illness"))
    claim = db.exec(select(HeirClaim)).one()
    claims.propose(db, first.id, claim.id)
    claims.approve(db, second.id, claim.id)
    claim = db.get(HeirClaim, claim.id)
    assert claim.status == "waiting"
    assert timedelta(days=13, hours=23) < claim.objection_until - utcnow() <= timedelta(days=14)
    notice = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_objection")).one()
    assert notice.to_address == owner.email and "Karin Arvinge" in notice.body
    assert claims.open_waiting(db) == 0  # not before the 14 days
    other = make_account(db)
    with pytest.raises(NotFound):
        claims.object_to_claim(db, other.id, claim.id)
    claims.object_to_claim(db, owner.id, claim.id)
    assert db.get(HeirClaim, claim.id).status == "objected"


def test_illness_claim_opens_after_the_objection_period(db, admins):
    first, second = admins
    owner = make_account(db)
    claims.submit_claim(db, _claim_form(owner.email, "illness"), _documents("illness"))
    claim = db.exec(select(HeirClaim)).one()
    claims.propose(db, first.id, claim.id)
    claims.approve(db, second.id, claim.id)
    claim.objection_until = utcnow() - timedelta(seconds=1)
    db.add(claim)
    assert claims.open_waiting(db) == 1
    assert db.get(HeirClaim, claim.id).status == "approved"
    assert claims.redeem_invite(db, _last_link(db, "claim_approved"))


def test_a_claim_needs_id_and_proof_in_allowed_formats(db):
    owner = make_account(db)
    with pytest.raises(ValidationFailed) as failed:
        claims.submit_claim(db, _claim_form(owner.email), [claims.Document("death_certificate", "a.pdf", PDF)])
    assert failed.value.errors == {"documents": "error.claim_needs_id"}
    with pytest.raises(ValidationFailed) as failed:
        claims.submit_claim(db, _claim_form(owner.email), [claims.Document("id", "a.pdf", PDF)])
    assert failed.value.errors == {"documents": "error.claim_needs_proof"}
    with pytest.raises(ValidationFailed) as failed:
        claims.submit_claim(db, _claim_form(owner.email), [claims.Document("id", "a.exe", b"MZ\x90"),
                                                          claims.Document("death_certificate", "b.pdf", PDF)])
    assert failed.value.errors == {"documents": "error.claim_document_type"}
    assert db.exec(select(HeirClaim)).all() == []
    assert not [name for name in get_store().names_older_than(float("inf")) if name.startswith("sensitive/")]


def test_an_unknown_owner_gets_the_same_answer_and_stores_nothing(db):
    reference = claims.submit_claim(db, _claim_form("ingen@example.se"), _documents())
    assert reference.startswith("A") and len(reference) == 11
    assert db.exec(select(HeirClaim)).all() == []
    assert db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_received")).one().to_address == \
        "karin@example.se"


def test_rejected_claims_give_no_access(db, admins):
    first, _ = admins
    owner = make_account(db)
    claims.submit_claim(db, _claim_form(owner.email), _documents())
    claim = db.exec(select(HeirClaim)).one()
    claims.reject(db, first.id, claim.id, "Intyget gällde en annan person")
    assert db.get(HeirClaim, claim.id).status == "rejected"
    with pytest.raises(ValidationFailed):
        claims.propose(db, first.id, claim.id)


def test_legacy_contacts_belong_to_their_owner(db):
    anna, bo = make_account(db), make_account(db)
    contact = claims.add_contact(db, anna.id, {"contact_name": "Karin", "contact_email": "karin@example.se",
                                               "contact_relation": "dotter"})
    with pytest.raises(NotFound):
        claims.remove_contact(db, bo.id, contact.id)
    assert [c.name for c in claims.contacts(db, anna.id)] == ["Karin"]
    with pytest.raises(ValidationFailed) as failed:
        claims.add_contact(db, anna.id, {"contact_name": "", "contact_email": "inte en adress"})
    assert set(failed.value.errors) == {"contact_name", "contact_email"}
    for number in range(2):
        claims.add_contact(db, anna.id, {"contact_name": f"K{number}", "contact_email": f"k{number}@example.se"})
    with pytest.raises(ValidationFailed) as failed:
        claims.add_contact(db, anna.id, {"contact_name": "Fyra", "contact_email": "fyra@example.se"})
    assert failed.value.errors == {"contact_name": "error.legacy_too_many"}
    claims.remove_contact(db, anna.id, contact.id)
    assert len(claims.contacts(db, anna.id)) == 2


def test_claims_from_one_network_are_limited(db):
    owner = make_account(db)
    for _ in range(claims.CLAIMS_PER_NETWORK):
        claims.submit_claim(db, _claim_form(owner.email), _documents(), "192.0.2.0/24")
    with pytest.raises(ValidationFailed) as failed:
        claims.submit_claim(db, _claim_form(owner.email), _documents(), "192.0.2.0/24")
    assert failed.value.errors == {"documents": "error.claim_throttled"}
    assert claims.submit_claim(db, _claim_form(owner.email), _documents(), "198.51.100.0/24")
    assert len(db.exec(select(HeirClaim)).all()) == claims.CLAIMS_PER_NETWORK + 1
