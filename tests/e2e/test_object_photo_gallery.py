"""An object's photos as a customer looks at them, on a phone and on a computer: the main photo large, a
full-screen viewer (swipe, arrow keys, Esc, focus kept inside and given back), the main photo chosen and
used by the register list, and receipts listed with a preview of a PDF's first page."""
from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import add_object, sign_up, unique_email
from tests.helpers.images import receipt_pdf
from tests.e2e.page_checks import axe_available, axe_problems, broken_words, overflow, small_targets

COLOURS = {"röd.jpg": (200, 30, 30), "grön.jpg": (30, 150, 60), "blå.jpg": (30, 60, 200)}
RECEIPT_NAME = "kvitto-från-cykelaffären-i-göteborg-med-tre-års-garanti.pdf"


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(out, format="JPEG", quality=85)
    return out.getvalue()


def _viewer(page):
    return page.get_by_role("dialog", name="Fotovisning")


def _position(page) -> str:
    return page.locator("[data-viewer-position]").inner_text()


def _focus_comes_back_to(page, file_id: str) -> None:
    """The photo with this file id has the focus (the viewer gives it back a moment after it closes)."""
    page.wait_for_function("id => document.activeElement && document.activeElement.getAttribute('data-file-id') === id",
                           arg=file_id, timeout=5000)


def _focus_in_viewer(page) -> bool:
    return page.evaluate("document.getElementById('photo-viewer').contains(document.activeElement)")


def _swipe(cdp, from_x: float, to_x: float, y: float) -> None:
    """A finger moving across the screen, as the phone's touch screen reports it."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": from_x, "y": y}]})
    for step in range(1, 7):
        x = from_x + (to_x - from_x) * step / 6
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _fits(page, where: str) -> None:
    """No sideways scroll, no broken word; on a phone (below 700 px) every target 44 × 44 px."""
    width = page.viewport_size["width"]
    # against the window's own width: a phone widens its layout to fit what sticks out, and hides it so
    wide = page.evaluate("document.documentElement.scrollWidth")
    problems = [f"{wide} px wide"] if wide > width else []
    problems += overflow(page) + broken_words(page) + (small_targets(page) if width < 700 else [])
    assert problems == [], (where, problems)


def test_photos_open_full_screen_and_the_main_photo_leads(new_page, browser, app_server, artifacts):
    page = new_page(DESKTOP)
    sign_up(page, app_server.base_url, name="Vera Visning", email=unique_email("vera"))
    add_object(page, app_server.base_url, name="Cykel Crescent", category="Fordon")
    object_url = page.url

    page.get_by_label("Ta eller välj foto").set_input_files(files=[
        {"name": name, "mimeType": "image/jpeg", "buffer": _jpeg(colour)} for name, colour in COLOURS.items()])
    main = page.locator("figure.photo-main")
    expect(main.get_by_role("img", name="röd.jpg")).to_be_visible()
    expect(main.get_by_text("Huvudbild", exact=True)).to_be_visible()
    expect(page.locator(".photo-tile")).to_have_count(2)
    # the main photo sits in its box at full width before and after it has loaded: nothing jumps
    box = main.locator("img").bounding_box()
    assert abs(box["width"] / box["height"] - 4 / 3) < 0.02, box

    # receipts: a real PDF gets a drawing of its first page, a broken one still uploads with the type icon
    page.get_by_label("Typ av dokument").select_option(label="Kvitto")
    documents = page.get_by_label("Lägg till dokument")
    documents.set_input_files(files=[{"name": RECEIPT_NAME, "mimeType": "application/pdf", "buffer": receipt_pdf()}])
    receipt = page.locator(".doc-row").filter(has=page.get_by_role("link", name=re.compile("kvitto-från")))
    expect(receipt.locator("img.doc-preview-image")).to_be_visible()
    # decode() waits until the picture has arrived and fails if it cannot be drawn (it loads lazily: in view)
    receipt.locator("img.doc-preview-image").scroll_into_view_if_needed()
    assert receipt.locator("img.doc-preview-image").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    expect(receipt.locator(".doc-facts")).to_contain_text("Kvitto")
    page.get_by_label("Typ av dokument").select_option(label="Garantibevis")
    documents.set_input_files(files=[{"name": "trasig.pdf", "mimeType": "application/pdf",
                                      "buffer": b"%PDF-1.7\n1 0 obj<</Type/Catalog broken"}])
    broken = page.locator(".doc-row").filter(has=page.get_by_role("link", name=re.compile("trasig.pdf")))
    expect(broken.locator(".doc-type-icon")).to_contain_text("PDF")
    expect(broken.locator("img")).to_have_count(0)
    expect(broken.locator(".doc-facts")).to_contain_text("Garantibevis")
    # opening the receipt opens the PDF itself in a new tab, from the owner-only route
    href = receipt.locator("a.doc-name").get_attribute("href")
    assert re.fullmatch(r"/files/\d+/view", href) and receipt.locator("a.doc-name").get_attribute("target") == "_blank"
    assert page.request.get(app_server.url(href)).body().startswith(b"%PDF")
    preview_src = receipt.locator("img.doc-preview-image").get_attribute("src")

    ids = page.locator("a[data-gallery-photo]").evaluate_all("links => links.map(a => a.dataset.fileId)")
    assert len(ids) == 3
    page.screenshot(path=artifacts / "object-photo-gallery-desktop.png", full_page=True)
    _fits(page, "object page 1280")

    # the main photo is the phone or the display rendition (at most 640 / 1200 px), fetched first, in a reserved
    # 4:3 box: shown 36rem wide here, the browser takes the phone size
    main_image = main.locator("img.photo-main-image")
    expect(main_image).to_have_attribute("src", f"/files/{ids[0]}/display")
    expect(main_image).to_have_attribute("srcset", f"/files/{ids[0]}/phone 640w, /files/{ids[0]}/display 1200w")
    page.wait_for_function("() => document.querySelector('.photo-main-image').naturalWidth > 0")
    assert main_image.evaluate("img => new URL(img.currentSrc).pathname") == f"/files/{ids[0]}/phone"
    # the other photos' squares come as small tiles, not as the thumbnails the reports print
    page.wait_for_function("() => [...document.querySelectorAll('.photo-tile-image')]"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    assert page.locator("img.photo-tile-image").evaluate_all(
        "imgs => imgs.map(img => new URL(img.currentSrc).pathname)") == [f"/files/{ids[1]}/tile", f"/files/{ids[2]}/tile"]
    assert main_image.evaluate("img => [img.getAttribute('width'), img.getAttribute('height'), img.decoding,"
                               " img.getAttribute('fetchpriority')]") == ["800", "600", "async", "high"]

    # the viewer: the main photo opens it at 1 / 3 with the display rendition, not the thumbnail, and the
    # original one link away
    main.get_by_role("link").first.click()
    viewer = _viewer(page)
    expect(viewer).to_be_visible()
    expect(viewer).to_have_attribute("aria-modal", "true")
    assert _position(page) == "1 / 3"
    expect(viewer.locator(".viewer-name")).to_have_text("röd.jpg")
    large = viewer.locator("img.viewer-image")
    expect(large).to_have_attribute("src", f"/files/{ids[0]}/display")
    expect(viewer.get_by_role("link", name="Öppna originalet")).to_have_attribute("href", f"/files/{ids[0]}/view")
    page.wait_for_function("() => document.querySelector('.viewer-image').naturalWidth > 0")
    assert large.evaluate("img => img.naturalWidth") == 1200
    page.keyboard.press("ArrowRight")
    assert _position(page) == "2 / 3"
    expect(viewer.locator(".viewer-name")).to_have_text("grön.jpg")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert _position(page) == "3 / 3"  # it goes round
    expect(viewer.locator(".viewer-name")).to_have_text("blå.jpg")
    page.screenshot(path=artifacts / "object-photo-viewer-desktop.png")
    # Tab and Shift+Tab stay inside the viewer
    for key in ["Tab"] * 5 + ["Shift+Tab"] * 5:
        page.keyboard.press(key)
        assert _focus_in_viewer(page), key
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    _focus_comes_back_to(page, ids[0])  # the focus is back on the photo that opened it

    # from a thumbnail, with the keyboard; the close button closes it and gives the focus back to that thumbnail
    third = page.locator(f".photo-tile a[data-file-id='{ids[2]}']")
    third.focus()
    page.keyboard.press("Enter")
    expect(viewer).to_be_visible()
    assert _position(page) == "3 / 3"
    viewer.get_by_role("button", name="Stäng fotovisningen").click()
    expect(viewer).to_be_hidden()
    _focus_comes_back_to(page, ids[2])

    # the register list shows the main photo; choosing another main photo changes it there too
    page.goto(app_server.url("/register"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Cykel Crescent"))
    expect(row.locator("img.thumb")).to_have_attribute("src", f"/files/{ids[0]}/thumb")
    page.goto(object_url)
    tile = page.locator(".photo-tile").filter(has=page.get_by_role("img", name="blå.jpg"))
    tile.get_by_role("button", name="Gör till huvudbild").click()
    expect(page.locator("figure.photo-main").get_by_role("img", name="blå.jpg")).to_be_visible()
    expect(page.get_by_text("Huvudbilden är ändrad.")).to_be_visible()
    expect(page.locator(".photo-tile")).to_have_count(2)
    page.goto(app_server.url("/register"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Cykel Crescent"))
    expect(row.locator("img.thumb")).to_have_attribute("src", f"/files/{ids[2]}/thumb")

    # another customer gets nothing: not the large image, not the PDF's preview
    other = new_page()
    sign_up(other, app_server.base_url, name="Otto Obehörig", email=unique_email("otto"))
    for path in (f"/files/{ids[2]}/view", f"/files/{ids[2]}/display", preview_src):
        assert other.request.get(app_server.url(path)).status == 404, path

    # on a phone: tap a photo, swipe left and right, close with Esc
    phone_context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="sv-SE")
    violations: list[str] = []
    try:
        phone_context.add_cookies(page.context.cookies())
        phone = phone_context.new_page()
        phone.on("console", lambda message: violations.append(message.text)
                 if "Content Security Policy" in message.text else None)
        phone.goto(object_url)
        expect(phone.locator("figure.photo-main").get_by_role("img", name="blå.jpg")).to_be_visible()
        for thumbnail in phone.locator(".photo-tile img, .doc-row img").all():  # loaded lazily, once in view
            thumbnail.scroll_into_view_if_needed()
            expect(thumbnail).to_have_js_property("complete", True)
            assert thumbnail.evaluate("img => img.naturalWidth") > 0
        phone.evaluate("window.scrollTo(0, 0)")
        phone.screenshot(path=artifacts / "object-photo-gallery-phone.png", full_page=True)
        _fits(phone, "object page 375")
        phone.locator(".photo-tile a[data-gallery-photo]").first.tap()
        viewer = _viewer(phone)
        expect(viewer).to_be_visible()
        start = _position(phone)
        assert start == "2 / 3", start
        cdp = phone_context.new_cdp_session(phone)
        middle_y = PHONE["height"] / 2
        _swipe(cdp, 320, 60, middle_y)  # finger to the left: the next photo
        expect(phone.locator("[data-viewer-position]")).to_have_text("3 / 3")
        _swipe(cdp, 60, 320, middle_y)  # to the right: back
        expect(phone.locator("[data-viewer-position]")).to_have_text("2 / 3")
        _swipe(cdp, 60, 320, middle_y)
        expect(phone.locator("[data-viewer-position]")).to_have_text("1 / 3")
        phone.wait_for_function("() => document.querySelector('.viewer-image').naturalWidth > 0")
        _fits(phone, "viewer 375")
        close = viewer.get_by_role("button", name="Stäng fotovisningen").bounding_box()
        assert close["width"] >= 44 and close["height"] >= 44, close
        phone.screenshot(path=artifacts / "object-photo-viewer-phone.png")
        phone.keyboard.press("Escape")
        expect(viewer).to_be_hidden()
        for width in (414, 768, 320):
            phone.set_viewport_size({"width": width, "height": 800})
            _fits(phone, f"object page {width}")
        phone.screenshot(path=artifacts / "object-photo-gallery-320.png", full_page=True)
    finally:
        phone_context.close()
    assert violations == []


def test_object_page_with_photos_and_documents_has_no_serious_accessibility_problems(new_page, browser,
                                                                                     app_server):
    if axe_available() is None:
        raise AssertionError("axe-core is missing: run `make test-tools`")
    page = new_page(DESKTOP)
    sign_up(page, app_server.base_url, name="Alma Axe", email=unique_email("alma"))
    add_object(page, app_server.base_url, name="Symaskin Husqvarna")
    page.get_by_label("Ta eller välj foto").set_input_files(files=[
        {"name": name, "mimeType": "image/jpeg", "buffer": _jpeg(colour)} for name, colour in COLOURS.items()])
    expect(page.locator(".photo-tile")).to_have_count(2)
    page.get_by_label("Typ av dokument").select_option(label="Kvitto")
    page.get_by_label("Lägg till dokument").set_input_files(files=[
        {"name": RECEIPT_NAME, "mimeType": "application/pdf", "buffer": receipt_pdf()}])
    expect(page.locator(".doc-row img.doc-preview-image")).to_be_visible()
    object_url = page.url
    for viewport in (PHONE, DESKTOP):
        # axe is injected as a script of its own: this context alone lets it past the page's CSP
        context = browser.new_context(viewport=viewport, locale="sv-SE", bypass_csp=True)
        try:
            context.add_cookies(page.context.cookies())
            checked = context.new_page()
            checked.goto(object_url)
            expect(checked.locator("figure.photo-main img")).to_be_visible()
            assert axe_problems(checked) == [], viewport
            checked.locator("figure.photo-main a[data-gallery-photo]").click()
            expect(_viewer(checked)).to_be_visible()
            assert axe_problems(checked) == [], ("viewer", viewport)
        finally:
            context.close()
