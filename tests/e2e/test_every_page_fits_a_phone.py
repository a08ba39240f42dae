"""Every page of CleverStore fits a phone: a customer with a full register, an administrator, an heir and a
visitor open every route at 320, 375 and 1280 px (414 and 768 for a sample). No page scrolls sideways, no
word is broken inside itself, touch targets are 44 × 44 px on a phone, and axe-core finds nothing serious.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e import page_checks
from tests.e2e.conftest import ARTIFACTS
from tests.helpers.images import jpeg_with_gps, png_bytes, tiny_pdf

pytestmark = pytest.mark.layout

WIDTHS = (320, 375, 1280)
SAMPLE_WIDTHS = (414, 768)
AXE_WIDTHS = (375, 1280)
PHONE_WIDTHS = (320, 375, 414)
HEIGHT = 800
SHOTS = ARTIFACTS / "pages"

OBJECTS = [
    ("Armband/sur Omega Seamaster Professional", "Klockor och smycken", "Villan / Sovrum / Byrå", "arv, försäkrad"),
    ("Utemöbelgrupp teak 6 personer", "Trädgård", "Villan / Altan", "sommar"),
    ("Skärgårdsmotiv olja på duk", "Konst", "Villan / Vardagsrum", "konst, försäkrad"),
    ("Diskmaskin Bosch Serie 6 helintegrerad", "Vitvaror", "Villan / Kök", "garanti"),
    ("Kaffebryggare Moccamaster KBG Select", "Köksapparater", "Villan / Kök", ""),
    ("Vinterdäck Nokian Hakkapeliitta 10 på fälg", "Fordon", "Garaget", "säsong"),
    ("Bärbar dator Lenovo ThinkPad X1 Carbon", "Elektronik", "Villan / Arbetsrum", "jobb, garanti"),
    ("Mobiltelefon Samsung Galaxy S24 Ultra", "Elektronik", "Villan / Arbetsrum", "garanti"),
    ("Soffa Kivik tresits med schäslong", "Möbler", "Villan / Vardagsrum", ""),
    ("Matsalsbord massiv ek Skagerak", "Möbler", "Villan / Matsal", ""),
    ("Barnvagn Emmaljunga Nxt90 Flat", "Barn", "Villan / Hall", "utlånas"),
    ("Cykel Crescent Elskarp elcykel", "Fordon", "Garaget", "försäkrad"),
    ("Robotgräsklippare Husqvarna Automower 430X", "Trädgård", "Garaget", "säsong"),
    ("Symaskin Husqvarna Viking Designer Epic", "Hobby", "Villan / Hobbyrum", ""),
    ("Vigselring vitguld med diamant", "Klockor och smycken", "Villan / Sovrum / Byrå", "arv"),
    ("Kristallkrona Orrefors Hyacint", "Belysning", "Villan / Matsal", "arv, försäkrad"),
    ("Skidutrustning Fischer längdskidor", "Sport", "Källarförrådet", "säsong"),
    ("Golfbag Titleist med klubbor", "Sport", "Källarförrådet", ""),
    ("Tv LG OLED 65 tum evo", "Elektronik", "Villan / Vardagsrum", "garanti"),
    ("Högtalare Sonos Era 300 par", "Elektronik", "Villan / Vardagsrum", ""),
    ("Kamera Fujifilm X-T5 med objektiv", "Elektronik", "Villan / Arbetsrum", "försäkrad"),
    ("Motorsåg Stihl MS 261 C-M", "Verktyg", "Garaget", ""),
    ("Borrmaskin Makita 18 V med batterier", "Verktyg", "Garaget", ""),
    ("Gitarr Gibson Les Paul Standard", "Musikinstrument", "Villan / Hobbyrum", "försäkrad"),
    ("Porslinsservis Rörstrand Mon Amie 12 personer", "Porslin", "Villan / Kök", "arv"),
    ("Pälsjacka Saga Mink", "Kläder", "Villan / Hall", "försäkrad"),
    ("Kajak Prijon Kodiak havskajak", "Sport", "Sjöboden vid bryggan", "sommar"),
]


def _database(app_server):
    from sqlmodel import Session

    from cleverstore.db import make_engine

    engine = make_engine(app_server.database_url)
    return engine, Session(engine)


@contextmanager
def _as_the_app(app_server):
    """Settings as the running app has them (its secret hashes the session tokens, its data directory)."""
    from cleverstore.config import get_settings

    keys = ("DATABASE_URL", "CLEVERSTORE_DATA_DIR", "CLEVERSTORE_SECRET_KEY", "CLEVERSTORE_BASE_URL")
    before = {key: os.environ.get(key) for key in keys}
    os.environ.update({key: app_server.env[key] for key in keys})
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def _seed(app_server) -> dict:
    with _as_the_app(app_server):
        return _seed_as_the_app(app_server)


def _seed_as_the_app(app_server) -> dict:
    """The people and the data, made through the services in the app's own database."""
    from sqlmodel import select

    from cleverstore.models import HeirClaim, OutgoingMail
    from cleverstore.models.base import utcnow
    from cleverstore.services.heirs import claims
    from cleverstore.services.support import register_access, threads
    from tests.helpers.factories import admin_token, make_account, make_admin, make_item, signed_in_token

    engine, db = _database(app_server)
    with db:
        customer = make_account(db, name="Margareta Lindqvist-Åkerström", street="Drottningholmsvägen 114")
        ids = []
        for number, (name, category, place, tags) in enumerate(OBJECTS):
            item = make_item(db, customer, name=name, category=category, location=place, tags=tags,
                             quantity=str(1 + number % 3), manufacturer=name.split()[1],
                             purchase_price=str(1500 + 731 * number), current_value=str(900 + 517 * number))
            ids.append(item.id)
        thread = threads.open_thread(db, customer.id, "Värdering av Omega Seamaster efter service",
                                     "Klockan var på service i mars. Hur ändrar jag värdet?", ids[0])
        register_access.grant(db, customer.id, thread.id)
        (admin, _), (second_admin, _) = make_admin(db), make_admin(db)
        admin.heir_reviewer = True
        db.add(admin)
        owner = make_account(db, name="Olof Ägare")
        for name, category, place, tags in OBJECTS[:6]:
            make_item(db, owner, name=name, category=category, location=place, tags=tags)
        claims.submit_claim(db, {"owner_email": owner.email, "claimant_name": "Karin Arvinge",
                                 "claimant_email": "karin.arvinge@example.se", "reason": "death",
                                 "message": "Min far gick bort i oktober."},
                            [claims.Document("id", "legitimation.pdf", tiny_pdf()),
                             claims.Document("death_certificate", "intyg.jpg", jpeg_with_gps())])
        claim = db.exec(select(HeirClaim).where(HeirClaim.account_id == owner.id)).one()
        claims.propose(db, admin.id, claim.id, "Intyget kontrollerat")
        claims.approve(db, second_admin.id, claim.id)
        claim = db.get(HeirClaim, claim.id)
        claim.objection_until = utcnow() - timedelta(seconds=1)
        db.add(claim)
        claims.open_waiting(db)
        invite = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "claim_approved")
                         .order_by(OutgoingMail.id.desc())).first().body.split("token=")[1].split()[0]
        seeded = {
            "customer_id": customer.id, "items": ids, "thread": thread.id,
            "customer_token": signed_in_token(db, customer), "admin_token": admin_token(db, admin),
            "heir_invite": invite,
        }
        db.commit()
    engine.dispose()
    return seeded


def _context(browser, app_server, cookies=()):
    """A context of our own with bypass_csp (only here), so axe-core can be injected."""
    context = browser.new_context(viewport={"width": 1280, "height": HEIGHT}, locale="sv-SE", bypass_csp=True)
    context.set_default_timeout(20_000)
    host = app_server.base_url.split("://", 1)[1].split(":")[0]
    context.add_cookies([{"name": name, "value": value, "domain": host, "path": path} for name, value, path in cookies])
    return context


def _upload(context, app_server, item_id: int, kind: str, name: str, data: bytes, mime: str) -> None:
    response = context.request.post(
        app_server.url(f"/files/upload?item={item_id}&kind={kind}"), data=data,
        headers={"X-CleverStore-Upload": "1", "X-File-Name": name, "Content-Type": mime,
                 "Origin": app_server.base_url})
    assert response.ok, response.text()


def _visits(seeded) -> dict[str, tuple[str, str]]:
    """Every route → (who opens it, the address with real ids)."""
    item, thread, customer = seeded["items"][0], seeded["thread"], seeded["customer_id"]
    return {
        "/": ("visitor", "/"), "/login": ("visitor", "/login"), "/signup": ("visitor", "/signup"),
        "/forgot": ("visitor", "/forgot"), "/reset": ("visitor", "/reset?token=ogiltig"),
        "/villkor": ("visitor", "/villkor"), "/admin/login": ("visitor", "/admin/login"),
        "/verify": ("visitor", "/verify"),
        "/register": ("customer", "/register"), "/object": ("customer", f"/object?id={item}"),
        "/object/new": ("customer", "/object/new"), "/object/edit": ("customer", f"/object/edit?id={item}"),
        "/dashboard": ("customer", "/dashboard"), "/catalogue": ("customer", "/catalogue"),
        "/inventory": ("customer", "/inventory"),
        "/insurance": ("customer", "/insurance"),
        "/reminders": ("customer", "/reminders"),
        "/members": ("customer", "/members"), "/members/join": ("visitor", "/members/join?token=ogiltig"),
        "/shared-links": ("customer", "/shared-links"),
        "/import": ("customer", "/import"), "/reports": ("customer", "/reports"),
        "/support": ("customer", "/support"), "/support/thread": ("customer", f"/support/thread?id={thread}"),
        "/billing": ("customer", "/billing"), "/billing/success": ("customer", "/billing/success"),
        "/profile": ("customer", "/profile"), "/security": ("customer", "/security"),
        "/privacy": ("customer", "/privacy"), "/activity": ("customer", "/activity"),
        "/admin": ("admin", "/admin"), "/admin/customers": ("admin", "/admin/customers"),
        "/admin/customer": ("admin", f"/admin/customer?id={customer}"),
        "/admin/support": ("admin", "/admin/support"),
        "/admin/support/thread": ("admin", f"/admin/support/thread?id={thread}"),
        "/admin/support/register": ("admin", f"/admin/support/register?thread={thread}"),
        "/admin/agreements": ("admin", "/admin/agreements"), "/admin/heirs": ("admin", "/admin/heirs"),
        "/admin/maintenance": ("admin", "/admin/maintenance"), "/admin/audit": ("admin", "/admin/audit"),
        # server-rendered pages
        "/heir/claim": ("visitor", "/heir/claim"), "/heir/register": ("heir", "/heir/register"),
        "/heir/object": ("visitor", "/heir/object?token=ogiltig-länk"),
        "/s/{token}": ("visitor", "/s/ogiltig-delad-länk"),
        "/dev/mailbox": ("visitor", "/dev/mailbox"), "/auth/verify": ("visitor", "/auth/verify?token=ogiltig"),
        "/auth/second-factor-removal": ("visitor", "/auth/second-factor-removal?token=ogiltig"),
        "/auth/second-factor-removal/stop": ("visitor", "/auth/second-factor-removal/stop?token=ogiltig"),
    }


# GET routes of the HTML modules that are not pages: downloads and the heir's one-time link.
NOT_PAGES = {"/privacy/export", "/heir/register.pdf", "/heir/access", "/s/{token}/report.pdf",
             "/s/{token}/files/{file_id}/{variant}"}
HTML_MODULES = {"cleverstore.api.heir_routes", "cleverstore.api.privacy_routes", "cleverstore.api.second_factor_routes",
                "cleverstore.api.shared_link_routes"}


def _registered_routes() -> set[str]:
    from cleverstore import pages  # noqa: F401  (every page module registers itself)
    from cleverstore.api.app import _routes
    from cleverstore.pages.registry import PAGES

    html = {route.path for route in _routes() if "GET" in route.methods and route.endpoint.__module__ in HTML_MODULES}
    return {spec.route for spec in PAGES} | (html - NOT_PAGES)


def test_every_registered_route_is_visited():
    """A new page cannot be forgotten: every route is in the list the browser test walks."""
    assert _registered_routes() - set(_visits({"items": [1], "thread": 1, "customer_id": 1})) == set()


def _settle(page) -> None:
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('main') || !/Laddar …/.test(document.querySelector('main').innerText)"
                           " || document.querySelectorAll('main *').length > 12", timeout=15_000)
    page.wait_for_timeout(300)


def _check(page, route: str, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.wait_for_timeout(150)
    problems = [f"overflow: {p}" for p in page_checks.overflow(page)]
    if width in PHONE_WIDTHS:
        problems += [f"small target: {p}" for p in page_checks.small_targets(page)]
    problems += [f"broken word: {p}" for p in page_checks.broken_words(page)]
    if width in AXE_WIDTHS:
        problems += [f"axe: {p}" for p in page_checks.axe_problems(page)]
    name = route.strip("/").replace("/", "-") or "home"
    page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=width < 700)
    return [f"{route} @ {width}px: {p}" for p in problems]


def test_every_page_fits_a_phone(browser, app_server):
    assert page_checks.axe_available(), "axe-core missing: run `make test-tools`"
    SHOTS.mkdir(parents=True, exist_ok=True)
    seeded = _seed(app_server)
    contexts = {
        "visitor": _context(browser, app_server),
        "customer": _context(browser, app_server, [("cs_session", seeded["customer_token"], "/")]),
        "admin": _context(browser, app_server, [("cs_admin", seeded["admin_token"], "/")]),
        "heir": _context(browser, app_server),
    }
    csp: list[str] = []
    pages = {}
    for who, context in contexts.items():
        pages[who] = context.new_page()
        pages[who].on("console", lambda message: csp.append(message.text)
                      if "Content Security Policy" in message.text else None)
    try:
        customer = contexts["customer"]
        items = seeded["items"]
        for number, item_id in enumerate(items[:4]):
            _upload(customer, app_server, item_id, "photo", f"foto-{number}.jpg", jpeg_with_gps(640, 480), "image/jpeg")
        _upload(customer, app_server, items[0], "photo", "baksida.png", png_bytes(400, 300), "image/png")
        _upload(customer, app_server, items[0], "receipt", "kvitto-urmakare-stockholm-2024.pdf", tiny_pdf(),
                "application/pdf")
        heir = pages["heir"]
        heir.goto(app_server.url(f"/heir/access?token={seeded['heir_invite']}"))
        expect(heir.get_by_text("Armband/sur Omega Seamaster Professional").first).to_be_visible()

        problems: list[str] = []
        sample = {"/register", "/object", "/object/new", "/login", "/billing", "/admin/customers", "/heir/register",
                  "/dev/mailbox", "/profile", "/admin"}
        for route, (who, address) in _visits(seeded).items():
            page = pages[who]
            page.set_viewport_size({"width": 1280, "height": HEIGHT})
            page.goto(app_server.url(address))
            _settle(page)
            for width in WIDTHS + (SAMPLE_WIDTHS if route in sample else ()):
                problems += _check(page, route, width)
        assert problems == [], "\n".join(problems)
    finally:
        for context in contexts.values():
            context.close()
    assert [c for c in csp if "axe" not in c] == []


def test_the_phone_menu_and_tab_bar(browser, app_server):
    """Below 700 px: the menu button opens every place and closes on Esc; the tab bar marks the current place."""
    seeded = _seed(app_server)
    context = _context(browser, app_server, [("cs_session", seeded["customer_token"], "/")])
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 375, "height": HEIGHT})
        page.goto(app_server.url("/reports"))
        # the page as a person meets it: its own content has arrived (the frame is final by then)
        expect(page.get_by_role("heading", name="Senaste rapporter (sparas i 24 timmar)")).to_be_visible()
        menu = page.get_by_role("button", name="Meny")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(menu).to_have_attribute("aria-controls", "site-menu")
        expect(page.get_by_role("link", name="Säkerhet och enheter")).to_have_count(0)
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        panel = page.locator("#site-menu")
        for name in ("Mitt register", "Översikt", "Rapporter", "Support", "Profil", "Abonnemang",
                     "Säkerhet och enheter", "Mina uppgifter", "Aktivitetslogg"):
            expect(panel.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(panel.get_by_role("button", name="English")).to_be_visible()
        expect(panel.get_by_role("button", name="Logga ut")).to_be_visible()
        page.keyboard.press("Escape")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(panel).to_be_hidden()
        tabs = page.get_by_role("navigation", name="Genvägar")
        expect(tabs.get_by_role("link")).to_have_text(["Register", "Lägg till", "Rapporter", "Konto"])
        expect(tabs.get_by_role("link", name="Rapporter")).to_have_attribute("aria-current", "page")
        expect(tabs.get_by_role("link", name="Register")).to_have_attribute("aria-current", "false")
        menu.click()
        panel.get_by_role("link", name="Aktivitetslogg").click()
        expect(page).to_have_url(app_server.url("/activity"))
        expect(page.get_by_role("button", name="Meny")).to_have_attribute("aria-expanded", "false")
        # a wide screen: one row, the account's places under "Konto"
        page.set_viewport_size({"width": 1280, "height": HEIGHT})
        expect(page.get_by_role("button", name="Meny")).to_be_hidden()
        expect(tabs).to_be_hidden()
        row = page.locator(".nav-row")
        assert row.evaluate("(el) => new Set(Array.from(el.children).map((c) => Math.round(c.getBoundingClientRect().top))).size") == 1
        page.get_by_role("button", name="Konto").click()
        expect(page.get_by_role("link", name="Mina uppgifter")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Mina uppgifter")).to_be_hidden()
    finally:
        context.close()
