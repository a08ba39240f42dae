"""A customer prints the register report and a label sheet in the browser and downloads them."""
import io
import re
import subprocess
import zipfile

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.helpers import add_object, sign_up, unique_email
from tests.helpers.images import jpeg_with_gps, tiny_pdf


def test_register_report_and_labels(new_page, app_server, artifacts, tmp_path):
    page = new_page()
    sign_up(page, app_server.base_url, name="Gustav Rapport", email=unique_email("gustav"), plan="Plus")  # labels: Plus
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


def test_insurance_claim_pack_from_ticked_objects(new_page, app_server, artifacts, tmp_path):
    """After a burglary: tick the stolen objects, describe the event, download the zip for the insurer."""
    page = new_page()
    # the claim pack is a Plus feature
    sign_up(page, app_server.base_url, name="Ingrid Inbrott", email=unique_email("ingrid"), plan="Plus")
    add_object(page, app_server.base_url, name="Cykel Crescent", location="Förråd", price="8 490")
    page.get_by_label("Ta eller välj foto").set_input_files(
        files=[{"name": "cykel.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}])
    expect(page.get_by_role("img", name="cykel.jpg")).to_be_visible()
    page.get_by_label("Typ av dokument").select_option(label="Kvitto")
    page.get_by_label("Lägg till dokument").set_input_files(
        files=[{"name": "kvitto-cykel.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}])
    expect(page.locator(".file-card")).to_have_count(2)
    add_object(page, app_server.base_url, name="Tv Sony Bravia", location="Vardagsrum", price="12 990")
    add_object(page, app_server.base_url, name="Soffa Kivik", location="Vardagsrum", price="7 995")

    page.goto(app_server.url("/register"))
    for name in ("Cykel Crescent", "Tv Sony Bravia"):
        box = page.get_by_label(f"Välj {name}")
        box.click()  # the tick comes back from the server, so wait for it rather than check()
        expect(box).to_be_checked()
    expect(page.locator(".selected-count")).to_contain_text("2")
    page.get_by_role("link", name="Rapporter").click()
    claim = page.locator("form", has=page.get_by_role("button", name="Skapa skadeanmälan"))
    expect(claim).to_contain_text("Valda föremål: 2")

    # a missing date is explained and nothing typed is lost
    claim.get_by_label("Händelse", exact=True).select_option(label="Inbrott")
    claim.get_by_label("Polisens diarienummer").fill("5000-K123456-26")
    claim.get_by_role("button", name="Skapa skadeanmälan").click()
    expect(claim.get_by_label("Datum för händelsen")).to_have_attribute("aria-invalid", "true")
    expect(claim.get_by_label("Polisens diarienummer")).to_have_value("5000-K123456-26")

    claim.get_by_label("Datum för händelsen").fill("2026-11-28")
    with page.expect_download() as download_info:
        claim.get_by_role("button", name="Skapa skadeanmälan").click()
    expect(page.get_by_role("status")).to_contain_text("klar")
    zip_path = tmp_path / "claim.zip"
    download_info.value.save_as(zip_path)

    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        pdf_names = [name for name in names if name.endswith(".pdf") and "/" not in name]
        assert len(pdf_names) == 1
        reader = PdfReader(io.BytesIO(archive.read(pdf_names[0])))
        text = "\n".join(p.extract_text() for p in reader.pages)
        files = [name for name in names if "/" in name]
        assert len(files) == 2 and all("Cykel Crescent" in name for name in files)
        assert archive.read(next(n for n in files if n.endswith(".pdf"))).startswith(b"%PDF")
    assert "Cykel Crescent" in text and "Tv Sony Bravia" in text and "Soffa Kivik" not in text
    assert "5000-K123456-26" in text and "Inbrott" in text and "2026-11-28" in text
    assert "Ingrid Inbrott" in text
    (tmp_path / "claim.pdf").write_bytes(zipfile.ZipFile(zip_path).read(pdf_names[0]))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(tmp_path / "claim.pdf"),
                    str(artifacts / "claim-pack")], check=True)
