"""A customer shares two of three objects with the insurance company's adjuster for 7 days behind a code; the
adjuster opens the link on a phone without an account, sees exactly those two, downloads the report; the
owner sees the opening and ends the link, and the adjuster's reload is the 404."""
from __future__ import annotations

import io
import re
import subprocess

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import add_object, sign_up, unique_email


def _clipboard_once_written(page, seconds: float = 5.0) -> str:
    """The clipboard's text once the browser has written it: the button changes with the state, and the browser
    writes the clipboard a moment later."""
    text = ""
    for _ in range(int(seconds * 10)):
        text = page.evaluate("navigator.clipboard.readText()")
        if text:
            break
        page.wait_for_timeout(100)
    return text


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _pdf_text(path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_adjuster_opens_a_shared_link(new_page, app_server, artifacts):
    owner = new_page(DESKTOP)
    owner.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.base_url)
    sign_up(owner, app_server.base_url, name="Anna Andersson", email=unique_email("anna"))
    add_object(owner, app_server.base_url, name="Cykel Crescent", serial="CR-123", price="8 000")
    owner.get_by_label("Ta eller välj foto").set_input_files(
        files=[{"name": "cykel.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}])
    expect(owner.locator("figure.photo-main").get_by_role("img", name="cykel.jpg")).to_be_visible()
    add_object(owner, app_server.base_url, name="Soffa Klippan", value="3 000")
    add_object(owner, app_server.base_url, name="Hemligt smycke", serial="SM-999")

    # the register's selection: two of the three, shared from the bulk bar
    owner.goto(app_server.url("/register"))
    for name in ("Cykel Crescent", "Soffa Klippan"):
        box = owner.get_by_label(f"Välj {name}")
        box.click()
        expect(box).to_be_checked()
    expect(owner.get_by_text("2 valda")).to_be_visible()
    owner.get_by_role("link", name="Dela med handläggare").click()
    expect(owner).to_have_url(re.compile(r".*/shared-links/?\?from=register$"))
    expect(owner.get_by_role("heading", name="Delade länkar", level=1)).to_be_visible()
    expect(owner.get_by_label(re.compile("De föremål du valde i registret"))).to_be_checked()
    owner.get_by_label("Giltig antal dagar (1–30)").fill("7")
    expect(owner.get_by_label("Kräv en kod (du skickar den separat)")).to_be_checked()
    owner.get_by_role("button", name="Skapa länk").click()
    expect(owner.get_by_role("heading", name="Din nya länk")).to_be_visible()
    url = owner.get_by_label("Länkens adress").input_value()
    assert re.fullmatch(re.escape(app_server.base_url) + r"/s/[A-Za-z0-9_-]{43}", url), url
    code = owner.locator("#share-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    owner.get_by_role("button", name="Kopiera länken").click()
    expect(owner.get_by_role("button", name="Kopierad")).to_be_visible()
    assert _clipboard_once_written(owner) == url
    expect(owner.locator(".share-link")).to_contain_text("2 valda föremål")
    owner.screenshot(path=artifacts / "shared-links-made-1280.png", full_page=True)
    owner.get_by_role("button", name="Klar").click()
    expect(owner.get_by_label("Länkens adress")).to_have_count(0)  # never shown again

    # the adjuster: no account, a phone
    adjuster = new_page(PHONE)
    adjuster.goto(url)
    adjuster.get_by_label("Kod").fill("WRONG234")
    adjuster.get_by_role("button", name="Öppna").click()
    expect(adjuster.get_by_role("alert")).to_contain_text("Fel kod")
    expect(adjuster.get_by_text("Cykel Crescent")).to_have_count(0)
    adjuster.get_by_label("Kod").fill(code)
    adjuster.get_by_role("button", name="Öppna").click()
    expect(adjuster.get_by_text("Delat av Anna Andersson")).to_be_visible()
    expect(adjuster.get_by_text("Länken gäller till")).to_be_visible()
    expect(adjuster.get_by_role("heading", name="Cykel Crescent")).to_be_visible()
    expect(adjuster.get_by_role("heading", name="Soffa Klippan")).to_be_visible()
    expect(adjuster.get_by_text("Hemligt smycke")).to_have_count(0)
    expect(adjuster.get_by_text("CR-123")).to_be_visible()
    photo = adjuster.get_by_role("img", name="Foto 1 av Cykel Crescent")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()  # the photo really arrives (it loads after the page is shown)
    adjuster.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    _fits(adjuster, PHONE["width"])
    adjuster.screenshot(path=artifacts / "shared-link-adjuster-375.png", full_page=True)
    with adjuster.expect_download() as download:
        adjuster.get_by_role("link", name="Ladda ned rapporten (PDF)").click()
    report = download.value
    assert report.suggested_filename.endswith(".pdf")
    text = _pdf_text(report.path())
    assert "Cykel Crescent" in text and "Soffa Klippan" in text and "Hemligt smycke" not in text
    adjuster.set_viewport_size(DESKTOP)
    adjuster.screenshot(path=artifacts / "shared-link-adjuster-1280.png", full_page=True)

    # the owner sees the opening and the download, and ends the link
    owner.goto(app_server.url("/shared-links"))
    link = owner.locator(".share-link").first
    expect(link).to_contain_text("Aktiv")
    link.get_by_text("Öppningar och nedladdningar").click()
    expect(link.locator(".visit").filter(has_text="Öppnad")).to_have_count(1)
    expect(link.locator(".visit").filter(has_text="Laddade ned rapporten")).to_have_count(1)
    expect(link.locator(".visit").first).to_contain_text("/24")
    owner.set_viewport_size(PHONE)
    _fits(owner, PHONE["width"])
    owner.screenshot(path=artifacts / "shared-links-openings-375.png", full_page=True)
    owner.set_viewport_size(DESKTOP)
    link.get_by_role("button", name="Avsluta länken").click()
    expect(owner.get_by_text("Länken är avslutad och fungerar inte längre.")).to_be_visible()
    expect(link).to_contain_text("Avslutad")

    answer = adjuster.reload()
    assert answer.status == 404
    expect(adjuster.get_by_role("heading", name="Länken fungerar inte")).to_be_visible()
    expect(adjuster.get_by_text("Cykel Crescent")).to_have_count(0)
