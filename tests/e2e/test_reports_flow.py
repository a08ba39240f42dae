"""A customer prints the register report and a label sheet in the browser and downloads them."""
import re
import subprocess

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.helpers import add_object, sign_up, unique_email


def test_register_report_and_labels(new_page, app_server, artifacts, tmp_path):
    page = new_page()
    sign_up(page, app_server.base_url, name="Gustav Rapport", email=unique_email("gustav"))
    add_object(page, app_server.base_url, name="Soffa Kivik", location="Vardagsrum", price="7 995", value="4 000")
    add_object(page, app_server.base_url, name="Borrmaskin <Bosch> & co", location="Garage", price="1 299")
    page.get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", name="Rapporter", level=1)).to_be_visible()
    page.get_by_label("Plats").first.select_option("")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Skapa registerrapport").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten är klar.")
    pdf_path = tmp_path / "report.pdf"
    download_info.value.save_as(pdf_path)
    reader = PdfReader(str(pdf_path))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Gustav Rapport" in text and "Borrmaskin <Bosch> & co" in text and "Soffa Kivik" in text
    assert f"sida 1 av {len(reader.pages)}" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf_path),
                    str(artifacts / "register-report")], check=True)
    expect(page.get_by_role("link", name=re.compile("Registerrapport"))).to_be_visible()
    page.screenshot(path=artifacts / "reports-page.png", full_page=True)

    with page.expect_download() as labels_info:
        page.get_by_label("Etikettark").select_option("2x7")
        page.get_by_role("button", name="Skapa etiketter").click()
    labels_path = tmp_path / "labels.pdf"
    labels_info.value.save_as(labels_path)
    assert "Soffa Kivik" in PdfReader(str(labels_path)).pages[0].extract_text()

    # the download link is private: another customer gets 404 for the same address
    link = page.get_by_role("link", name=re.compile("Registerrapport")).first.get_attribute("href")
    other = new_page()
    sign_up(other, app_server.base_url, name="Hanna Annan", email=unique_email("hanna"))
    response = other.request.get(app_server.url(link))
    assert response.status == 404
    assert page.request.get(app_server.url(link)).status == 200
