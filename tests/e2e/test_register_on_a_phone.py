"""A customer keeps a full register on a phone: cards with whole names, search at hand while scrolling, photos
or list, selection by tapping cards with a bulk bar at the bottom (move and undo), and the objects that still
need details one tap away. At 1280 px the toolbar is one row."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e import page_checks
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import sign_up, unique_email
from tests.helpers.images import jpeg_with_gps

PHONE = {"width": 375, "height": 740}
OBJECTS = [
    ("Armband/sur Omega Seamaster Professional", "Klockor och smycken", "Villan › Sovrum › Byrå"),
    ("Utemöbelgrupp teak 6 personer", "Trädgård", "Villan › Altan"),
    ("Skärgårdsmotiv olja på duk", "Konst", "Villan › Vardagsrum"),
    ("Diskmaskin Bosch Serie 6 helintegrerad", "Vitvaror", "Villan › Kök"),
    ("Kaffebryggare Moccamaster KBG Select", "Köksapparater", "Villan › Kök"),
    ("Vinterdäck Nokian Hakkapeliitta 10 på fälg", "Fordon", "Garaget"),
    ("Bärbar dator Lenovo ThinkPad X1 Carbon", "Elektronik", "Villan › Arbetsrum"),
    ("Mobiltelefon Samsung Galaxy S24 Ultra", "Elektronik", "Villan › Arbetsrum"),
    ("Soffa Kivik tresits med schäslong", "Möbler", "Villan › Vardagsrum"),
    ("Matsalsbord massiv ek Skagerak", "Möbler", "Villan › Matsal"),
    ("Barnvagn Emmaljunga Nxt90 Flat", "Barn", "Villan › Hall"),
    ("Cykel Crescent Elskarp elcykel", "Fordon", "Garaget"),
    ("Robotgräsklippare Husqvarna Automower 430X", "Trädgård", "Garaget"),
    ("Symaskin Husqvarna Viking Designer Epic", "Hobby", "Villan › Hobbyrum"),
    ("Vigselring vitguld med diamant", "Klockor och smycken", "Villan › Sovrum › Byrå"),
    ("Kristallkrona Orrefors Hyacint", "Belysning", "Villan › Matsal"),
    ("Skidutrustning Fischer längdskidor", "Sport", "Källarförrådet"),
    ("Golfbag Titleist med klubbor", "Sport", "Källarförrådet"),
    ("Tv LG OLED 65 tum evo", "Elektronik", "Villan › Vardagsrum"),
    ("Högtalare Sonos Era 300 par", "Elektronik", "Villan › Vardagsrum"),
    ("Kamera Fujifilm X-T5 med objektiv", "Elektronik", "Villan › Arbetsrum"),
    ("Motorsåg Stihl MS 261 C-M", "Verktyg", "Garaget"),
    ("Borrmaskin Makita 18 V med batterier", "Verktyg", "Garaget"),
    ("Gitarr Gibson Les Paul Standard", "Musikinstrument", "Villan › Hobbyrum"),
]


def _seed(app_server, email: str) -> list[int]:
    """24 valued objects with long real names, one without a value, one without a name; the ids to photograph."""
    from sqlmodel import Session, select

    from cleverstore.db import make_engine
    from cleverstore.models import Account, Item
    from cleverstore.services.register import items

    engine = make_engine(app_server.database_url)
    photographed = []
    with Session(engine) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        for number, (name, category, place) in enumerate(OBJECTS):
            item = items.create_item(db, account.id, {
                "name": name, "category": category, "location": place, "quantity": str(1 + number % 3),
                "purchase_price": str(1500 + 731 * number), "current_value": str(900 + 517 * number)})
            if number % 3 == 0:
                photographed.append(item.id)
        items.create_item(db, account.id, {"name": "Pälsjacka Saga Mink", "category": "Kläder",
                                           "location": "Villan › Hall", "quantity": "1"})
        items.create_item(db, account.id, {"name": "Sjöbod", "location": "Sjöboden vid bryggan", "quantity": "1",
                                           "purchase_price": "100"})
        # added from a photo, to be named later
        nameless = Item(account_id=account.id, name="", quantity=1, current_value_ore=120_000)
        nameless.search_text = items.search_text_of(nameless)
        db.add(nameless)
        db.commit()
    engine.dispose()
    return photographed


def _customer(new_page, app_server, viewport):
    """A signed-up, paying customer with a full register, photos on every third object."""
    page = new_page(viewport)
    email = unique_email("margareta")
    sign_up(page, app_server.base_url, name="Margareta Lindqvist-Åkerström", email=email)
    for item_id in _seed(app_server, email):
        response = page.request.post(
            app_server.url(f"/files/upload?item={item_id}&kind=photo"), data=jpeg_with_gps(240, 180),
            headers={"X-CleverStore-Upload": "1", "X-File-Name": f"foto{item_id}.jpg", "Content-Type": "image/jpeg",
                     "Origin": app_server.base_url})
        assert response.ok, response.text()
    return page


def _fits(page) -> None:
    assert page_checks.overflow(page) == []
    assert page_checks.broken_words(page) == []
    if page.viewport_size["width"] < 700:
        assert page_checks.small_targets(page) == []


def test_register_on_a_phone(new_page, app_server):
    shots = ARTIFACTS / "register-phone"
    shots.mkdir(parents=True, exist_ok=True)
    page = _customer(new_page, app_server, PHONE)
    page.goto(app_server.url("/register"))
    cards = page.locator("table.items tr.item-row")
    expect(cards).to_have_count(25)  # one page of 25 of the 27 objects

    # cards: whole names (wrapped on spaces, the full name in the link), the value of the object, no sideways scroll
    expect(page.get_by_role("link", name="Armband/sur Omega Seamaster Professional")).to_be_visible()
    first = cards.first
    for part in ("thumb-cell", "name-cell", "col-location", "col-sum", "col-status"):
        expect(first.locator("." + part)).to_be_visible()
    expect(first.locator(".col-category")).to_be_hidden()
    _fits(page)
    page.screenshot(path=shots / "register-list-375.png", full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3500, height
    # the totals fold into one line; nothing of them is cut off
    summary = page.locator(".totals-toggle")
    expect(summary).to_contain_text(re.compile(r"^27 föremål · [\d\u00a0 ]+,\d\d\u00a0kr"))
    expect(page.locator("#register-totals")).to_be_hidden()
    summary.click()
    expect(page.locator("#register-totals")).to_be_visible()
    assert page.evaluate("""() => [...document.querySelectorAll('#register-totals dd')]
        .every((dd) => dd.scrollWidth <= dd.clientWidth + 1)""")
    page.screenshot(path=shots / "register-totals-375.png")

    # the search stays in view after scrolling
    page.mouse.wheel(0, 1800)
    page.wait_for_timeout(300)
    expect(page.get_by_label("Sök", exact=True)).to_be_in_viewport()
    page.get_by_label("Sök", exact=True).fill("husqvarna")
    expect(cards).to_have_count(2)
    page.get_by_label("Sök", exact=True).fill("")
    expect(cards).to_have_count(25)

    # the filters fold behind "Filter", which says how many are set
    filters = page.get_by_role("button", name=re.compile(r"^Filter"))
    expect(page.get_by_label("Kategori", exact=True)).to_be_hidden()
    filters.click()
    page.get_by_label("Status", exact=True).select_option("in_use")
    expect(filters).to_have_text("Filter (1)")
    page.get_by_label("Status", exact=True).select_option("")
    filters.click()

    # photos and back; the choice is kept after visiting an object
    page.get_by_role("button", name="Bilder").click()
    expect(page.get_by_role("button", name="Bilder")).to_have_attribute("aria-pressed", "true")
    grid = page.get_by_role("list", name="Föremål som bilder")
    expect(grid.locator("li")).to_have_count(25)
    expect(grid.locator("img.photo").first).to_be_visible()
    _fits(page)
    page.screenshot(path=shots / "register-photos-375.png", full_page=True)
    grid.get_by_role("link", name="Gitarr Gibson Les Paul Standard").click()
    expect(page).to_have_url(re.compile(r"/object\?id=\d+"))
    page.go_back()
    expect(page.get_by_role("button", name="Bilder")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Lista").click()
    expect(cards).to_have_count(25)

    # selection by tapping cards; the bar at the bottom says how many and moves them; undo brings them back
    page.get_by_role("button", name="Välj", exact=True).click()
    kamera = cards.filter(has_text="Kamera Fujifilm X-T5 med objektiv")
    gitarr = cards.filter(has_text="Gitarr Gibson Les Paul Standard")
    kamera.click()
    expect(page.get_by_label("Välj Kamera Fujifilm X-T5 med objektiv")).to_be_checked()
    gitarr.click()
    expect(page.get_by_label("Välj Gitarr Gibson Les Paul Standard")).to_be_checked()
    expect(page).to_have_url(re.compile(r"/register/?$"))  # a tap in selection mode selects, never opens
    bar = page.get_by_role("region", name="Åtgärder för valda föremål")
    expect(bar).to_contain_text("2 valda")
    assert bar.evaluate("el => getComputedStyle(el).position") == "fixed"
    # at the bottom, just above the tab bar where there is one
    box = bar.bounding_box()
    floor = page.evaluate("() => { const t = document.querySelector('.tab-bar');"
                          " return t && t.checkVisibility() ? t.getBoundingClientRect().top : innerHeight; }")
    assert abs(box["y"] + box["height"] - floor) <= 1, (box, floor)
    checkbox_target = kamera.locator("label.card-hit").bounding_box()
    assert checkbox_target["width"] >= 44 and checkbox_target["height"] >= 44
    _fits(page)
    bar.get_by_role("button", name="Flytta …").click()
    bar.get_by_label("Flytta till plats").select_option(label="Källarförrådet")
    page.screenshot(path=shots / "register-selection-375.png", full_page=False)
    bar.get_by_role("button", name="Flytta valda").click()
    expect(bar).to_contain_text("2 föremål har flyttats.")
    expect(kamera.locator(".col-location")).to_have_text("Källarförrådet")
    bar.get_by_role("button", name="Ångra").click()
    expect(bar).to_contain_text("Ändringen är ångrad")
    expect(kamera.locator(".col-location")).to_have_text("Villan › Arbetsrum")
    page.get_by_role("button", name=re.compile(r"Välj alla som matchar \(27\)")).click()
    expect(bar).to_contain_text("27 valda")
    bar.get_by_role("button", name="Klar").click()
    expect(bar).to_have_count(0)
    expect(page.get_by_label("Välj Kamera Fujifilm X-T5 med objektiv")).to_be_hidden()

    # the objects that still need details: one tap on the chip
    chip = page.get_by_role("button", name="Behöver uppgifter (2)")
    chip.click()
    expect(cards).to_have_count(2)
    expect(page.get_by_role("link", name="Namnlös sak")).to_be_visible()
    expect(page.get_by_role("link", name="Pälsjacka Saga Mink")).to_be_visible()
    expect(cards.first.locator(".needs-badge")).to_have_text("Behöver uppgifter")
    page.screenshot(path=shots / "register-needs-details-375.png", full_page=True)

    # the dashboard and the catalogue fit, and the dashboard links to the same filter
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 740})
        for route in ("/dashboard", "/catalogue", "/register"):
            page.goto(app_server.url(route))
            expect(page.locator("main h1")).to_be_visible()
            page.wait_for_timeout(400)
            _fits(page)
            page.screenshot(path=shots / f"{route.strip('/')}-{width}.png", full_page=True)
    page.goto(app_server.url("/dashboard"))
    page.locator("#dashboard-needs-details").click()
    expect(page).to_have_url(re.compile(r"/register\?missing=details"))
    expect(cards).to_have_count(2)


def test_register_on_a_wide_screen(new_page, app_server):
    shots = ARTIFACTS / "register-phone"
    shots.mkdir(parents=True, exist_ok=True)
    page = _customer(new_page, app_server, {"width": 1280, "height": 900})
    page.goto(app_server.url("/register"))
    expect(page.locator("table.items tr.item-row")).to_have_count(25)
    # the toolbar is one row: the search and every filter share one top
    tops = page.evaluate("""() => [...document.querySelectorAll('.register-tools .field')]
        .map((f) => Math.round(f.getBoundingClientRect().top))""")
    assert len(tops) == 7 and len(set(tops)) == 1, tops
    expect(page.locator("#register-totals")).to_be_visible()
    _fits(page)
    checkbox = page.get_by_label("Välj Kamera Fujifilm X-T5 med objektiv")
    size = checkbox.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24
    page.screenshot(path=shots / "register-list-1280.png", full_page=True)
    page.get_by_role("button", name="Bilder").click()
    expect(page.locator("img.photo").first).to_be_visible()
    _fits(page)
    page.screenshot(path=shots / "register-photos-1280.png", full_page=True)
    for route in ("/dashboard", "/catalogue"):
        page.goto(app_server.url(route))
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_timeout(400)
        _fits(page)
        page.screenshot(path=shots / f"{route.strip('/')}-1280.png", full_page=True)
