"""SuperPro: an admin puts a company on a SuperPro agreement (its Plus subscription moves to the agreed price),
sets up two company registers; the customer switches and keeps objects apart."""

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
OWNER_ORG = "556900-0507"


def _sign_up_company(page, base_url: str, email: str) -> None:
    fill_sign_up(page, base_url, name="Redovisningsbyrån AB", email=email, org_number=OWNER_ORG)
    confirm_and_log_in(page, base_url, email)
    subscribe(page, "Plus", company=True)
    page.get_by_role("link", name="Till mitt register").click()
    expect(page.get_by_role("heading", name="Mitt register")).to_be_visible()


def _add_register(admin, name: str, org_number: str) -> None:
    form = admin.locator("form", has=admin.get_by_role("button", name="Lägg upp företagsregister"))
    form.get_by_label("Företagets namn").fill(name)
    form.get_by_label("Organisationsnummer").fill(org_number)
    form.get_by_role("button", name="Lägg upp företagsregister").click()
    expect(admin.get_by_role("status")).to_contain_text(f"Företagsregistret {name} är upplagt.")


def _put_on_superpro(admin, app_server, number: str, artifacts) -> None:
    """Admin → Avtal: SuperPro at an agreed price, 30 days; the form answers with what happened."""
    admin.goto(app_server.url("/admin/agreements"))
    form = admin.locator("form", has=admin.get_by_role("button", name="Sätt fakturavillkor"))
    form.get_by_label("Kundnummer").fill(number)
    form.get_by_label("Abonnemang").select_option(label="SuperPro")
    form.get_by_role("button", name="Sätt fakturavillkor").click()
    expect(form.locator(".field-error").filter(has_text="pris")).to_be_visible()  # SuperPro has no list price
    form.get_by_label("Avtalat årspris").fill("12000")
    form.get_by_role("button", name="Sätt fakturavillkor").click()
    expect(form.get_by_role("status")).to_contain_text(
        f"Kund {number} har nu SuperPro och betalar mot faktura med 30 dagars betalningsvillkor.")
    admin.screenshot(path=artifacts / "agreement-superpro-1280.png", full_page=True)


def _switch(page, label: str) -> None:
    page.get_by_label("Byt register", exact=True).select_option(label=label)
    expect(page.locator("#register-current")).to_have_text(label)


def test_admin_sets_up_company_registers_and_the_customer_switches(new_page, app_server, artifacts):
    admin_email, customer_email = unique_email("superops"), unique_email("byran")
    secret = create_admin(app_server, admin_email)
    customer = new_page()
    _sign_up_company(customer, app_server.base_url, customer_email)
    expect(customer.get_by_label("Byt register", exact=True)).to_have_count(0)  # no switcher without company registers

    admin = new_page()
    admin_log_in(admin, app_server, admin_email, secret)
    admin.goto(app_server.url("/admin/customers"))
    admin.locator("#admin-query").fill(customer_email)
    admin.get_by_role("button", name="Sök", exact=True).click()
    number = admin.locator("tr", has_text=customer_email).locator("td").first.inner_text().strip()
    admin.get_by_role("link", name="Redovisningsbyrån AB").click()
    expect(admin.get_by_role("heading", name="Företagsregister (SuperPro)")).to_be_visible()
    # on Plus: no company registers, and the admin is told where to set the agreement
    expect(admin.get_by_role("note").filter(has_text="Företagsregister ingår i SuperPro")).to_be_visible()
    expect(admin.get_by_role("button", name="Lägg upp företagsregister")).to_have_count(0)

    _put_on_superpro(admin, app_server, number, artifacts)
    admin.goto(app_server.url("/admin/customers"))
    admin.locator("#admin-query").fill(customer_email)
    admin.get_by_role("button", name="Sök", exact=True).click()
    admin.get_by_role("link", name="Redovisningsbyrån AB").click()
    expect(admin.get_by_role("heading", name="Företagsregister (SuperPro)")).to_be_visible()
    _add_register(admin, "Alfa Fastigheter AB", ALFA_ORG)
    _add_register(admin, "Beta Bygg AB", BETA_ORG)
    expect(admin.locator("table").get_by_role("textbox").nth(0)).to_have_value("Alfa Fastigheter AB")

    customer.goto(app_server.url("/billing"))  # the agreement changed the plan of the running subscription
    expect(customer.locator("dd").filter(has_text="SuperPro")).to_be_visible()
    expect(customer.locator("dd").filter(has_text="faktura")).to_be_visible()
    customer.screenshot(path=artifacts / "billing-superpro-agreement-1280.png", full_page=True)

    alfa, beta = f"Alfa Fastigheter AB ({ALFA_ORG})", f"Beta Bygg AB ({BETA_ORG})"
    customer.goto(app_server.url("/register"))
    expect(customer.locator("#register-current")).to_have_text(f"Redovisningsbyrån AB ({OWNER_ORG})")
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
    expect(phone.locator("#register-current")).to_have_text(f"Redovisningsbyrån AB ({OWNER_ORG})")
    _switch(phone, beta)
    expect(phone.get_by_role("link", name="Grävmaskin Volvo EC220")).to_be_visible()
    phone.screenshot(path=artifacts / "superpro-switcher-375.png")
