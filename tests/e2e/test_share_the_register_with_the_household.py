"""Household members in the browser: Anna invites Erik as editor; Erik, new here, follows the mailed link on
his phone, creates an account, joins and edits an object in Anna's register (the history names him); Anna
sees him with his last activity, makes him a viewer, and his next edit is not offered; then she removes him."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    add_object,
    confirm_and_log_in,
    fill_sign_up,
    mail_in_dev_mailbox,
    sign_up,
    unique_email,
)


def _invite(anna, base_url: str, email: str, role: str) -> None:
    anna.goto(base_url + "/members")
    expect(anna.get_by_role("heading", name="Personer som delar ditt register")).to_be_visible()
    expect(anna.locator("#member-limit")).to_have_text("Din plan låter dig dela registret med en person. Nu: 0.")
    anna.get_by_label("E-postadress").fill(email)
    anna.get_by_label("Roll").select_option(label=role)
    anna.get_by_role("button", name="Skicka inbjudan").click()
    expect(anna.get_by_role("status").filter(has_text="Inbjudan är skickad")).to_be_visible()
    expect(anna.locator(".invite-card")).to_contain_text(email)


def _erik_joins(erik, base_url: str, email: str, artifacts) -> None:
    """The mailed link on a phone: who invites and as what; sign up with that address, confirm, log in, join."""
    mail = mail_in_dev_mailbox(erik, base_url, email, "Anna Andersson vill dela sitt register i CleverStore med dig")
    link = mail.get_by_role("link").filter(has_text="/members/join").first.get_attribute("href")
    erik.goto(link)
    expect(erik.get_by_text("Du är inbjuden till registret som")).to_contain_text("Anna Andersson")
    expect(erik.get_by_text("Du är inbjuden till registret som")).to_contain_text("som redigerare")
    erik.screenshot(path=artifacts / "members-join-375.png", full_page=True)
    erik.locator("#main").get_by_role("link", name="Skapa konto").click()
    fill_sign_up(erik, base_url, name="Erik Eriksson", email=email, on_open_page=True)
    confirm_and_log_in(erik, base_url, email, lands_on="/members")  # no subscription: the invitation waits
    expect(erik.get_by_text("Anna Andersson vill dela sitt register med dig som redigerare.")).to_be_visible()
    erik.screenshot(path=artifacts / "members-invitation-waits-375.png", full_page=True)
    erik.get_by_role("button", name="Gå med").click()
    expect(erik).to_have_url(re.compile(r".*/register/?$"))
    expect(erik.locator("#register-current")).to_have_text("Anna Andersson (delat med dig, redigerare)")


def test_anna_shares_her_register_and_erik_edits_then_only_looks(new_page, app_server, artifacts):
    base_url = app_server.base_url
    anna_email, erik_email = unique_email("anna"), unique_email("erik")
    anna = new_page()
    sign_up(anna, base_url, name="Anna Andersson", email=anna_email)
    add_object(anna, base_url, name="Soffa", price="8000")
    _invite(anna, base_url, erik_email, "Redigerare")
    anna.screenshot(path=artifacts / "members-owner-1280.png", full_page=True)
    phone = new_page(PHONE)  # the same page on Anna's phone
    phone.context.add_cookies(anna.context.cookies())
    phone.goto(base_url + "/members")
    expect(phone.locator(".invite-card")).to_contain_text(erik_email)
    phone.screenshot(path=artifacts / "members-owner-375.png", full_page=True)

    erik = new_page(PHONE)
    _erik_joins(erik, base_url, erik_email, artifacts)
    expect(erik.get_by_role("link", name="Soffa").first).to_be_visible()
    erik.screenshot(path=artifacts / "members-register-as-editor-375.png", full_page=True)
    erik.get_by_role("link", name="Soffa").first.click()
    erik.get_by_role("link", name="Ändra").click()
    erik.get_by_label("Namn", exact=True).fill("Soffa grå")
    erik.get_by_role("button", name="Spara").click()
    expect(erik.get_by_role("heading", level=1)).to_have_text("Soffa grå")
    expect(erik.locator("td").filter(has_text="Erik Eriksson").first).to_be_visible()  # the history names him

    anna.goto(base_url + "/members")
    card = anna.locator(".member-card").filter(has_text="Erik Eriksson")
    expect(card).to_contain_text(erik_email)
    expect(card).not_to_contain_text("inte ännu")  # his last activity is shown
    anna.goto(base_url + "/activity")
    expect(anna.get_by_text("Erik Eriksson: Föremål ändrades")).to_be_visible()
    anna.goto(base_url + "/members")
    anna.locator(".member-card").filter(has_text="Erik Eriksson").get_by_label("Roll").select_option(label="Läsare")
    expect(anna.get_by_role("status").filter(has_text="Erik Eriksson har en ny roll")).to_be_visible()
    anna.screenshot(path=artifacts / "members-owner-viewer-1280.png", full_page=True)

    erik.goto(base_url + "/register")  # his next click: a viewer
    expect(erik.locator("#register-current")).to_have_text("Anna Andersson (delat med dig, läsare)")
    expect(erik.locator("#viewer-note")).to_be_visible()
    expect(erik.get_by_role("heading", level=1)).to_have_text("Delat register: Anna Andersson")
    expect(erik.get_by_role("navigation", name="Genvägar").get_by_role("link", name="Lägg till")).to_have_count(0)
    expect(erik.get_by_role("link", name="Lägg till föremål")).to_have_count(0)
    erik.get_by_role("link", name="Soffa grå").first.click()
    expect(erik.get_by_role("heading", level=1)).to_have_text("Soffa grå")
    expect(erik.get_by_role("heading", name="Ändringshistorik")).to_be_visible()
    expect(erik.get_by_role("link", name="Ändra")).to_have_count(0)
    expect(erik.get_by_role("button", name="Ta bort")).to_have_count(0)
    expect(erik.get_by_text("Ta eller välj foto")).to_have_count(0)  # no uploads offered to a viewer
    erik.screenshot(path=artifacts / "members-object-as-viewer-375.png", full_page=True)

    anna.locator(".member-card").filter(has_text="Erik Eriksson").get_by_role("button", name="Ta bort ur registret").click()
    anna.get_by_role("button", name="Ja, ta bort").click()
    expect(anna.get_by_role("status").filter(has_text="Erik Eriksson kommer inte längre åt registret")).to_be_visible()
    erik.goto(base_url + "/register")
    expect(erik).to_have_url(re.compile(r".*/billing/?$"))  # back to his own register: not paid for
    expect(erik.get_by_text("Soffa grå")).to_have_count(0)
