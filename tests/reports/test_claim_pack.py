"""The insurance claim pack: a PDF of exactly the chosen objects and a zip of exactly their files."""
import asyncio
import io
import zipfile
from datetime import date, datetime, timezone

import pytest
from PIL import Image
from pypdf import PdfReader

from cleverstore.services.register import files
from cleverstore.services.reports import claim_pack, jobs, runner
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.reports import ReportsState
from tests.helpers.factories import (
    event_names,
    make_account,
    make_item,
    signed_in_token,
    state_for,
)
from tests.helpers.reports import report_file

PDF = b"%PDF-1.4\n% receipt\n"
FIXED = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
EVENT = claim_pack.ClaimEvent(kind="burglary", event_date=date(2026, 12, 1), police_report="K-123456-26",
                              description="Inbrott via altandörren <b>natten</b> till måndag.")


def _jpeg(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture()
def burgled(db):
    owner, other = make_account(db, name="Anna Andersson"), make_account(db)
    tv = make_item(db, owner, name="Tv <Sony> & co", serial_number="SN-TV-1", purchase_price="12 000",
                   replacement_value="14 000", location="Hus › Vardagsrum", description="x" * 5000)
    ring = make_item(db, owner, name="Ring i guld", purchase_price="8 000")
    sofa = make_item(db, owner, name="Soffa (inte stulen)", purchase_price="5 000")
    files.attach(db, owner.id, tv.id, "photo", _jpeg("red"), "tv-framsida.jpg")
    files.attach(db, owner.id, tv.id, "receipt", PDF, "kvitto-tv.pdf")
    files.attach(db, owner.id, ring.id, "photo", _jpeg("yellow"), "ring.jpg")
    files.attach(db, owner.id, sofa.id, "photo", _jpeg("blue"), "soffa.jpg")
    foreign = make_item(db, other, name="Grannens cykel")
    db.commit()
    return owner, tv, ring, sofa, foreign


def _pack(db, owner, ids):
    job = runner.claim_pack(owner.id, ids, EVENT, "sv", report_id="R-CLAIM1", created=FIXED,
                                   deterministic=True)
    return job, zipfile.ZipFile(report_file(job))


def test_the_zip_holds_the_pdf_and_exactly_the_chosen_objects_files(db, burgled):
    owner, tv, ring, sofa, foreign = burgled
    job, archive = _pack(db, owner, [tv.id, ring.id, foreign.id, 999_999])
    names = archive.namelist()
    pdf_names = [n for n in names if n.endswith(".pdf") and "/" not in n]
    assert pdf_names == ["Skadeanmälan-R-CLAIM1.pdf"]
    files_in_zip = sorted(n.rsplit("/", 1)[1].split("-", 2)[2] for n in names if "/" in n)
    assert files_in_zip == ["kvitto-tv.pdf", "ring.jpg", "tv-framsida.jpg"]  # nothing of the sofa or the neighbour
    receipt = next(n for n in names if n.endswith("kvitto-tv.pdf"))
    assert archive.read(receipt) == PDF
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read(pdf_names[0]))).pages)
    assert "Inbrott" in text and "K-123456-26" in text and "2026-12-01" in text and "Anna Andersson" in text
    assert "Tv <Sony> & co" in text and "Ring i guld" in text
    assert "Soffa" not in text and "Grannens cykel" not in text
    assert "SN-TV-1" in text and "Hus › Vardagsrum" in text and "kvitto-tv.pdf" in text
    body, appendix = text.split("Bilaga: foton och kvitton")
    assert "ring.jpg" not in body and "Foton (1)" in text  # photos are shown as photos, not listed as documents
    assert "ring.jpg" in appendix and "tv-framsida.jpg" in appendix  # the appendix lists every file's hash
    assert "20 000,00 kr" in text  # purchase total 12 000 + 8 000
    pages = len(PdfReader(io.BytesIO(archive.read(pdf_names[0]))).pages)
    assert f"sida {pages} av {pages}" in text and job.pages == pages


def test_only_foreign_or_missing_ids_make_no_pack(db, burgled):
    owner, tv, ring, sofa, foreign = burgled
    with pytest.raises(ValidationFailed):
        runner.claim_pack(owner.id, [foreign.id, 424242], EVENT, "sv")
    assert [job.status for job in jobs.recent_jobs(db, owner.id)] == ["failed"]


def test_the_event_is_validated():
    with pytest.raises(ValidationFailed) as failed:
        claim_pack.clean_event({"event_kind": "alien", "event_date": "2999-01-01"}, today=date(2026, 12, 6))
    assert failed.value.errors == {"event_kind": "error.choose_event_kind", "event_date": "error.date_in_future"}
    event = claim_pack.clean_event({"event_kind": "fire", "event_date": "2026-11-30", "police_report": " K-1 "})
    assert event.kind == "fire" and event.police_report == "K-1"


def test_the_reports_page_makes_the_pack_from_the_selection(db, burgled, monkeypatch):
    owner, tv, ring, sofa, foreign = burgled
    token = signed_in_token(db, owner)
    db.commit()
    reports = state_for(ReportsState, token=token, path="/reports")

    async def ticked(self):  # what the register page's selection holds for this connection
        return [tv.id, foreign.id]

    monkeypatch.setattr(ReportsState, "_selection", ticked)
    asyncio.run(reports.on_load())
    assert reports.selected_count == 2
    asyncio.run(_collect(ReportsState.make_claim_pack.fn(reports, {"event_kind": "", "event_date": ""})))
    assert set(reports.claim_errors) == {"event_kind", "event_date"}
    events = asyncio.run(_collect(ReportsState.make_claim_pack.fn(
        reports, {"event_kind": "theft", "event_date": "2026-12-01"})))
    assert event_names(events) == ["_download"]
    job = jobs.recent_jobs(db, owner.id)[0]
    assert job.kind == "claim" and job.file_name.endswith(".zip") and job.status == "done"
    archive = zipfile.ZipFile(report_file(job))
    assert not any("Grannens" in name for name in archive.namelist())


async def _collect(generator):
    return [event async for event in generator]
