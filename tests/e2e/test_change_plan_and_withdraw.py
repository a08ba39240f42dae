"""A private customer's subscription on the billing page: the consent that the service starts at once, the
receipt by e-mail, Bas → Plus at the amount Stripe prorates (shown before confirming), and the 14-day
right of withdrawal (the refund explained, confirmed, mailed; the register locks)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import mail_in_dev_mailbox, sign_up_unpaid, subscribe, unique_email


def _both_widths(page, artifacts, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / f"{name}-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)


def test_bas_to_plus_at_the_amount_shown_with_a_receipt(app_server, new_page, artifacts):
    page, base, email = new_page(), app_server.base_url, unique_email("vera")
    sign_up_unpaid(page, base, name="Vera Växla", email=email)
    page.get_by_role("button", name="Välj Bas").click()  # without the consent: no checkout, and why
    expect(page.get_by_text("Kryssa i att tjänsten ska börja direkt")).to_be_visible()
    expect(page).to_have_url(re.compile(r".*/billing/?$"))
    subscribe(page, "Bas")

    receipt = mail_in_dev_mailbox(page, base, email, "Kvitto från CleverStore")
    expect(receipt).to_contain_text("varav moms 25 %")
    expect(receipt).to_contain_text("Fakturan som PDF")

    page.goto(base + "/billing")
    page.get_by_role("button", name="Byt till Plus").click()
    quote = page.locator("#plan-change-quote")
    expect(quote).to_contain_text("Byter du till Plus nu betalar du")
    amount = re.search(r"betalar du ([\d\s\u00a0,]+kr)", quote.inner_text()).group(1)
    _both_widths(page, artifacts, "billing-upgrade-quote")
    page.get_by_role("button", name=f"Byt och betala {amount}").click()
    expect(page.get_by_text("Klart! Du har nu Plus.")).to_be_visible()
    expect(page.locator("dd").filter(has_text="Plus")).to_be_visible()
    _both_widths(page, artifacts, "billing-upgraded")


def test_a_purchase_withdrawn_within_14_days_is_refunded_and_locks_the_register(app_server, new_page, artifacts):
    page, base, email = new_page(), app_server.base_url, unique_email("ulla")
    sign_up_unpaid(page, base, name="Ulla Ånger", email=email)
    subscribe(page, "Bas")
    page.goto(base + "/billing")
    expect(page.locator("#billing-withdrawal")).to_contain_text("Du har 14 dagars ångerrätt")
    expect(page.locator("#withdrawal-sum")).to_contain_text("Du får tillbaka")
    page.get_by_role("button", name="Ångra köpet").click()
    confirm = page.get_by_role("button", name=re.compile("Ja, ångra köpet och återbetala"))
    expect(confirm).to_be_visible()
    _both_widths(page, artifacts, "billing-withdrawal-confirm")
    confirm.click()
    expect(page.get_by_text("Köpet är ångrat.")).to_be_visible()
    _both_widths(page, artifacts, "billing-withdrawn")

    page.goto(base + "/register")  # locked as after a cancellation
    expect(page).to_have_url(re.compile(r".*/billing/?$"))
    mail = mail_in_dev_mailbox(page, base, email, "Du har ångrat köpet av CleverStore")
    expect(mail).to_contain_text("Vi återbetalar")
    page.screenshot(path=str(artifacts / "mail-withdrawal-1280.png"), full_page=True)


def test_a_late_notice_says_what_its_last_invoice_costs_before_and_after(app_server, new_page, artifacts):
    page, base, email = new_page(), app_server.base_url, unique_email("sigge")
    sign_up_unpaid(page, base, name="Sigge Sen", email=email)
    subscribe(page, "Bas")
    # bought 300 days ago (Stripe's backdated start): the renewal is 65 days away, inside the three months
    app_server.emulator_control("subscription/backdate", email=email, days="300")
    page.goto(base + "/billing")
    page.get_by_role("button", name="Säg upp abonnemanget").click()
    last = page.locator("#notice-last-invoice")
    expect(last).to_contain_text("Uppsägningstiden räcker in på nästa period. Sista fakturan blir")
    expect(last).to_contain_text("varav moms 25 %")
    shown = re.search(r"blir ([\d\s\u00a0,]+kr)", last.inner_text()).group(1)
    _both_widths(page, artifacts, "billing-late-notice")
    page.get_by_role("button", name="Bekräfta uppsägningen").click()
    expect(page.locator("p.success").filter(has_text="Abonnemanget är uppsagt och upphör den")).to_be_visible()

    mail = mail_in_dev_mailbox(page, base, email, "Din uppsägning är mottagen")
    expect(mail).to_contain_text(f"Din sista faktura blir därför {shown}")
    mail.screenshot(path=str(artifacts / "mail-late-notice.png"))
