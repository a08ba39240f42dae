"""A customer's day in the browser: the support picker finds any object, the language switch changes every
text at once, a refused object form shows its errors, and maintenance keeps the page's address."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import sign_up, unique_email


def _database(app_server):
    from sqlmodel import Session

    from cleverstore.db import make_engine

    engine = make_engine(app_server.database_url)
    return engine, Session(engine)


def _seed_objects(app_server, email: str) -> None:
    """Thirty books before the lamp in the alphabet: the old list showed only the first 25."""
    from sqlmodel import select

    from cleverstore.models import Account
    from cleverstore.services.register import items

    engine, db = _database(app_server)
    with db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        for number in range(30):
            items.create_item(db, account.id, {"name": f"Bok {number:02d}", "quantity": "1"})
        items.create_item(db, account.id, {"name": "Ö-lampa", "quantity": "1"})
        db.commit()
    engine.dispose()


def _maintenance(app_server, on: bool) -> None:
    from cleverstore.models import MaintenanceWindow

    engine, db = _database(app_server)
    with db:
        db.add(MaintenanceWindow(enabled=on, message_sv="Vi uppgraderar tjänsten till klockan 18." if on else "",
                                 message_en="We are upgrading until 6 pm." if on else ""))
        db.commit()
    engine.dispose()


def _both_sizes(page, artifacts, name: str) -> None:
    for label, size in (("375", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=artifacts / f"{name}-{label}.png", full_page=label == "375")
    page.set_viewport_size(DESKTOP)


def test_support_picker_language_form_focus_and_maintenance(new_page, app_server, artifacts):
    email = unique_email("dag")
    customer = new_page()
    sign_up(customer, app_server.base_url, name="Dagny Dagsverk", email=email)
    _seed_objects(app_server, email)

    # support: the picker searches the whole register; the thread shows the chosen object, linked
    customer.goto(app_server.url("/support"))
    customer.get_by_label("Sök föremål i ditt register").fill("ö-lampa")
    customer.get_by_role("button", name="Ö-lampa").click()
    expect(customer.locator("#support-object-chosen")).to_have_text("Ö-lampa")
    customer.get_by_label("Ämne").fill("Lampans värde")
    customer.get_by_label("Meddelande").fill("Vad är lampan värd?")
    _both_sizes(customer, artifacts, "support-picker")
    customer.get_by_role("button", name="Skicka", exact=True).click()
    expect(customer.get_by_role("heading", name="Lampans värde")).to_be_visible()
    link = customer.locator("#support-thread-object")
    expect(link).to_have_text("Ö-lampa")
    expect(link).to_have_attribute("href", re.compile(r"/object\?id=\d+$"))
    _both_sizes(customer, artifacts, "support-thread-object")

    # language: the register's rows follow the switch at once, no reload
    customer.goto(app_server.url("/register"))
    statuses = customer.locator("table.items span.status")
    expect(statuses.first).to_have_text("I bruk")
    customer.get_by_role("button", name="English").click()
    expect(statuses.first).to_have_text("In use")
    expect(statuses.filter(has_text="I bruk")).to_have_count(0)
    _both_sizes(customer, artifacts, "register-english")
    customer.get_by_role("button", name="Svenska").click()
    expect(statuses.first).to_have_text("I bruk")

    # the object form: a refused save puts focus and view on the summary; status fields only for their status
    customer.goto(app_server.url("/object/new"))
    expect(customer.get_by_label("Utlånad till", exact=True)).to_be_hidden()
    customer.get_by_label("Status", exact=True).select_option("lent_out")
    expect(customer.get_by_label("Utlånad till", exact=True)).to_be_visible()
    expect(customer.get_by_label("Köpare", exact=True)).to_be_hidden()
    customer.get_by_label("Status", exact=True).select_option("in_use")
    customer.get_by_label("Namn", exact=True).fill("Soffa")
    customer.get_by_label("Inköpspris (kr/st)", exact=True).fill("tolv tusen")
    customer.get_by_role("button", name="Spara").click()
    summary = customer.locator("#item-error-summary")
    expect(summary).to_contain_text("1")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    _both_sizes(customer, artifacts, "object-form-refused")

    # maintenance: the message only, at the page's own address, for the customer and for a visitor
    visitor = new_page(PHONE)
    try:
        _maintenance(app_server, True)
        customer.goto(app_server.url("/register"))
        expect(customer.get_by_text("Vi uppgraderar tjänsten till klockan 18.")).to_be_visible()
        expect(customer).to_have_url(re.compile(r".*/register/?$"))
        expect(customer.get_by_role("link", name="Logga in")).to_have_count(0)
        expect(customer.get_by_role("link", name="Skapa konto")).to_have_count(0)
        _both_sizes(customer, artifacts, "maintenance-register")
        visitor.goto(app_server.url("/security"))
        expect(visitor.get_by_text("Vi uppgraderar tjänsten till klockan 18.")).to_be_visible()
        visitor.wait_for_timeout(1000)  # an on_load redirect would have happened by now
        expect(visitor).to_have_url(re.compile(r".*/security/?$"))
        expect(visitor.get_by_role("link", name="Logga in")).to_have_count(0)
    finally:
        _maintenance(app_server, False)
