"""SuperPro: an admin sets up two company registers; the customer switches and keeps objects apart."""

from playwright.sync_api import expect

from tests.e2e.helpers import (
    PASSWORD,
    admin_log_in,
    confirm_and_log_in,
    create_admin,
    fill_sign_up,
    subscribe,
    unique_email,
)

ALFA_ORG, BETA_ORG = "556900-1018", "556900-2024"


def _sign_up_company(page, base_url: str, email: str) -> None:
    fill_sign_up(page, base_url, name="Redovisningsbyrån AB", email=email, org_number="559030-3979")
    confirm_and_log_in(page, base_url, email)
    subscribe(page, "Plus")
    page.get_by_role("link", name="Till mitt register").click()
    expect(page.get_by_role("heading", name="Mitt register")).to_be_visible()


def _add_register(admin, name: str, org_number: str) -> None:
    form = admin.locator("form", has=admin.get_by_role("button", name="Lägg upp företagsregister"))
    form.get_by_label("Företagets namn").fill(name)
    form.get_by_label("Organisationsnummer").fill(org_number)
    form.get_by_role("button", name="Lägg upp företagsregister").click()
    expect(admin.get_by_role("status")).to_contain_text(f"Företagsregistret {name} är upplagt.")


def _switch(page, label: str) -> None:
    page.get_by_label("Företag", exact=True).select_option(label=label)
    expect(page.locator("#register-current")).to_have_text(label)


def test_admin_sets_up_company_registers_and_the_customer_switches(new_page, app_server, artifacts):
    admin_email, customer_email = unique_email("superops"), unique_email("byran")
    secret = create_admin(app_server, admin_email)
    customer = new_page()
    _sign_up_company(customer, app_server.base_url, customer_email)
    expect(customer.get_by_label("Företag", exact=True)).to_have_count(0)  # no switcher without company registers

    admin = new_page()
    admin_log_in(admin, app_server, admin_email, secret)
    admin.goto(app_server.url("/admin/customers"))
    admin.locator("#admin-query").fill(customer_email)
    admin.get_by_role("button", name="Sök", exact=True).click()
    admin.get_by_role("link", name="Redovisningsbyrån AB").click()
    expect(admin.get_by_role("heading", name="Företagsregister (SuperPro)")).to_be_visible()
    _add_register(admin, "Alfa Fastigheter AB", ALFA_ORG)
    _add_register(admin, "Beta Bygg AB", BETA_ORG)
    expect(admin.locator("table").get_by_role("textbox").nth(0)).to_have_value("Alfa Fastigheter AB")

    alfa, beta = f"Alfa Fastigheter AB ({ALFA_ORG})", f"Beta Bygg AB ({BETA_ORG})"
    customer.goto(app_server.url("/register"))
    expect(customer.locator("#register-current")).to_have_text("Redovisningsbyrån AB (559030-3979)")
    _switch(customer, beta)
    customer.get_by_role("link", name="Lägg till föremål").first.click()
    customer.get_by_label("Namn", exact=True).fill("Grävmaskin Volvo EC220")
    customer.get_by_role("button", name="Spara").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text("Grävmaskin Volvo EC220")
    customer.goto(app_server.url("/register"))
    expect(customer.locator("#register-current")).to_have_text(beta)
    expect(customer.get_by_role("link", name="Grävmaskin Volvo EC220")).to_be_visible()
    customer.screenshot(path=artifacts / "superpro-switcher-1280.png")

    _switch(customer, alfa)
    expect(customer.get_by_role("link", name="Grävmaskin Volvo EC220")).to_have_count(0)
    customer.goto(app_server.url("/dashboard"))
    expect(customer.locator("#register-current")).to_have_text(alfa)

    phone = new_page({"width": 375, "height": 800})
    phone.goto(app_server.url("/login"))
    phone.get_by_label("E-postadress").fill(customer_email)
    phone.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    phone.get_by_role("button", name="Logga in").click()
    expect(phone.locator("#register-current")).to_have_text("Redovisningsbyrån AB (559030-3979)")
    _switch(phone, beta)
    expect(phone.get_by_role("link", name="Grävmaskin Volvo EC220")).to_be_visible()
    phone.screenshot(path=artifacts / "superpro-switcher-375.png")
