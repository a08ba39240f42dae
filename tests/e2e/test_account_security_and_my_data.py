"""Account security and my data in a real browser: e-mail links from the dev mailbox, a new-device notice,
signing out another session, a password reset, and the data zip."""
from __future__ import annotations

import io
import json
import re
import zipfile

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    add_object,
    log_in,
    mail_in_dev_mailbox,
    sign_up,
    unique_email,
)

NEW_PASSWORD = "ett nytt och hemligt lösenord"


def test_security_and_my_data(new_page, app_server, artifacts):
    base = app_server.base_url
    email = unique_email("greta")
    first = new_page()
    sign_up(first, base, name="Greta Garbo", email=email)
    add_object(first, base, name="Cykel", category="Fordon", price="4 500")

    # the address was confirmed from the e-mail before the first login: no banner
    first.goto(base + "/register")
    expect(first.get_by_role("heading", name="Mitt register")).to_be_visible()
    expect(first.get_by_text("Bekräfta din e-postadress")).to_have_count(0)
    mailbox = new_page()

    # a login from another browser is a new device: a notice arrives
    second = new_page()
    log_in(second, base, email)
    notice = mail_in_dev_mailbox(mailbox, base, email, "Ny inloggning på ditt CleverStore-konto")
    expect(notice).to_contain_text("Nätverk: 127.0.0.0/24")

    # the first browser sees both sessions and signs the other one out
    first.goto(base + "/profile")
    first.get_by_role("link", name="Säkerhet och enheter").click()
    expect(first.get_by_role("heading", name="Inloggade enheter")).to_be_visible()
    rows = first.locator("section", has=first.get_by_role("heading", name="Inloggade enheter")).locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(first.get_by_text("(den här enheten)")).to_be_visible()
    first.screenshot(path=artifacts / "privacy-security.png", full_page=True)
    rows.filter(has_not_text="den här enheten").get_by_role("button", name="Logga ut enheten").click()
    expect(first.get_by_role("status")).to_contain_text("Enheten är utloggad.")
    expect(rows).to_have_count(1)
    second.get_by_label("Sök").fill("något")
    expect(second).to_have_url(re.compile(r".*/login/?$"))

    # forgotten password: the link in the e-mail sets a new one and ends every session
    third = new_page()
    third.goto(base + "/login")
    third.get_by_role("link", name="Glömt lösenordet?").click()
    expect(third).to_have_url(re.compile(r".*/forgot/?$"))
    third.get_by_label("E-postadress").fill(email)
    third.get_by_role("button", name="Skicka länk").click()
    expect(third.get_by_role("status")).to_contain_text("Om adressen hör till ett konto")
    reset_mail = mail_in_dev_mailbox(third, base, email, "Välj ett nytt lösenord hos CleverStore")
    reset_mail.get_by_role("link").first.click()
    expect(third.get_by_role("heading", name="Välj nytt lösenord")).to_be_visible()
    third.get_by_label("Nytt lösenord").fill(NEW_PASSWORD)
    third.get_by_label("Upprepa lösenordet").fill(NEW_PASSWORD)
    third.get_by_role("button", name="Spara nytt lösenord").click()
    expect(third.get_by_role("status")).to_contain_text("Lösenordet är bytt")
    third.screenshot(path=artifacts / "privacy-reset-done.png", full_page=True)
    first.get_by_role("link", name="Mitt register").click()
    expect(first).to_have_url(re.compile(r".*/login/?$"))
    log_in(first, base, email, NEW_PASSWORD)

    # my data: the zip holds the account, the object and a Swedish README
    first.goto(base + "/privacy")
    expect(first.get_by_role("heading", name="Vad vi sparar och hur länge")).to_be_visible()
    first.screenshot(path=artifacts / "privacy-my-data.png", full_page=True)
    with first.expect_download() as download_info:
        first.get_by_role("link", name="Ladda ner mina uppgifter (zip)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cleverstore-mina-uppgifter-")
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    assert "Den här filen innehåller allt" in archive.read("LASMIG.txt").decode("utf-8")
    assert json.loads(archive.read("konto.json"))["email"] == email
    items = json.loads(archive.read("data/item.json"))
    assert [(i["name"], i["purchase_price_ore"]) for i in items] == [("Cykel", 450000)]
    assert "Cykel" in archive.read("data/item.csv").decode("utf-8")

    # the activity log shows what happened, and the pages fit a phone
    first.goto(base + "/activity")
    expect(first.get_by_role("cell", name="Dina uppgifter laddades ner")).to_be_visible()
    expect(first.get_by_role("cell", name="Lösenordet återställdes via e-post")).to_be_visible()
    phone = new_page(PHONE)
    log_in(phone, base, email, NEW_PASSWORD)
    for path in ("/security", "/privacy", "/activity"):
        phone.goto(base + path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    phone.screenshot(path=artifacts / "privacy-phone.png", full_page=True)
