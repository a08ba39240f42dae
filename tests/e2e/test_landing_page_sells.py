"""The landing page sells: real screenshots, a button on every plan, and the chosen plan waits on the
billing page after sign-up; SuperPro's button ends in a request the admin reads."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import (
    admin_log_in,
    confirm_and_log_in,
    create_admin,
    fill_sign_up,
    unique_email,
)
from tests.e2e.page_checks import broken_words, overflow, small_targets

SHOTS = ("Registret i CleverStore på en mobil", "Registret i CleverStore på en dator")


def _images_loaded(page) -> None:
    for name in SHOTS:
        shot = page.get_by_role("img", name=re.compile(name))
        shot.scroll_into_view_if_needed()
        expect(shot).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shot.element_handle())


def test_landing_shows_the_product_and_every_plan_leads_on(new_page, app_server, artifacts):
    for viewport, width in ((PHONE, 375), (DESKTOP, 1280)):
        page = new_page(viewport)
        page.goto(app_server.url("/"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator(".plan")).to_have_count(3)
        _images_loaded(page)
        for card in page.locator(".plan").all():
            action = card.locator("a.button")
            expect(action).to_have_count(1)
            assert re.fullmatch(r"/signup\?plan=\w+", action.get_attribute("href"))
        expect(page.get_by_role("link", name="Välj Plus")).to_be_visible()
        expect(page.get_by_role("link", name="Begär offert för företag")).to_be_visible()
        assert overflow(page) == [], width
        assert broken_words(page) == [], width
        if width < 700:
            assert small_targets(page) == [], width
        page.screenshot(path=str(artifacts / f"landing-{width}.png"), full_page=True)


def test_the_plan_chosen_on_the_landing_page_waits_on_the_billing_page(new_page, app_server, artifacts):
    page = new_page(PHONE)
    page.goto(app_server.url("/"))
    page.get_by_role("link", name="Välj Plus").click()
    expect(page).to_have_url(re.compile(r".*/signup/?\?plan=plus$"))
    expect(page.locator("#signup-plan")).to_have_text("Plus")
    page.screenshot(path=str(artifacts / "signup-plus-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(artifacts / "signup-plus-1280.png"), full_page=True)
    email = unique_email("plusval")
    fill_sign_up(page, app_server.base_url, name="Pia Plusval", email=email, on_open_page=True)
    confirm_and_log_in(page, app_server.base_url, email)
    chosen = page.locator(".plan-chosen")
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_attribute("data-plan", "plus")
    expect(chosen.get_by_text("Ditt val")).to_be_visible()
    expect(page.locator(".plan", has_text="Bas").get_by_text("Ditt val")).to_have_count(0)
    page.screenshot(path=str(artifacts / "billing-plus-chosen-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / "billing-plus-chosen-375.png"), full_page=True)


def test_an_unknown_plan_in_the_address_is_ignored(new_page, app_server):
    page = new_page(DESKTOP)
    page.goto(app_server.url("/signup?plan=platinum"))
    expect(page.get_by_role("button", name="Skapa konto")).to_be_visible()
    expect(page.locator("#signup-plan")).to_have_count(0)


def test_superpro_leads_to_a_request_the_admin_reads(new_page, app_server):
    page = new_page(DESKTOP)
    page.goto(app_server.url("/"))
    page.get_by_role("link", name="Begär offert för företag").click()
    expect(page).to_have_url(re.compile(r".*/signup/?\?plan=superpro$"))
    expect(page.locator("#signup-plan")).to_have_text("SuperPro")
    expect(page.get_by_label("Företag", exact=True)).to_be_checked()
    email = unique_email("koncern")
    page.get_by_label("Organisationsnummer").fill("556036-0793")
    fill_sign_up(page, app_server.base_url, name="Koncernen AB", email=email, on_open_page=True)
    confirm_and_log_in(page, app_server.base_url, email)
    expect(page.locator("section.panel-chosen", has=page.get_by_role("heading", name="SuperPro för flera företag")))\
        .to_be_visible()
    page.get_by_label("Antal företag").fill("4")
    page.get_by_label("Vad behöver ni?").fill("Fyra bolag i koncernen, ett register var.")
    page.get_by_role("button", name="Skicka förfrågan").click()
    expect(page.get_by_text("Tack! Vi har tagit emot din förfrågan")).to_be_visible()

    admin_email = unique_email("admin-offert")
    secret = create_admin(app_server, admin_email)
    admin = new_page(DESKTOP)
    admin_log_in(admin, app_server, admin_email, secret)
    admin.goto(app_server.url("/admin/agreements"))
    expect(admin.get_by_text("Fyra bolag i koncernen, ett register var.")).to_be_visible()
