"""A customer signs up, keeps a register and logs out — in a real browser against the production build."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import PASSWORD, add_object, log_in, sign_up, unique_email


def test_landing_page_in_swedish_and_english(new_page, app_server, artifacts):
    page = new_page()
    page.goto(app_server.url("/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Allt du äger")
    expect(page.get_by_role("heading", name="Abonnemang")).to_be_visible()
    expect(page.get_by_role("heading", name="Bas", exact=True)).to_be_visible()
    expect(page.get_by_text("495 kr per år")).to_be_visible()
    page.screenshot(path=artifacts / "landing-desktop.png", full_page=True)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Everything you own")
    expect(page.get_by_role("link", name="Create account").first).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    page.reload()  # the choice is remembered
    expect(page.get_by_role("heading", level=1)).to_contain_text("Everything you own")
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Allt du äger")
    phone = new_page(PHONE)
    phone.goto(app_server.url("/"))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    phone.screenshot(path=artifacts / "landing-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_terms_page_is_served_from_the_content_file(page, app_server):
    page.goto(app_server.url("/villkor"))
    expect(page.get_by_role("heading", level=1, name="Villkor och integritetspolicy")).to_be_visible()
    expect(page.get_by_text(re.compile("bokföringslagen", re.I)).first).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Terms and privacy policy")).to_be_visible()


def test_signup_errors_keep_what_was_typed(page, app_server):
    page.goto(app_server.url("/signup"))
    page.get_by_label("Namn", exact=True).fill("Bertil Bok")
    page.get_by_label("E-postadress").fill("bertil-at-example")
    page.get_by_label("Telefonnummer").fill("070-123 45 67")
    page.get_by_role("radio", name="Företag").click()
    expect(page.get_by_role("radio", name="Företag")).to_be_checked()  # controlled: checked after the server answers
    page.get_by_label("Organisationsnummer").fill("559030-3978")
    page.get_by_label("Lösenord", exact=True).fill("kort")
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_role("alert")).to_contain_text("Formuläret sparades inte")
    expect(page.get_by_text("Organisationsnumret är inte giltigt")).to_be_visible()
    expect(page.get_by_text("Skriv en giltig e-postadress")).to_be_visible()
    expect(page.get_by_text("Du behöver godkänna villkoren")).to_be_visible()
    expect(page.get_by_label("Organisationsnummer")).to_have_attribute("aria-invalid", "true")
    # nothing typed is lost
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Bertil Bok")
    expect(page.get_by_label("E-postadress")).to_have_value("bertil-at-example")
    expect(page.get_by_label("Organisationsnummer")).to_have_value("559030-3978")
    expect(page.get_by_label("Telefonnummer")).to_have_value("070-123 45 67")


def test_customer_keeps_a_register_and_logs_out(new_page, app_server, artifacts):
    page = new_page()
    email = unique_email("anna")
    sign_up(page, app_server.base_url, name="Anna Andersson", email=email)
    expect(page.get_by_text("Registret är tomt")).to_be_visible()
    page.screenshot(path=artifacts / "register-empty-desktop.png", full_page=True)

    add_object(page, app_server.base_url, name="Soffa Kivik", category="Möbler", location="Vardagsrum",
               manufacturer="IKEA", price="7 995", value="4 000")
    add_object(page, app_server.base_url, name="Tv Bravia", category="Elektronik", location="Vardagsrum",
               serial="SN-778899", price="12 000", value="9 000,50")
    page.goto(app_server.url("/object/new"))
    page.get_by_label("Namn", exact=True).fill("Cykel Crescent")
    page.get_by_label("Inköpspris (kr/st)").fill("mycket")
    page.screenshot(path=artifacts / "object-form-desktop.png", full_page=True)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Skriv ett belopp i kronor")).to_be_visible()
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Cykel Crescent")
    page.get_by_label("Inköpspris (kr/st)").fill("5 500")
    page.get_by_label("Antal", exact=True).fill("2")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cykel Crescent")

    page.get_by_role("link", name="Mitt register").click()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(4)  # header + 3
    totals = page.get_by_label("Summering")
    expect(totals).to_contain_text("3")
    expect(totals).to_contain_text("30 995,00 kr")  # 7 995 + 12 000 + 2 × 5 500
    # estimated value: own values 4 000 + 9 000,50, the bike (no own value, no useful life) at its price 2 × 5 500
    expect(totals).to_contain_text("24 000,50 kr")
    page.screenshot(path=artifacts / "register-desktop.png", full_page=True)

    page.get_by_label("Sök").fill("sn-7788")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("link", name="Tv Bravia")).to_be_visible()
    page.get_by_label("Sök").fill("")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(4)
    page.get_by_label("Kategori").select_option("Möbler")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(2)
    page.get_by_label("Kategori").select_option("")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(4)

    # edit one
    page.get_by_role("link", name="Soffa Kivik").click()
    page.get_by_role("link", name="Ändra").click()
    expect(page.get_by_label("Namn", exact=True)).to_have_value("Soffa Kivik")
    page.get_by_label("Nuvarande värde (kr/st)").fill("3 500")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("3 500,00 kr")).to_be_visible()

    # delete one
    page.goto(app_server.url("/register"))
    page.get_by_role("link", name="Tv Bravia").click()
    page.get_by_role("button", name="Ta bort").click()
    page.get_by_role("button", name="Ja, ta bort").click()
    expect(page).to_have_url(re.compile(r".*/register/?$"))
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(3)
    expect(page.get_by_label("Summering")).to_contain_text("18 995,00 kr")
    expect(page.get_by_label("Summering")).to_contain_text("14 500,00 kr")  # 3 500 + 2 × 5 500

    phone = new_page(PHONE)
    log_in(phone, app_server.base_url, email)
    expect(phone.get_by_role("link", name="Soffa Kivik")).to_be_visible()
    phone.screenshot(path=artifacts / "register-phone.png", full_page=True)
    phone.goto(app_server.url("/object/new"))
    expect(phone.get_by_label("Namn", exact=True)).to_be_visible()
    phone.screenshot(path=artifacts / "object-form-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # log out: the register now sends the visitor to the login page
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(r".*/$"))
    page.goto(app_server.url("/register"))
    expect(page).to_have_url(re.compile(r".*/login/?$"))
    assert not any(c["name"] == "cs_session" and c["value"] for c in page.context.cookies())

    # a second customer sees an empty register
    other = new_page()
    sign_up(other, app_server.base_url, name="Bengt Berg", email=unique_email("bengt"))
    expect(other.get_by_text("Registret är tomt")).to_be_visible()
    expect(other.get_by_label("Summering")).to_contain_text("0,00 kr")


def test_session_cookie_is_httponly_and_invisible_to_scripts(page, app_server):
    sign_up(page, app_server.base_url, name="Cecilia Cookie", email=unique_email("cecilia"))
    cookie = next(c for c in page.context.cookies() if c["name"] == "cs_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "cs_session" not in page.evaluate("document.cookie")


def test_keyboard_only_login(new_page, app_server):
    email = unique_email("dora")
    sign_up(new_page(), app_server.base_url, name="Dora Tangent", email=email)
    page = new_page()
    page.goto(app_server.url("/login"))
    page.get_by_label("E-postadress").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Lösenord", exact=True)).to_be_focused()
    page.keyboard.type("fel lösenord här")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Fel e-postadress eller lösenord.")
    expect(page.get_by_label("E-postadress")).to_have_value(email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Lösenord", exact=True).press("Enter")
    # the wrong password is told before the session opens; the Continue button has the focus
    expect(page.get_by_text("Misslyckade inloggningsförsök sedan din senaste inloggning: 1.")).to_be_visible()
    expect(page.get_by_role("button", name="Fortsätt")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r".*/register/?$"))


def test_profile_change_signs_out_other_devices(new_page, app_server):
    email = unique_email("erik")
    first = new_page()
    sign_up(first, app_server.base_url, name="Erik Ek", email=email)
    second = new_page()
    log_in(second, app_server.base_url, email)
    first.get_by_role("button", name="Konto", exact=True).click()  # the account's places sit under "Konto"
    first.get_by_role("link", name="Profil").click()
    first.get_by_label("Nuvarande lösenord").fill(PASSWORD)
    first.get_by_label("Nytt lösenord").fill("ett nytt och långt lösenord")
    first.get_by_label("Upprepa lösenordet").fill("ett nytt och långt lösenord")
    first.get_by_role("button", name="Byt lösenord").click()
    expect(first.get_by_role("status")).to_contain_text("Lösenordet är bytt")
    # the other device is out on its next click
    second.get_by_label("Sök").fill("något")
    expect(second).to_have_url(re.compile(r".*/login/?$"))
    # and this one is still in
    first.get_by_role("link", name="Mitt register").click()
    expect(first.get_by_role("heading", name="Mitt register")).to_be_visible()
