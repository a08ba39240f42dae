"""The yearly re-inventory on a phone: from the register to /inventory, the kitchen walked object by object
(still here, moved to the bedroom, sold), progress for the place and the register, not yet checked objects
first, a new photo in the bedroom; big tap targets and no sideways scroll at 375 px, places beside the cards
at 1280 px."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e import page_checks
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.e2e.helpers import sign_up, unique_email
from tests.helpers.images import jpeg_with_gps

KITCHEN = ("Brödrost Dualit Classic 4 skivor", "Kaffebryggare Moccamaster KBG Select", "Stavmixer Bamix Gastro 350")
BEDROOM = ("Nattduksbord ek med låda", "Sänglampa Le Klint 335")


def _seed(app_server, email: str) -> int:
    """Three objects in the kitchen, two in the bedroom; the toaster has a photo. Returns its id."""
    from sqlmodel import Session, select

    from cleverstore.db import make_engine
    from cleverstore.models import Account
    from cleverstore.services.register import items

    engine = make_engine(app_server.database_url)
    with Session(engine) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        ids = {name: items.create_item(db, account.id, {"name": name, "location": place, "purchase_price": "1200"}).id
               for names, place in ((KITCHEN, "Villan › Kök"), (BEDROOM, "Villan › Sovrum")) for name in names}
        db.commit()
    engine.dispose()
    return ids[KITCHEN[0]]


def _fits(page) -> None:
    assert page_checks.overflow(page) == []
    assert page_checks.broken_words(page) == []
    if page.viewport_size["width"] < 700:
        assert page_checks.small_targets(page) == []


def _card(page, name: str):
    return page.locator("li.inventory-card").filter(has=page.get_by_role("link", name=name, exact=True))


def test_yearly_reinventory_on_a_phone(new_page, app_server):
    shots = ARTIFACTS / "inventory-phone"
    shots.mkdir(parents=True, exist_ok=True)
    page = new_page(PHONE)
    email = unique_email("ingrid")
    sign_up(page, app_server.base_url, name="Ingrid Bergström", email=email)
    toaster = _seed(app_server, email)
    response = page.request.post(
        app_server.url(f"/files/upload?item={toaster}&kind=photo"), data=jpeg_with_gps(240, 180),
        headers={"X-CleverStore-Upload": "1", "X-File-Name": "brodrost.jpg", "Content-Type": "image/jpeg",
                 "Origin": app_server.base_url})
    assert response.ok, response.text()

    # reachable from the register's "more" menu
    page.goto(app_server.url("/register"))
    page.get_by_role("button", name="Mer", exact=True).click()
    page.get_by_role("link", name="Årlig inventering").click()
    expect(page).to_have_url(re.compile(r"/inventory/?$"))
    expect(page.get_by_role("heading", name="Årlig inventering", level=1)).to_be_visible()
    expect(page.locator("#inventory-progress")).to_have_text("0 av 5 kontrollerade")
    kitchen = page.get_by_role("button", name=re.compile(r"^Villan › Kök"))
    expect(kitchen).to_have_attribute("aria-pressed", "true")
    cards = page.locator("li.inventory-card")
    expect(cards).to_have_count(3)
    expect(_card(page, KITCHEN[0]).locator("img.inventory-thumb")).to_be_visible()
    _fits(page)
    page.screenshot(path=shots / "inventory-kitchen-375.png", full_page=True)

    # still here
    _card(page, KITCHEN[0]).get_by_role("button", name="Finns kvar").click()
    expect(page.locator(".status-line")).to_have_text(f"{KITCHEN[0]}: finns kvar.")
    expect(page.locator("#inventory-progress")).to_have_text("1 av 5 kontrollerade")
    expect(cards.last).to_contain_text(KITCHEN[0])  # checked objects go after those still to check
    expect(cards.last).to_contain_text("Senast kontrollerad")

    # moved to the bedroom
    mixer = _card(page, KITCHEN[2])
    mixer.get_by_role("button", name=re.compile(r"^Flyttad till")).click()
    mixer.get_by_label("Ny plats").select_option(label="Villan › Sovrum")
    page.screenshot(path=shots / "inventory-move-375.png", full_page=False)
    mixer.get_by_role("button", name="Spara platsen").click()
    expect(page.locator(".status-line")).to_have_text(f"{KITCHEN[2]}: flyttad.")
    expect(cards).to_have_count(2)
    expect(kitchen).to_contain_text("1/2")

    # gone: sold, which wants the day it was sold
    coffee = _card(page, KITCHEN[1])
    coffee.get_by_role("button", name="Borta").click()
    coffee.get_by_label("Såld", exact=True).check()
    coffee.get_by_role("button", name="Spara", exact=True).click()
    expect(coffee.get_by_role("alert")).to_have_text("Skriv när föremålet såldes.")
    _fits(page)
    page.screenshot(path=shots / "inventory-gone-375.png", full_page=False)
    coffee.get_by_label("Såld datum").fill("2026-11-20")
    coffee.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".status-line")).to_have_text(f"{KITCHEN[1]}: borta.")
    expect(page.locator("#inventory-progress")).to_have_text("3 av 5 kontrollerade")
    expect(page.locator("#inventory-place-progress")).to_have_text("2 av 2 kontrollerade")
    expect(page.get_by_text("Klart här!")).to_be_visible()
    expect(_card(page, KITCHEN[1])).to_contain_text("Såld")
    _fits(page)
    page.screenshot(path=shots / "inventory-kitchen-done-375.png", full_page=True)

    # the bedroom: the moved mixer is already checked and comes last; a new photo of the lamp
    page.get_by_role("button", name=re.compile(r"^Villan › Sovrum")).click()
    expect(page.locator("#inventory-place-progress")).to_have_text("1 av 3 kontrollerade")
    expect(cards).to_have_count(3)
    expect(cards.last).to_contain_text(KITCHEN[2])
    lamp = _card(page, BEDROOM[1])
    lamp.get_by_role("button", name="Nytt foto").click()
    page.locator("#inventory-photo").set_input_files(
        files=[{"name": "lampa.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps(320, 240)}])
    expect(page.locator(".status-line")).to_have_text(f"{BEDROOM[1]}: nytt foto sparat.")
    expect(_card(page, BEDROOM[1]).locator("img.inventory-thumb")).to_be_visible()
    expect(page.locator("#inventory-progress")).to_have_text("4 av 5 kontrollerade")
    _fits(page)
    page.screenshot(path=shots / "inventory-bedroom-375.png", full_page=True)

    # English
    page.get_by_role("button", name="Meny").click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("#inventory-progress")).to_have_text("4 of 5 checked")
    expect(page.get_by_role("button", name="Still here").first).to_be_visible()
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("#inventory-progress")).to_have_text("4 av 5 kontrollerade")

    # wide: the places beside the cards, the answers in one row
    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(page.locator("#inventory-progress")).to_have_text("4 av 5 kontrollerade")
    side, walk = page.locator(".inventory-side").bounding_box(), page.locator(".inventory-walk").bounding_box()
    assert side["x"] + side["width"] <= walk["x"] and abs(side["y"] - walk["y"]) < 40, (side, walk)
    answers = page.locator(".inventory-answers").first.locator("button")
    tops = {round(answers.nth(i).bounding_box()["y"]) for i in range(4)}
    assert len(tops) == 1, tops
    _fits(page)
    page.screenshot(path=shots / "inventory-1280.png", full_page=True)
