"""Capture in seconds, on a phone: photos first make an object; each photo shows its own progress and
answer, a failed one is sent again on its own; a new category and place come from the form itself."""
from __future__ import annotations

import io
import random
import re

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import sign_up, unique_email
from tests.e2e.page_checks import broken_words, overflow, small_targets


def phone_photo(seed: int, size: tuple[int, int] = (1200, 900)) -> bytes:
    """A JPEG with some detail, so it is sized like a photo (not a flat colour)."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.ellipse((x, y, x + rng.randrange(5, 80), y + rng.randrange(5, 80)),
                     fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _jpeg(name: str, seed: int) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": phone_photo(seed)}


def _fits_a_phone(page, where: str) -> None:
    assert overflow(page) == [], where
    assert small_targets(page) == [], where
    assert broken_words(page) == [], where


def test_three_photos_from_new_object_become_one_object(new_page, app_server, artifacts):
    page = new_page(PHONE)
    sign_up(page, app_server.base_url, name="Cecilia Kamera", email=unique_email("cecilia"))
    page.goto(app_server.url("/object/new"))
    expect(page.get_by_role("heading", name="Ta foton först — fyll i resten sen.")).to_be_visible()
    camera = page.get_by_label("Lägg till med kameran")
    expect(camera).to_have_attribute("capture", "environment")
    expect(camera).to_have_attribute("accept", "image/*")
    expect(camera).to_have_attribute("multiple", "")
    button = page.locator("label.capture-button")
    assert button.bounding_box()["height"] >= 44
    _fits_a_phone(page, "/object/new at 375")
    page.screenshot(path=str(artifacts / "capture-new-object-375.png"), full_page=True)

    camera.set_input_files(files=[_jpeg("kök-1.jpg", 1), _jpeg("kök-2.jpg", 2), _jpeg("kök-3.jpg", 3)])
    expect(page).to_have_url(re.compile(r".*/object/?\?id=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Namnlös sak")
    expect(page.locator(".file-card")).to_have_count(3)
    expect(page.get_by_role("img", name="kök-1.jpg")).to_be_visible()
    expect(page.get_by_text("Föremålet saknar namn.")).to_be_visible()
    fill_in = page.get_by_role("link", name="Fyll i uppgifter")
    expect(fill_in).to_be_visible()
    _fits_a_phone(page, "captured object at 375")
    page.screenshot(path=str(artifacts / "capture-object-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(artifacts / "capture-object-1280.png"), full_page=True)
    page.goto(app_server.url("/object/new"))
    expect(page.get_by_label("Lägg till med kameran")).to_be_attached()
    page.screenshot(path=str(artifacts / "capture-new-object-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)

    # name it now: the form opens with the photos kept
    page.go_back()
    page.get_by_role("link", name="Fyll i uppgifter").click()
    page.get_by_label("Namn", exact=True).fill("Kaffekvarn")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaffekvarn")
    expect(page.locator(".file-card")).to_have_count(3)


def test_a_failed_photo_says_why_and_is_sent_again_alone(new_page, app_server, artifacts):
    page = new_page(PHONE)
    sign_up(page, app_server.base_url, name="Bo Bilder", email=unique_email("bo"))
    page.goto(app_server.url("/object/new"))
    dropped = {"count": 0}

    def drop_first_try(route):
        """The connection breaks once while "hall-2.jpg" is sent (a train tunnel); then it works."""
        if "hall-2.jpg" in (route.request.headers.get("x-file-name") or "") and dropped["count"] == 0:
            dropped["count"] += 1
            route.abort()
        else:
            route.continue_()

    page.route(re.compile(r".*/capture/photo.*"), drop_first_try)
    camera = page.get_by_label("Lägg till med kameran")
    camera.set_input_files(files=[
        _jpeg("hall-1.jpg", 4), _jpeg("hall-2.jpg", 5),
        {"name": "lista.txt", "mimeType": "text/plain", "buffer": b"inte en bild"}, _jpeg("hall-3.jpg", 6)])
    rows = page.locator("#capture-input-progress li")
    expect(rows).to_have_count(4)
    not_image = rows.filter(has_text="lista.txt")
    expect(not_image).to_contain_text("Filtypen stöds inte")
    expect(not_image.get_by_role("button", name=re.compile("Försök igen"))).to_be_visible()
    broken = rows.filter(has_text="hall-2.jpg")
    expect(broken).to_contain_text("Filen kunde inte skickas")
    for name in ("hall-1.jpg", "hall-3.jpg"):
        expect(rows.filter(has_text=name)).to_contain_text("sparad.")
        expect(rows.filter(has_text=name).get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("link", name="Öppna föremålet")).to_be_visible()
    expect(page).to_have_url(re.compile(r".*/object/new/?$"))  # stays: nothing is lost
    _fits_a_phone(page, "upload progress at 375")
    page.screenshot(path=str(artifacts / "capture-progress-375.png"), full_page=True)

    # "Försök igen" sends only that photo: it joins the same object, the saved ones are not sent again
    sent = []
    page.on("request", lambda request: sent.append(request.headers.get("x-file-name"))
            if "/capture/photo" in request.url else None)
    broken.get_by_role("button", name=re.compile("Försök igen")).click()
    expect(broken).to_contain_text("sparad.")
    assert sent == ["hall-2.jpg"]
    expect(not_image).to_contain_text("Filtypen stöds inte")
    page.get_by_role("link", name="Öppna föremålet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Namnlös sak")
    expect(page.locator(".file-card")).to_have_count(3)


def test_new_category_and_place_from_the_form_keep_what_was_typed(new_page, app_server, artifacts):
    page = new_page(PHONE)
    sign_up(page, app_server.base_url, name="Dag Detaljer", email=unique_email("dag"))
    page.goto(app_server.url("/object/new"))
    page.get_by_label("Namn", exact=True).fill("Borrmaskin")
    page.get_by_label("Tillverkare", exact=True).fill("Bosch")

    page.get_by_role("button", name="Ny kategori").click()
    page.get_by_label("Namn på ny kategori").fill("Verktyg")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.get_by_label("Kategori", exact=True)).to_have_value("Verktyg")
    expect(page.get_by_text("Kategorin Verktyg är vald.")).to_be_visible()

    page.get_by_role("button", name="Ny plats").click()
    page.get_by_label("Namn på ny plats").fill("Garage")
    page.get_by_label("Namn på ny plats").press("Enter")  # adds the place; the object form is not sent
    expect(page.get_by_label("Plats", exact=True)).to_have_value("Garage")
    page.get_by_role("button", name="Ny plats").click()
    page.get_by_label("Namn på ny plats").fill("Hylla")
    page.get_by_label("Ligger i").select_option("Garage")
    _fits_a_phone(page, "inline new place at 375")
    page.screenshot(path=str(artifacts / "capture-new-place-375.png"), full_page=True)
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.get_by_label("Plats", exact=True)).to_have_value(re.compile(r"^Garage\s*\S\s*Hylla$"))
    expect(page).to_have_url(re.compile(r".*/object/new/?$"))
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Borrmaskin")
    expect(page.get_by_label("Tillverkare", exact=True)).to_have_value("Bosch")

    # an empty name is refused in words and changes nothing
    page.get_by_role("button", name="Ny kategori").click()
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.get_by_text("Fältet måste fyllas i.")).to_be_visible()
    page.get_by_role("button", name="Avbryt").first.click()

    page.get_by_role("button", name="Spara").click()
    expect(page).to_have_url(re.compile(r".*/object/?\?id=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Borrmaskin")
    expect(page.locator(".details")).to_contain_text("Verktyg")
    expect(page.locator(".details")).to_contain_text("Hylla")
