"""An administrator created on the command line signs in with TOTP and runs the service."""
import re

from playwright.sync_api import expect

from tests.e2e.helpers import admin_log_in, create_admin, log_in, sign_up, unique_email


def test_admin_runs_the_service(new_page, app_server, artifacts):
    admin_email = unique_email("ops")
    secret = create_admin(app_server, admin_email)

    # a customer writes to support and keeps a tab open
    customer = new_page()
    customer_email = unique_email("frida")
    sign_up(customer, app_server.base_url, name="Frida <b>Fet</b>", email=customer_email)
    customer.get_by_role("link", name="Support").click()
    customer.get_by_label("Ämne").fill("Hur skriver jag ut?")
    customer.get_by_label("Meddelande").fill("Jag hittar inte rapporten <script>alert(1)</script>")
    customer.get_by_role("button", name="Skicka", exact=True).click()
    expect(customer.get_by_role("heading", name="Hur skriver jag ut?")).to_be_visible()

    # a customer cannot open the admin page
    customer.goto(app_server.url("/admin/customers"))
    expect(customer).to_have_url(re.compile(r".*/admin/login/?$"))

    admin = new_page()
    admin_log_in(admin, app_server, admin_email, secret)
    expect(admin.locator("svg.recharts-surface").first).to_be_visible()
    admin.screenshot(path=artifacts / "admin-statistics.png", full_page=True)

    # answer the support message; customer text is shown as text, not markup
    admin.get_by_role("link", name="Support").click()
    admin.get_by_role("link", name="Hur skriver jag ut?").click()
    expect(admin.get_by_text("<script>alert(1)</script>", exact=False)).to_be_visible()
    admin.get_by_label("Svar till kunden").fill("Välj Rapport i menyn.")
    admin.get_by_role("button", name="Skicka svaret").click()
    expect(admin.get_by_role("status")).to_contain_text("Svaret är skickat")

    customer.goto(app_server.url("/support"))
    expect(customer.get_by_role("link", name=re.compile("Support"))).to_contain_text("1")
    customer.get_by_role("link", name="Hur skriver jag ut?").click()
    expect(customer.get_by_text("Välj Rapport i menyn.")).to_be_visible()

    # maintenance: the customer's open tab shows the message on its next event; the admin keeps working
    try:
        _maintenance_round(admin, customer, app_server, artifacts)
    finally:
        _never_leave_maintenance_on(app_server)

    _suspend_and_audit(admin, customer, app_server, customer_email, new_page, artifacts)


def _never_leave_maintenance_on(app_server) -> None:
    """Whatever happened above, the next tests must find the service open."""
    from sqlmodel import Session

    from cleverstore.db import make_engine
    from cleverstore.models import MaintenanceWindow

    engine = make_engine(app_server.database_url)
    with Session(engine) as db:
        db.add(MaintenanceWindow(enabled=False))
        db.commit()
    engine.dispose()


def _maintenance_round(admin, customer, app_server, artifacts) -> None:
    customer.goto(app_server.url("/register"))
    expect(customer.get_by_role("heading", name="Mitt register")).to_be_visible()
    admin.get_by_role("button", name="Mer", exact=True).click()  # the less daily places
    admin.get_by_role("link", name="Underhåll").click()
    admin.get_by_label("Meddelande på svenska").fill("Vi uppgraderar tjänsten till klockan 18.")
    admin.get_by_label("Meddelande på engelska").fill("We are upgrading until 6 pm.")
    admin.get_by_role("button", name="Slå på underhållsläge").click()
    expect(admin.get_by_text("Underhållsläget är på.")).to_be_visible()
    customer.get_by_label("Sök").fill("tv")
    expect(customer.get_by_text("Vi uppgraderar tjänsten till klockan 18.")).to_be_visible()
    customer.screenshot(path=artifacts / "maintenance-customer.png", full_page=True)
    admin.get_by_role("link", name="Kunder").click()  # admins keep working
    expect(admin.get_by_role("heading", name="Kunder")).to_be_visible()
    admin.get_by_role("button", name="Mer", exact=True).click()  # the less daily places
    admin.get_by_role("link", name="Underhåll").click()
    admin.get_by_role("button", name="Slå av underhållsläge").click()
    expect(admin.get_by_text("Underhållsläget är av.")).to_be_visible()
    customer.reload()
    expect(customer.get_by_role("heading", name="Mitt register")).to_be_visible()


def _suspend_and_audit(admin, customer, app_server, customer_email, new_page, artifacts) -> None:
    # find the customer and suspend them: their open tab is logged out on its next click
    admin.get_by_role("link", name="Kunder").click()
    admin.get_by_label("Sök på namn, e-post, kundnummer eller organisationsnummer").fill(customer_email)
    admin.get_by_role("button", name="Sök").click()
    admin.get_by_role("link", name="Frida <b>Fet</b>").click()
    expect(admin.get_by_role("heading", name="Frida <b>Fet</b>")).to_be_visible()
    admin.get_by_text("Stäng av kunden …").click()  # the red button is behind one more click
    admin.get_by_label("Skäl (sparas i granskningsloggen)").fill("Bedrägeriannonser via kontot")
    admin.get_by_role("button", name="Stäng av", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("Kunden är avstängd")
    admin.screenshot(path=artifacts / "admin-customer.png", full_page=True)
    customer.get_by_label("Sök").fill("klocka")
    expect(customer).to_have_url(re.compile(r".*/login/?$"))
    other_tab = new_page()
    other_tab.goto(app_server.url("/login"))
    other_tab.get_by_label("E-postadress").fill(customer_email)
    other_tab.get_by_label("Lösenord", exact=True).fill("kaffe och kanelbullar")
    other_tab.get_by_role("button", name="Logga in").click()
    expect(other_tab.get_by_role("alert")).to_contain_text("Kontot kan inte användas just nu.")

    # agreements: the plan catalogue with its yearly prices; heir claims and misuse signals
    admin.get_by_role("button", name="Mer", exact=True).click()  # the less daily places
    admin.get_by_role("link", name="Avtal").click()
    expect(admin.get_by_role("cell", name="495,00 kr")).to_be_visible()
    admin.get_by_role("link", name="Anhöriga").click()
    expect(admin.get_by_role("heading", name="Tecken på missbruk")).to_be_visible()
    admin.get_by_role("link", name="Kunder").click()
    admin.get_by_label("Sök på namn, e-post, kundnummer eller organisationsnummer").fill(customer_email)
    admin.get_by_role("button", name="Sök").click()
    admin.get_by_role("link", name="Frida <b>Fet</b>").click()
    expect(admin.get_by_text(re.compile(r"Avstängd sedan .* \(brott mot villkoren\)"))).to_be_visible()  # the real state

    # reinstate, and everything is in the audit log
    admin.get_by_label("Skäl (sparas i granskningsloggen)").fill("Utrett – kontot var kapat")
    admin.get_by_role("button", name="Återaktivera").click()
    expect(admin.get_by_role("status")).to_contain_text("återaktiverad")
    log_in(other_tab, app_server.base_url, customer_email)
    admin.get_by_role("button", name="Mer", exact=True).click()  # the less daily places
    admin.get_by_role("link", name="Granskningslogg").click()
    for action in ("Kunden stängdes av", "Kunden släpptes in igen", "Supporten svarade i ett ärende",
                   "Underhållsläget slogs på", "Underhållsläget stängdes av",
                   "En administratörshändelse nekades"):  # what happened, in words
        expect(admin.get_by_role("cell", name=action, exact=True).first).to_be_visible()
