"""/verify: the PDF upload route (read with a limit, throttled, nothing kept) and the typed check's state."""
import asyncio
import os

import pytest
from sqlmodel import func, select

from cleverstore.api import verify_routes
from cleverstore.models import ItemFile, ReportVerification
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import runner, verification, verify_actions
from cleverstore.state.report_check import ReportCheckState
from tests.api.conftest import UPLOAD, asgi_app, client  # noqa: F401  (the in-process app and its client)
from tests.helpers.factories import make_account, make_item, state_for
from tests.helpers.reports import report_file


@pytest.fixture()
def issued(db):
    owner = make_account(db, name="Bertil Berg")
    make_item(db, owner, name="Cykel", purchase_price="4 000")
    db.commit()
    job = runner.register_report(owner.id, ItemQuery(), "sv", deterministic=True)
    return job, report_file(job).read_bytes()


def _check(client, data, headers=None):
    return client.post("/verify/report", content=data, headers={**UPLOAD, **(headers or {})})


def _files_under(folder) -> set[str]:
    return {os.path.join(root, name) for root, _dirs, names in os.walk(folder) for name in names}


def test_an_issued_pdf_is_confirmed_and_a_changed_byte_is_not(client, db, issued, data_dir):
    job, pdf = issued
    before = _files_under(data_dir)
    answer = _check(client, pdf)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert body["issued"] is True and body["message"].startswith("Utfärdad av CleverStore den ")
    assert body["message"].endswith("för ett register med 1 föremål.")
    assert "Bertil" not in answer.text and job.public_id not in answer.text  # nothing about the customer
    changed = bytearray(pdf)
    changed[-40] ^= 0x20
    refused = _check(client, bytes(changed), {"Cookie": "cs_lang=en"})
    assert refused.status_code == 200 and refused.json()["issued"] is False
    assert "not issued by us" in refused.json()["message"]
    assert _files_under(data_dir) == before  # the sent bytes were kept nowhere
    assert db.exec(select(func.count()).select_from(ReportVerification)).one() == 1
    assert db.exec(select(func.count()).select_from(ItemFile)).one() == 0


def test_the_upload_reads_no_more_than_the_largest_report(client, monkeypatch):
    monkeypatch.setattr(verify_routes, "MAX_REPORT_BYTES", 1000)
    too_big = _check(client, b"%PDF-" + b"x" * 2000)
    assert too_big.status_code == 413 and "större än någon rapport" in too_big.json()["message"]

    def streamed():  # no Content-Length: the limit is counted while the body arrives
        for _ in range(10):
            yield b"y" * 500

    assert _check(client, streamed()).status_code == 413


def test_checks_are_throttled_per_client_address(client, monkeypatch):
    monkeypatch.setattr(verify_actions, "CHECKS_PER_NETWORK", 2)
    assert [_check(client, b"%PDF-1.4 nothing").status_code for _ in range(2)] == [200, 200]
    throttled = _check(client, b"%PDF-1.4 nothing")
    assert throttled.status_code == 429 and "Vänta en kvart" in throttled.json()["message"]


def test_a_post_from_another_site_is_refused(client):
    answer = client.post("/verify/report", content=b"%PDF-1.4", headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403


def test_the_typed_check_answers_in_one_sentence(db, issued):
    job, pdf = issued
    page = state_for(ReportCheckState, path="/verify", ip="198.51.100.20")
    asyncio.run(ReportCheckState.check.fn(page, {"report_id": job.public_id,
                                                 "sha256": verification.sha256_of(pdf)}))
    assert page.issued and page.message.startswith("Utfärdad av CleverStore den ") and page.errors == {}
    asyncio.run(ReportCheckState.check.fn(page, {"report_id": job.public_id, "sha256": "f" * 64}))
    assert not page.issued and "inte utfärdad av oss" in page.message
    asyncio.run(ReportCheckState.check.fn(page, {"report_id": "x", "sha256": "y"}))
    assert set(page.errors) == {"report_id", "sha256"} and page.message == ""
