"""Steps a customer takes, written once for all browser tests."""
from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pyotp
from playwright.sync_api import Page, expect

from cleverstore.config import PROJECT_ROOT
from tests.helpers.app_server import app_environment

PASSWORD = "kaffe och kanelbullar"
_numbers = itertools.count(1)


def unique_email(prefix: str) -> str:
    return f"{prefix}{next(_numbers)}-{id(object())}@example.se"


def sign_up(page: Page, base_url: str, *, name: str, email: str, plan: str = "Bas") -> None:
    """A new paying customer: sign up, pay the plan with 4242… on the emulator's checkout, end on the register."""
    sign_up_unpaid(page, base_url, name=name, email=email)
    subscribe(page, plan)
    page.get_by_role("link", name="Till mitt register").click()
    expect(page).to_have_url(re.compile(r".*/register/?$"))
    expect(page.get_by_role("heading", name="Mitt register")).to_be_visible()


def subscribe(page: Page, plan: str = "Bas", card: str = "4242 4242 4242 4242", company: bool = False) -> None:
    """From the billing page: choose a plan, pay on the hosted checkout, see the confirmation. A private
    customer first agrees that the service starts at once (the 14-day right of withdrawal); a company is
    not asked."""
    consent = page.get_by_label("Jag vill att tjänsten börjar direkt")
    if company:
        expect(page.get_by_role("button", name=f"Välj {plan}")).to_be_visible()
        expect(consent).to_have_count(0)
    else:
        consent.check()
    page.get_by_role("button", name=f"Välj {plan}").click()
    page.get_by_label("Card number").fill(card)
    page.get_by_role("button", name="Subscribe").click()
    expect(page).to_have_url(re.compile(r".*/billing/success/?\?session_id=cs_"))
    expect(page.get_by_text("Betalningen är mottagen. Ditt register är öppet.")).to_be_visible()


def mail_in_dev_mailbox(page: Page, base_url: str, to: str, subject: str):
    """The newest message to `to` with `subject` in the dev mailbox (the app delivers in the background)."""
    page.goto(base_url + "/dev/mailbox")
    message = page.locator("article").filter(has_text=to).filter(
        has=page.get_by_role("heading", name=subject)).first
    expect(message).to_be_visible()
    return message


def sign_up_unpaid(page: Page, base_url: str, *, name: str, email: str) -> None:
    """A customer who has signed up, confirmed the address by e-mail and logged in, but not paid:
    they end on the billing page with the plans."""
    fill_sign_up(page, base_url, name=name, email=email)
    confirm_and_log_in(page, base_url, email)


def confirm_and_log_in(page: Page, base_url: str, email: str, lands_on: str = "/billing") -> None:
    """After the sign-up form: open the e-mailed link, then log in; ends on the billing page with the plans
    (or on `lands_on`: an invited person finds the invitation on /members)."""
    expect(page.get_by_role("status")).to_contain_text("Titta i din e-post")
    confirm = mail_in_dev_mailbox(page, base_url, email, "Bekräfta din e-postadress hos CleverStore")
    confirm.get_by_role("link").first.click()
    expect(page.get_by_text("Din e-postadress är bekräftad")).to_be_visible()
    page.get_by_role("link", name="Logga in och fortsätt").click()
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(f".*{re.escape(lands_on)}/?$"))
    if lands_on == "/billing":
        expect(page.get_by_role("heading", name="Välj abonnemang")).to_be_visible()


def fill_sign_up(page: Page, base_url: str, *, name: str, email: str, password: str = PASSWORD,
                 org_number: str = "", on_open_page: bool = False) -> None:
    """Fill in and send the sign-up form (the answer is always "check your e-mail"); a company with `org_number`;
    `on_open_page`: the sign-up page is already open (reached from a plan card)."""
    if not on_open_page:
        page.goto(base_url + "/signup")
    if org_number:
        company = page.get_by_label("Företag", exact=True)
        company.click()
        expect(company).to_be_checked()  # the choice comes back from the server (it shows the org nr field)
        page.get_by_label("Organisationsnummer").fill(org_number)
    page.get_by_label("Namn", exact=True).fill(name)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Telefonnummer").fill("070-123 45 67")
    page.get_by_label("Gatuadress").fill("Storgatan 1")
    page.get_by_label("Postnummer").fill("111 22")
    page.get_by_label("Ort").fill("Stockholm")
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_label("Upprepa lösenordet").fill(password)
    page.get_by_label("Jag har läst och godkänner").check()
    page.get_by_role("button", name="Skapa konto").click()


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r".*/register/?$"))


def add_object(page: Page, base_url: str, **fields: str) -> None:
    page.goto(base_url + "/object/new")
    labels = {
        "name": "Namn", "category": "Kategori", "location": "Plats", "quantity": "Antal",
        "manufacturer": "Tillverkare", "model": "Modell", "serial": "Serienummer",
        "purchase_date": "Inköpsdatum", "price": "Inköpspris (kr/st)", "value": "Nuvarande värde (kr/st)",
    }
    for key, value in fields.items():
        page.get_by_label(labels[key], exact=True).fill(value)
    page.get_by_role("button", name="Spara").click()
    expect(page).to_have_url(re.compile(r".*/object/?\?id=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fields["name"])


ADMIN_PASSWORD = "ett långt och hemligt adminlösen"


def create_admin(app_server, email: str) -> str:
    """Runs `python -m cleverstore create-admin` against the app's database; returns the TOTP secret."""
    port = int(app_server.base_url.rsplit(":", 1)[1])
    env = app_environment(app_server.database_url, app_server.data_dir, port)
    done = subprocess.run([sys.executable, "-m", "cleverstore", "create-admin", email], input=ADMIN_PASSWORD + "\n",
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, check=True)
    return re.search(r"TOTP secret[^:]*: ([A-Z2-7]+)", done.stdout).group(1)


def admin_log_in(page, app_server, email: str, secret: str) -> None:
    page.goto(app_server.url("/admin"))
    expect(page).to_have_url(re.compile(r".*/admin/login/?$"))
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(ADMIN_PASSWORD)
    page.get_by_label("Engångskod från autentiseringsappen").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Statistik")).to_be_visible()
