"""Report files and heir-claim documents live in the file store every app node shares (the data
directory's store or the S3 bucket), not on the disk of the node that made them."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.models import ClaimDocument, HeirClaim
from cleverstore.models.base import utcnow
from cleverstore.services.heirs import claim_document_for_admin, claims
from cleverstore.services.operations import jobs
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.reports import report_download, runner
from cleverstore.services.shared import NotFound, sensitive_files
from cleverstore.storage.files import get_store
from tests.helpers.factories import make_account, make_admin, make_item

PDF = b"%PDF-1.4\n% intyg\n"
pytestmark = pytest.mark.usefixtures("file_store_backend")


def _disk_files(folder: str) -> list:
    root = get_settings().data_dir / folder
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _claim(db, owner) -> HeirClaim:
    claims.submit_claim(db, {"owner_email": owner.email, "claimant_name": "Karin Arvinge",
                             "claimant_email": "karin@example.se", "reason": "death"},
                        [claims.Document("id", "id.pdf", PDF), claims.Document("death_certificate", "d.pdf", PDF)])
    return db.exec(select(HeirClaim).where(HeirClaim.account_id == owner.id)).one()


def _reviewer(db):
    reviewer, _ = make_admin(db)
    reviewer.heir_reviewer = True
    db.add(reviewer)
    return reviewer


def test_a_finished_report_is_in_the_store_for_its_owner_only_and_purged(db):
    owner, other = make_account(db), make_account(db)
    make_item(db, owner, name="Cykel")
    db.commit()
    job = runner.register_report(owner.id, ItemQuery(), "sv")
    name = report_jobs.store_name(job)
    assert name.startswith("reports/") and get_store().get(name).startswith(b"%PDF")
    assert not report_jobs.partial_path(job).exists()  # nothing of it left on this node's disk
    assert not (report_jobs.reports_dir() / job.stored_name).exists()
    assert report_download([owner.id], job.public_id).data == get_store().get(name)
    with pytest.raises(NotFound):
        report_download([other.id], job.public_id)
    assert report_jobs.purge_expired(db, now=utcnow() + timedelta(hours=25)) == 1
    assert get_store().get(name) is None


def test_a_report_file_written_before_the_store_goes_with_the_purge(db):
    owner = make_account(db)
    db.commit()
    job = runner.register_report(owner.id, ItemQuery(), "sv")
    kept_on_disk = report_jobs.reports_dir() / job.stored_name
    kept_on_disk.write_bytes(b"%PDF-1.4 from before")
    report_jobs.purge_expired(db, now=utcnow() + timedelta(hours=25))
    assert not kept_on_disk.exists()


def test_heir_documents_are_opened_from_the_store_by_a_reviewer_and_purged(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    reviewer = _reviewer(db)
    documents = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).all()
    names = [sensitive_files.document_name(owner.id, claim.id, d.stored_name) for d in documents]
    assert [get_store().get(name) for name in names] == [PDF, PDF]
    assert _disk_files("sensitive") == []
    db.commit()
    assert claim_document_for_admin(reviewer.id, documents[0].id) == (documents[0].stored_name, PDF)
    claim = db.get(HeirClaim, claim.id)
    claim.decided_at = utcnow() - timedelta(days=get_settings().heir_evidence_days + 1)
    db.add(claim)
    assert jobs.run_all(db)["claim_evidence_purged"] == 1
    assert [get_store().get(name) for name in names] == [None, None]


def test_a_document_kept_on_disk_before_the_store_is_still_opened_and_then_purged(db):
    owner = make_account(db)
    claim = _claim(db, owner)
    reviewer = _reviewer(db)
    document = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).first()
    get_store().delete(sensitive_files.document_name(owner.id, claim.id, document.stored_name))
    folder = sensitive_files.sensitive_dir(owner.id) / "claims" / str(claim.id)
    folder.mkdir(parents=True)
    (folder / document.stored_name).write_bytes(b"%PDF-1.4 kept on disk")
    db.commit()
    assert claim_document_for_admin(reviewer.id, document.id) == (document.stored_name, b"%PDF-1.4 kept on disk")
    claim = db.get(HeirClaim, claim.id)
    claim.decided_at = utcnow() - timedelta(days=get_settings().heir_evidence_days + 1)
    db.add(claim)
    jobs.run_all(db)
    assert not folder.exists()
