"""Reminders in the app: a customer with a warranty that ends soon and a lent drill not returned sees both on
/reminders, each a link to its object; turns the lent-object reminders off in the profile; the list then shows
only the warranty. Phone first (375 px) and wide (1280 px)."""
from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e import page_checks
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.e2e.helpers import log_in, sign_up, unique_email


def _seed(app_server, email: str) -> dict[str, int]:
    from sqlmodel import Session, select

    from cleverstore.db import make_engine
    from cleverstore.models import Account
    from cleverstore.services.register import items

    today = date.today()
    engine = make_engine(app_server.database_url)
    with Session(engine) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        ids = {
            "dishwasher": items.create_item(db, account.id, {
                "name": "Diskmaskin Bosch Serie 6", "purchase_price": "8990",
                "warranty_end": (today + timedelta(days=12)).isoformat()}).id,
            "drill": items.create_item(db, account.id, {
                "name": "Borrmaskin Makita", "status": "lent_out", "lent_to": "Grannen Per",
                "lent_until": (today - timedelta(days=4)).isoformat()}).id,
        }
        db.commit()
    engine.dispose()
    return ids


def _fits(page) -> None:
    assert page_checks.overflow(page) == []
    assert page_checks.broken_words(page) == []
    if page.viewport_size["width"] < 700:
        assert page_checks.small_targets(page) == []


def test_reminders_listed_and_one_kind_turned_off(new_page, app_server):
    shots = ARTIFACTS / "reminders"
    shots.mkdir(parents=True, exist_ok=True)
    page = new_page(PHONE)
    email = unique_email("karin")
    sign_up(page, app_server.base_url, name="Karin Lindqvist", email=email)
    ids = _seed(app_server, email)

    page.goto(app_server.url("/reminders"))
    expect(page.get_by_role("heading", name="Påminnelser", level=1)).to_be_visible()
    cards = page.locator("li.reminder")
    expect(cards).to_have_count(2)
    drill = page.get_by_role("link", name=re.compile(r"^Borrmaskin Makita skulle ha lämnats tillbaka"))
    expect(drill).to_have_attribute("href", f"/object?id={ids['drill']}")
    expect(page.get_by_role("link", name=re.compile(r"^Garantin för Diskmaskin Bosch Serie 6 går ut"))) \
        .to_have_attribute("href", f"/object?id={ids['dishwasher']}")
    _fits(page)
    page.screenshot(path=shots / "reminders-before-375.png", full_page=True)

    # the profile's reminder settings: lent objects off, a monthly summary
    page.get_by_role("link", name="Ändra vad vi påminner om").click()
    expect(page).to_have_url(re.compile(r"/profile/?#reminders$"))
    settings = page.locator("form#reminders")
    lent = settings.get_by_label("Ett utlånat föremål har inte lämnats tillbaka i tid")
    expect(lent).to_be_checked()
    lent.uncheck()
    settings.get_by_label("Hur ofta e-post skickas").select_option("monthly")
    settings.get_by_role("button", name="Spara påminnelser").click()
    expect(page.get_by_text("Dina val för påminnelser är sparade.")).to_be_visible()
    expect(settings.get_by_label("Ett utlånat föremål har inte lämnats tillbaka i tid")).not_to_be_checked()
    expect(settings.get_by_label("Hur ofta e-post skickas")).to_have_value("monthly")
    settings.scroll_into_view_if_needed()
    _fits(page)
    page.screenshot(path=shots / "profile-reminders-375.png", full_page=False)

    page.reload()
    expect(page.locator("form#reminders").get_by_label("En garanti går ut inom 30 dagar")).to_be_checked()
    expect(page.locator("form#reminders").get_by_label("Ett utlånat föremål har inte lämnats tillbaka i tid")) \
        .not_to_be_checked()

    page.goto(app_server.url("/reminders"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Diskmaskin Bosch Serie 6")
    page.screenshot(path=shots / "reminders-after-375.png", full_page=True)
    cards.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/object\?id={ids['dishwasher']}$"))
    expect(page.get_by_role("heading", name="Diskmaskin Bosch Serie 6")).to_be_visible()

    wide = new_page(DESKTOP)
    log_in(wide, app_server.base_url, email)
    wide.goto(app_server.url("/reminders"))
    expect(wide.locator("li.reminder")).to_have_count(1)
    _fits(wide)
    wide.screenshot(path=shots / "reminders-1280.png", full_page=True)
    wide.goto(app_server.url("/profile#reminders"))
    expect(wide.locator("form#reminders")).to_be_visible()
    wide.screenshot(path=shots / "profile-reminders-1280.png", full_page=True)
