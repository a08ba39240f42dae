"""No account enumeration through sign-up, in a real browser: a taken address shows exactly the page a new
address shows, the owner gets a notice in the dev mailbox, and an unconfirmed sign-up cannot log in yet."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import (
    fill_sign_up,
    mail_in_dev_mailbox,
    sign_up_unpaid,
    unique_email,
)

OTHER_PASSWORD = "någon annans lösenord"


def test_sign_up_with_a_taken_address_looks_like_a_new_one(new_page, app_server, artifacts):
    base = app_server.base_url
    owner_email = unique_email("olle")
    sign_up_unpaid(new_page(), base, name="Olle Ägare", email=owner_email)

    taken = new_page()
    fill_sign_up(taken, base, name="Eva Nyfiken", email=owner_email, password=OTHER_PASSWORD)
    expect(taken.get_by_role("status")).to_contain_text("Titta i din e-post")
    fresh = new_page()
    fresh_email = unique_email("nils")
    fill_sign_up(fresh, base, name="Nils Ny", email=fresh_email, password=OTHER_PASSWORD)
    expect(fresh.get_by_role("status")).to_contain_text("Titta i din e-post")
    # the same page word for word, at the same address, with the form gone in both
    assert taken.locator("main").inner_text() == fresh.locator("main").inner_text()
    assert taken.url == fresh.url and re.match(r".*/signup/?$", taken.url)
    expect(taken.get_by_role("button", name="Skapa konto")).to_have_count(0)
    taken.screenshot(path=artifacts / "privacy-signup-check-mail.png", full_page=True)

    # the owner hears about the attempt, with links to log in or choose a new password
    notice = mail_in_dev_mailbox(new_page(), base, owner_email, "Någon försökte skapa ett konto med din e-postadress")
    expect(notice).to_contain_text("inget nytt konto skapades")
    expect(notice.get_by_role("link", name=re.compile(r"\/login$"))).to_be_visible()
    expect(notice.get_by_role("link", name=re.compile(r"\/forgot$"))).to_be_visible()

    # logging in with what was typed: the same answer for the taken and the unconfirmed new address
    answers = []
    for email in (owner_email, fresh_email):
        page = new_page()
        page.goto(base + "/login")
        page.get_by_label("E-postadress").fill(email)
        page.get_by_label("Lösenord", exact=True).fill(OTHER_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("alert")).to_contain_text("Fel e-postadress eller lösenord.")
        expect(page).to_have_url(re.compile(r".*/login/?$"))
        answers.append(page.get_by_role("alert").inner_text())
    assert answers[0] == answers[1]
