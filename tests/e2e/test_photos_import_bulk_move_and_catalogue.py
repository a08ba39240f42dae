"""The register in depth, as a customer uses it: photos and receipts, import, bulk move, dashboard."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

from playwright.sync_api import expect

from cleverstore.services.shared.money import format_ore
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import add_object, sign_up, unique_email
from tests.helpers.images import gps_of, jpeg_with_gps, tiny_pdf


def _import_file() -> bytes:
    """200 rows: 50 waiting in the storage room to be moved, 150 already in the cellar."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["name", "category", "location", "quantity", "purchase_price", "purchase_date"])
    for number in range(200):
        moving = number < 50
        writer.writerow([f"Låda {number:03d}", "Flytt" if moving else "Kök", "Förråd" if moving else "Huset › Källare",
                         1 + number % 3, f"{100 + number},50", "2024-01-15"])
    return ("\ufeff" + out.getvalue()).encode()


def _money(text: str) -> int:
    return int(Decimal(text.replace(",", ".") or "0") * 100)


def test_photos_receipts_import_bulk_move_and_dashboard(new_page, app_server, artifacts):
    page = new_page()
    sign_up(page, app_server.base_url, name="Greta Galleri", email=unique_email("greta"))
    add_object(page, app_server.base_url, name="Kamera Leica", category="Foto", location="Huset › Kontor",
               price="12 500")

    # the photo button opens the camera on a phone
    photo_input = page.get_by_label("Ta eller välj foto")
    expect(photo_input).to_have_attribute("capture", "environment")
    expect(photo_input).to_have_attribute("accept", "image/*")
    photo_input.set_input_files(files=[{"name": "semester.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}])
    expect(page.get_by_role("img", name="semester.jpg")).to_be_visible()
    expect(page.get_by_text("Huvudbild")).to_be_visible()

    page.get_by_label("Typ av dokument").select_option(label="Kvitto")
    document_input = page.get_by_label("Lägg till dokument")
    document_input.set_input_files(files=[{"name": "kvitto.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}])
    expect(page.get_by_text("kvitto.pdf", exact=False).first).to_be_visible()
    expect(page.locator(".file-card")).to_have_count(2)

    # a file that is not allowed: a clear message, the page and its files stay as they were
    document_input.set_input_files(files=[{"name": "virus.exe", "mimeType": "application/octet-stream",
                                           "buffer": b"MZ\x90\x00 not a document"}])
    expect(page.locator("#upload-status")).to_contain_text("Filtypen stöds inte")  # the upload's own status line
    expect(page.locator(".file-card")).to_have_count(2)
    expect(page.get_by_role("heading", name="Ändringshistorik")).to_be_visible()
    expect(page.get_by_role("cell", name="kvitto.pdf")).to_be_visible()
    page.screenshot(path=artifacts / "object-gallery-desktop.png", full_page=True)

    # download the photo: the GPS position is gone
    photo_card = page.locator(".file-card").filter(has=page.get_by_role("img", name="semester.jpg"))
    photo_url = photo_card.get_by_role("link", name="Ladda ner").get_attribute("href")
    with page.expect_download() as download_info:
        photo_card.get_by_role("link", name="Ladda ner").click()
    downloaded = download_info.value.path().read_bytes()
    assert downloaded[:2] == b"\xff\xd8" and gps_of(downloaded) == {}
    object_url = page.url

    # another customer gets a 404 for the same file URL, and cannot open the object
    other = new_page()
    sign_up(other, app_server.base_url, name="Olle Obehörig", email=unique_email("olle"))
    for variant in ("view", "thumb", "download"):
        response = other.request.get(app_server.base_url + photo_url.replace("/download", f"/{variant}"))
        assert response.status == 404 and response.headers["cache-control"] == "no-store"
    other.goto(object_url)
    expect(other.get_by_role("heading", name="Föremålet finns inte")).to_be_visible()

    # the list shows the thumbnail
    page.goto(app_server.url("/register"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Kamera Leica"))
    thumb_src = row.locator("img.thumb").get_attribute("src")
    thumb = page.request.get(app_server.base_url + thumb_src)
    assert thumb.status == 200 and thumb.headers["content-type"] == "image/jpeg", (thumb.status, thumb.text()[:200])
    expect(row.locator("img.thumb")).to_be_visible()
    assert row.locator("img.thumb").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    # import 200 rows from a CSV file: preview first, then all of them
    page.goto(app_server.url("/import"))
    page.get_by_label("Välj CSV-fil").set_input_files(files=[{"name": "flytt.csv", "mimeType": "text/csv",
                                                              "buffer": _import_file()}])
    expect(page.get_by_text(re.compile(r"Format: CleverStore · 200 rader"))).to_be_visible()
    expect(page.locator("#import-preview-note")).to_contain_text("10 av 200")  # it says it shows a part
    page.screenshot(path=artifacts / "import-preview-desktop.png", full_page=True)
    page.get_by_role("button", name=re.compile(r"Importera alla rader")).click()
    expect(page.get_by_text("200 föremål har importerats.")).to_be_visible(timeout=60_000)

    # bulk-move the 50 objects in the storage room to the cellar
    page.goto(app_server.url("/register"))
    page.get_by_label("Kategori", exact=True).select_option(label="Flytt")
    expect(page.locator("nav.pager")).to_contain_text("50 föremål")
    page.get_by_role("button", name=re.compile("Välj alla som matchar")).click()
    expect(page.get_by_text("50 valda")).to_be_visible()
    page.get_by_label("Flytta till plats").select_option(label="Huset › Källare")
    page.get_by_role("button", name="Flytta valda").click()
    expect(page.get_by_text("50 föremål har flyttats.")).to_be_visible()
    page.screenshot(path=artifacts / "register-bulk-desktop.png", full_page=True)
    page.get_by_label("Kategori", exact=True).select_option("")
    page.get_by_label("Plats", exact=True).select_option(label="Förråd")
    expect(page.get_by_text("Inga föremål matchar sökningen.")).to_be_visible()
    page.get_by_label("Plats", exact=True).select_option(label="Huset")
    expect(page.locator("nav.pager")).to_contain_text("201 föremål")  # the cellar is in the house, so is the office

    # the dashboard's totals are the sums of the exported rows
    export = page.request.get(app_server.url("/register/export.csv"))
    assert export.status == 200 and export.body().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(export.body().decode("utf-8-sig"))))  # Swedish headers: sv customer
    assert len(rows) == 201
    purchase = sum(_money(r["Inköpspris"]) * int(r["Antal"]) for r in rows)
    estimated = sum(_money(r["Uppskattat värde"]) * int(r["Antal"]) for r in rows)
    page.goto(app_server.url("/dashboard"))
    totals = page.get_by_label("Summering")
    expect(totals.locator("dd").nth(0)).to_have_text("201")
    expect(totals.locator("dd").nth(1)).to_have_text(format_ore(purchase, "sv"))
    expect(totals.locator("dd").nth(3)).to_have_text(format_ore(estimated, "sv"))
    expect(page.get_by_role("link", name=re.compile("Föremål utan kvitto"))).to_contain_text("200")
    expect(page.locator("#chart-category")).to_contain_text("Kök")
    page.screenshot(path=artifacts / "dashboard-desktop.png", full_page=True)

    phone = new_page(PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(object_url)
    expect(phone.get_by_role("img", name="semester.jpg")).to_be_visible()
    phone.screenshot(path=artifacts / "object-gallery-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.goto(app_server.url("/register"))
    expect(phone.get_by_role("link", name="Kamera Leica")).to_be_visible()
    phone.screenshot(path=artifacts / "register-phone-depth.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_categories_places_and_own_fields_are_the_customers_to_shape(new_page, app_server, artifacts):
    page = new_page()
    sign_up(page, app_server.base_url, name="Cecilia Katalog", email=unique_email("cecilia"))
    add_object(page, app_server.base_url, name="Symaskin", category="Hushåll", location="Villan",
               price="4 000", purchase_date=(date.today() - timedelta(days=365)).isoformat())
    expect(page.get_by_text("4 000,00 kr").first).to_be_visible()
    object_url = page.url

    page.goto(app_server.url("/catalogue"))
    page.get_by_label("Ny plats").fill("Syrum")
    page.get_by_label("Ligger i").select_option(label="Villan")
    page.get_by_role("button", name="Lägg till").nth(1).click()
    expect(page.get_by_text("Sparat.")).to_be_visible()
    expect(page.get_by_text("Syrum", exact=True)).to_be_visible()
    # a place cannot be moved inside itself: a clear message, nothing changes
    page.locator(".location-row").filter(has_text="Villan").first.get_by_label("Flytta till").select_option(
        label="Villan › Syrum")
    expect(page.get_by_role("alert")).to_contain_text("En plats kan inte ligga i sig själv")
    # a useful life for the category: the object's estimated value follows
    category_row = page.locator("li").filter(has=page.get_by_role("textbox", name="Kategorins namn"))
    category_row.get_by_label("Livslängd (år)").fill("4")
    category_row.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Sparat.")).to_be_visible()
    page.get_by_label("Nytt fält").fill("Färg")
    page.get_by_label("Sorts fält").select_option(label="Text")
    page.get_by_role("button", name="Lägg till").nth(2).click()
    expect(page.get_by_text("Färg (Text)")).to_be_visible()
    page.screenshot(path=artifacts / "catalogue-desktop.png", full_page=True)

    page.goto(object_url)
    expect(page.get_by_text("4 år")).to_be_visible()
    expect(page.locator(".details")).to_contain_text("3 000,00 kr")  # a year of four: three quarters left
    page.get_by_role("link", name="Ändra").click()
    page.get_by_label("Färg").fill("Grön")
    page.get_by_label("Plats", exact=True).fill("Villan › Syrum")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".details")).to_contain_text("Grön")
    expect(page.get_by_role("cell", name="Villan › Syrum")).to_be_visible()  # in the change history
