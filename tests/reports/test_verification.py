"""Reports that can be believed: every file's fingerprint in the appendix, every issued PDF checkable."""
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlmodel import select

from cleverstore.models import ItemFile, ReportVerification
from cleverstore.services.privacy import erasure
from cleverstore.services.register import files
from cleverstore.services.register.images import capture_date, clean_upload
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import claim_pack, jobs, runner, verification, verify_actions
from cleverstore.services.reports import verify_report_file, verify_report_typed
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_item
from tests.helpers.reports import report_file

FIXED = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
RECEIPT = b"%PDF-1.4\n% kvitto fran butiken\n"
EXIF_IFD, DATE_TIME_ORIGINAL = 0x8769, 0x9003


def photo(colour=(200, 30, 30), taken: str | None = "2024:05:17 14:03:09") -> bytes:
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = taken
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture()
def household(db):
    owner, other = make_account(db, name="Anna Andersson"), make_account(db)
    tv = make_item(db, owner, name="Tv", purchase_price="12 000")
    ring = make_item(db, owner, name="Ring", purchase_price="8 000")
    sent = {"tv.jpg": photo(), "kvitto.pdf": RECEIPT, "ring.jpg": photo((250, 220, 0), taken=None)}
    files.attach(db, owner.id, tv.id, "photo", sent["tv.jpg"], "tv.jpg")
    files.attach(db, owner.id, tv.id, "receipt", sent["kvitto.pdf"], "kvitto.pdf")
    files.attach(db, owner.id, ring.id, "photo", sent["ring.jpg"], "ring.jpg")
    make_item(db, other, name="Grannens cykel")
    db.commit()
    return owner, tv, ring, sent


def test_a_stored_file_keeps_the_hash_of_what_was_sent_its_arrival_and_capture_date(db, household):
    owner, tv, ring, sent = household
    rows = {f.original_name: f for f in db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).all()}
    for name, data in sent.items():
        assert rows[name].sha256 == verification.sha256_of(data)
        assert rows[name].received_at is not None
    assert files.get_store().get(rows["tv.jpg"].stored_name) != sent["tv.jpg"]  # re-encoded, metadata gone
    assert rows["tv.jpg"].captured_on == "2024-05-17 14:03:09"
    assert rows["ring.jpg"].captured_on is None and rows["kvitto.pdf"].captured_on is None


def test_a_capture_date_that_is_blank_or_impossible_is_no_date():
    assert clean_upload(photo(taken="0000:00:00 00:00:00"), allow_pdf=False).captured_on is None
    assert clean_upload(photo(taken="2024:13:45 99:00:00"), allow_pdf=False).captured_on is None
    with Image.open(io.BytesIO(photo(taken="2023:01:02 03:04:05"))) as image:
        assert capture_date(image) == "2023-01-02 03:04:05"


def test_the_register_report_appendix_lists_every_file_with_its_hash_and_is_verified(db, household):
    owner, tv, ring, sent = household
    job = runner.register_report(owner.id, ItemQuery(), "sv", report_id="R-0A1B2C3D4E", created=FIXED,
                                 deterministic=True)
    pdf = report_file(job).read_bytes()
    text = _text(pdf)
    assert "Bilaga: foton och kvitton" in text
    for name, data in sent.items():
        assert name in text and verification.sha256_of(data) in text
    assert "Fotograferad 2024-05-17 14:03" in text and "Fotograferad okänt (ingen uppgift i fotot)" in text
    assert "Grannens" not in text
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert job.pages == pages and f"sida {pages} av {pages}" in text

    verdict = verify_report_file(pdf, "198.51.100.7")
    assert verdict.issued and verdict.object_count == 2 and verdict.issued_on == date(2026, 12, 6)
    assert verdict.words("sv") == "Utfärdad av CleverStore den 2026-12-06 för ett register med 2 föremål."
    assert verdict.words("en") == "Issued by CleverStore on 2026-12-06 for a register of 2 objects."
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    forged = verify_report_file(bytes(changed), "198.51.100.7")
    assert not forged.issued and "inte utfärdad av oss" in forged.words("sv")
    assert "not issued by us" in forged.words("en")

    digest = verification.sha256_of(pdf)
    assert verify_report_typed(" r-0a1b2c3d4e ", digest.upper(), "198.51.100.7").issued
    assert not verify_report_typed("R-0A1B2C3D4F", digest, "198.51.100.7").issued
    assert not verify_report_typed("R-0A1B2C3D4E", "0" * 64, "198.51.100.7").issued


def test_files_stored_before_fingerprints_say_unknown(db, household):
    owner, tv, ring, sent = household
    for row in db.exec(select(ItemFile).where(ItemFile.account_id == owner.id)).all():
        row.sha256, row.received_at, row.captured_on = None, None, None
        db.add(row)
    db.commit()
    job = runner.register_report(owner.id, ItemQuery(), "en", created=FIXED, deterministic=True)
    text = _text(report_file(job).read_bytes())
    assert text.count("unknown (stored before we recorded it)") >= 3 and "tv.jpg" in text


def test_the_claim_pack_pdf_has_the_appendix_and_is_verified(db, household):
    owner, tv, ring, sent = household
    event = claim_pack.ClaimEvent(kind="burglary", event_date=date(2026, 12, 1))
    job = runner.claim_pack(owner.id, [tv.id], event, "en", created=FIXED, deterministic=True)
    pdf = verification.claim_pdf(report_file(job).read_bytes())
    text = _text(pdf)
    assert "Appendix: photos and receipts" in text
    assert verification.sha256_of(sent["tv.jpg"]) in text and verification.sha256_of(RECEIPT) in text
    assert "ring.jpg" not in text  # only the claimed objects' files
    verdict = verify_report_file(pdf, "198.51.100.7")
    assert verdict.issued and verdict.object_count == 1
    assert not verify_report_file(report_file(job).read_bytes(), "198.51.100.7").issued  # the zip is not the PDF


def test_verification_rows_survive_the_purge_and_the_erasure_and_hold_nothing_personal(db, household):
    owner, tv, ring, sent = household
    job = runner.register_report(owner.id, ItemQuery(), "sv", created=FIXED, deterministic=True)
    pdf = report_file(job).read_bytes()
    assert jobs.purge_expired(db, now=datetime.now(timezone.utc) + timedelta(days=2)) >= 1
    erasure.erase_account(db, owner.id, notify=False)
    db.commit()
    assert verify_report_file(pdf, "198.51.100.7").issued
    row = db.exec(select(ReportVerification).where(ReportVerification.report_id == job.public_id)).one()
    assert set(ReportVerification.model_fields) == {"id", "report_id", "sha256", "kind", "issued_on", "object_count"}
    assert row.object_count == 2 and "Anna" not in repr(row)


def test_checks_are_throttled_per_network(db, monkeypatch):
    monkeypatch.setattr(verify_actions, "CHECKS_PER_NETWORK", 3)
    for _ in range(3):
        assert not verify_report_file(b"%PDF-1.4 fake", "203.0.113.9").issued
    with pytest.raises(ValidationFailed) as refused:
        verify_report_file(b"%PDF-1.4 fake", "203.0.113.10")  # the same /24
    assert refused.value.errors == {"verify": "check_report.too_many"}
    with pytest.raises(ValidationFailed):
        verify_report_typed("R-0A1B2C3D4E", "a" * 64, "203.0.113.200")
    assert not verify_report_file(b"%PDF-1.4 fake", "192.0.2.1").issued  # another network is not held back


def test_bad_input_is_refused_without_being_counted(db, monkeypatch):
    monkeypatch.setattr(verify_actions, "CHECKS_PER_NETWORK", 1)
    with pytest.raises(ValidationFailed) as refused:
        verify_report_typed("hello", "abc", "203.0.113.9")
    assert refused.value.errors == {"report_id": "check_report.bad_report_id", "sha256": "check_report.bad_hash"}
    with pytest.raises(ValidationFailed) as empty:
        verify_report_file(b"", "203.0.113.9")
    assert empty.value.errors == {"file": "check_report.empty"}
    with pytest.raises(ValidationFailed) as big:
        verify_report_file(b"x" * (verification.MAX_REPORT_BYTES + 1), "203.0.113.9")
    assert big.value.errors == {"file": "check_report.too_big"}
    assert not verify_report_file(b"%PDF-1.4 fake", "203.0.113.9").issued  # the one allowed check is still there


def test_a_report_id_never_vouches_for_two_files(db):
    verification.record_issued(db, "R-AAAAAAAAAA", "register", "a" * 64, date(2026, 12, 6), 3)
    assert verification.record_issued(db, "R-AAAAAAAAAA", "register", "a" * 64, date(2026, 12, 6), 3)
    with pytest.raises(ValueError):
        verification.record_issued(db, "R-AAAAAAAAAA", "register", "b" * 64, date(2026, 12, 6), 3)
