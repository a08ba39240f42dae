"""A customer's bulk actions are safe: a move needs a chosen place, and a bulk delete is undone from its message."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import add_object, sign_up, unique_email


def test_bulk_move_needs_a_place_and_undo_brings_back_a_bulk_delete(new_page, app_server, artifacts):
    page = new_page()
    sign_up(page, app_server.base_url, name="Kajsa Kajak", email=unique_email("kajsa"))
    add_object(page, app_server.base_url, name="Kajak", location="Villa › Garage", price="8 000")
    add_object(page, app_server.base_url, name="Paddel", location="Villa › Garage", price="900")

    page.goto(app_server.url("/register"))
    expect(page.locator("nav.pager")).to_contain_text("2 föremål")
    kayak = page.get_by_label("Välj Kajak")
    kayak.click()  # the box follows the server's answer (a controlled input): wait for it, don't assume it
    expect(kayak).to_be_checked()
    expect(page.get_by_text("1 valda")).to_be_visible()
    # no default target: the placeholder is chosen and the button cannot be pressed
    place = page.get_by_label("Flytta till plats")
    expect(place).to_have_value("")
    move = page.get_by_role("button", name="Flytta valda")
    expect(move).to_be_disabled()
    place.select_option(label="Ta bort platsen (ingen plats)")
    expect(move).to_be_enabled()
    page.screenshot(path=artifacts / "bulk-move-choice.png", full_page=True)

    # delete it, then undo from the success message: it is back, with its place
    page.get_by_role("button", name="Ta bort valda").click()
    page.get_by_role("button", name="Ja, ta bort dem").click()
    expect(page.get_by_text("1 föremål har tagits bort.")).to_be_visible()
    expect(page.get_by_role("link", name="Kajak")).to_have_count(0)
    page.screenshot(path=artifacts / "bulk-delete-undo.png", full_page=True)
    page.get_by_role("button", name="Ångra").click()
    expect(page.get_by_text("Ändringen är ångrad")).to_be_visible()
    expect(page.get_by_role("link", name="Kajak")).to_be_visible()
    expect(page.locator("nav.pager")).to_contain_text("2 föremål")
    page.get_by_role("link", name="Kajak").click()
    expect(page.get_by_text("Villa › Garage").first).to_be_visible()
