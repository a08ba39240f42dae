"""Pay, use the register, fail a renewal (locked on the next click), pay in the portal (open again)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import add_object, mail_in_dev_mailbox, sign_up_unpaid, subscribe, unique_email


def test_subscribe_lock_on_failed_renewal_and_unlock_in_portal(app_server, new_page, artifacts):
    page = new_page()
    base = app_server.base_url
    email = unique_email("berit")
    sign_up_unpaid(page, base, name="Berit Betalare", email=email)
    expect(page.get_by_text("495 kr per år")).to_be_visible()
    page.screenshot(path=str(artifacts / "billing-plans.png"), full_page=True)

    # the register stays closed before paying
    page.goto(base + "/register")
    expect(page).to_have_url(re.compile(r".*/billing/?$"))

    subscribe(page, "Plus", card="4000 0000 0000 0341")  # pays now, fails at renewal
    page.screenshot(path=str(artifacts / "billing-confirmed.png"), full_page=True)
    page.get_by_role("link", name="Till mitt register").click()
    expect(page.get_by_role("heading", name="Mitt register")).to_be_visible()
    add_object(page, base, name="Cykel", price="4 500")
    expect(page.get_by_role("heading", name="Cykel", level=1)).to_be_visible()

    _advance_to_the_failed_renewal(app_server)

    page.get_by_role("link", name="Mitt register").click()  # the next click
    expect(page).to_have_url(re.compile(r".*/billing/?$"))
    expect(page.get_by_role("heading", name="Ditt register är låst")).to_be_visible()
    expect(page.get_by_role("cell", name="Obetald")).to_be_visible()
    # which period's payment failed and what to pay, never the period's end beside it (it read as paid)
    expect(page.get_by_text(re.compile(r"Betalningen för perioden \d{4}-\d\d-\d\d–\d{4}-\d\d-\d\d misslyckades"))).to_be_visible()
    expect(page.get_by_text("Att betala:")).to_be_visible()
    expect(page.get_by_text("Perioden löper till")).to_have_count(0)
    page.screenshot(path=str(artifacts / "billing-locked.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / "billing-locked-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    page.get_by_role("button", name="Byt kort och betala").click()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Update card").click()
    expect(page.get_by_text("Card updated.")).to_be_visible()
    page.get_by_role("link", name="Return to CleverStore").click()
    expect(page.get_by_role("heading", name="Ditt abonnemang")).to_be_visible()
    expect(page.get_by_role("heading", name="Ditt register är låst")).to_have_count(0)

    page.goto(base + "/register")
    expect(page.get_by_role("heading", name="Mitt register")).to_be_visible()
    expect(page.get_by_role("link", name="Cykel")).to_be_visible()

    # the failed try was mailed with its amount and a link straight to pay the invoice
    failed = mail_in_dev_mailbox(page, base, email, "Betalningen för CleverStore gick inte igenom")
    expect(failed).to_contain_text("Betala fakturan direkt här:")
    expect(failed).to_contain_text("/billing")
    failed.screenshot(path=str(artifacts / "mail-payment-failed.png"))


def _advance_to_the_failed_renewal(app_server) -> None:
    """Move Stripe's clock renewal by renewal until this customer's card fails (other browser tests'
    subscriptions may renew first: the clock is shared)."""
    def failures() -> int:
        return [event["type"] for event in app_server.emulator.events].count("invoice.payment_failed")

    before = failures()
    for _ in range(50):
        app_server.emulator_control("clock/advance", to="next_renewal")
        if failures() > before:
            return
    raise AssertionError("the renewal never failed")
