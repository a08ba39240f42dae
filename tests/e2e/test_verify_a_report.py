"""An insurer checks a customer's report on /verify, without an account: the report as issued is
confirmed, one changed byte is not, and the typed id and hash give the same answers."""
import hashlib
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e import page_checks
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import add_object, sign_up, unique_email
from tests.helpers.images import jpeg_with_gps


def _upload(page, name: str, data: bytes) -> None:
    page.get_by_label("Välj PDF").set_input_files(files=[{"name": name, "mimeType": "application/pdf",
                                                          "buffer": data}])


def test_an_insurer_verifies_a_downloaded_report(new_page, app_server, artifacts, tmp_path):
    customer = new_page()
    sign_up(customer, app_server.base_url, name="Karin Kontroll", email=unique_email("karin"))
    add_object(customer, app_server.base_url, name="Cykel Crescent", location="Förråd", price="8 490")
    customer.get_by_label("Ta eller välj foto").set_input_files(
        files=[{"name": "cykel.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}])
    expect(customer.get_by_role("img", name="cykel.jpg")).to_be_visible()
    customer.get_by_role("link", name="Rapporter").click()
    with customer.expect_download() as download_info:
        customer.get_by_role("button", name="Skapa registerrapport").click()
    expect(customer.get_by_role("status")).to_contain_text("Rapporten är klar.")
    pdf_path = tmp_path / "report.pdf"
    download_info.value.save_as(pdf_path)
    report = pdf_path.read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert hashlib.sha256(jpeg_with_gps()).hexdigest() in text and "cykel.jpg" in text  # the appendix
    report_id = re.search(r"Rapport-id (R-[0-9A-F]{10})", text).group(1)

    insurer = new_page(PHONE)  # no account, another browser
    insurer.goto(app_server.url("/verify"))
    expect(insurer.get_by_role("heading", name="Kontrollera en rapport", level=1)).to_be_visible()
    _upload(insurer, "report.pdf", report)
    status = insurer.locator("#verify-pdf-progress")  # the file's row, as seen (the status says it aloud)
    expect(status).to_contain_text("Utfärdad av CleverStore den ")
    expect(status).to_contain_text("för ett register med 1 föremål.")
    expect(insurer.get_by_text("Karin")).to_have_count(0)
    insurer.screenshot(path=artifacts / "verify-issued-375.png", full_page=True)
    assert page_checks.overflow(insurer) == [] and page_checks.small_targets(insurer) == []
    assert page_checks.broken_words(insurer) == []

    changed = bytearray(report)
    changed[len(changed) // 2] ^= 0x01
    _upload(insurer, "report-changed.pdf", bytes(changed))
    expect(status).to_contain_text("inte utfärdad av oss")
    expect(status).not_to_contain_text("Utfärdad av CleverStore")
    expect(insurer.locator("#verify-pdf-status")).to_contain_text("inte utfärdad av oss")

    desk = new_page(DESKTOP)
    desk.goto(app_server.url("/verify"))
    desk.get_by_label("Rapport-id").fill(report_id.lower())
    desk.get_by_label("SHA-256 för PDF-filen").fill(hashlib.sha256(report).hexdigest())
    desk.get_by_role("button", name="Kontrollera").click()
    answer = desk.locator("#verify-typed-answer")
    expect(answer).to_contain_text("Utfärdad av CleverStore den ")
    desk.get_by_label("SHA-256 för PDF-filen").fill(hashlib.sha256(bytes(changed)).hexdigest())
    desk.get_by_role("button", name="Kontrollera").click()
    expect(answer).to_contain_text("inte utfärdad av oss")
    desk.get_by_label("Rapport-id").fill("hittepå")
    desk.get_by_role("button", name="Kontrollera").click()
    expect(desk.get_by_text("Skriv rapport-id som det står i rapporten")).to_be_visible()
    desk.screenshot(path=artifacts / "verify-typed-1280.png", full_page=True)
