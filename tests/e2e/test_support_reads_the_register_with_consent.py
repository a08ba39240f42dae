"""A customer lets support read the register for one case; the admin looks read-only, the customer sees every
look, withdraws, and the admin's next click is refused."""
import re

from playwright.sync_api import expect

from tests.e2e.helpers import (
    add_object,
    admin_log_in,
    create_admin,
    sign_up,
    unique_email,
)
from tests.helpers.images import jpeg_with_gps

SUBJECT = "Fel värde på cykeln"


def test_support_reads_the_register_only_while_the_customer_allows_it(new_page, app_server, artifacts):
    admin_email = unique_email("stod")
    secret = create_admin(app_server, admin_email)

    customer = new_page()
    sign_up(customer, app_server.base_url, name="Stina <i>Stöd</i>", email=unique_email("stina"))
    add_object(customer, app_server.base_url, name="Cykel Crescent", category="Fordon", location="Huset › Förråd",
               price="8 900", value="6 000")
    customer.get_by_label("Ta eller välj foto").set_input_files(
        files=[{"name": "cykel.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps(240, 160)}])
    expect(customer.get_by_role("img", name="cykel.jpg")).to_be_visible()
    add_object(customer, app_server.base_url, name="Symaskin Husqvarna", price="3 200")

    # the case is opened with access ticked (it is off until the customer ticks it)
    customer.get_by_role("link", name="Support").click()
    customer.get_by_label("Ämne").fill(SUBJECT)
    customer.get_by_label("Meddelande").fill("Värdet på cykeln ser fel ut, kan ni titta?")
    consent = customer.get_by_label("Låt CleverStores support se mitt register (endast läsa) för det här ärendet")
    expect(consent).not_to_be_checked()
    consent.check()
    customer.get_by_role("button", name="Skicka", exact=True).click()
    expect(customer.get_by_role("heading", name=SUBJECT)).to_be_visible()
    expect(customer.get_by_text(re.compile(r"Supporten kan se ditt register \(endast läsa\) till och med \d{4}-"))) \
        .to_be_visible()
    expect(customer.get_by_text("Supporten har inte tittat i ditt register.")).to_be_visible()
    thread_url = customer.url

    # the admin opens the case and reads the register: list, search, one object with its photo
    admin = new_page()
    admin_log_in(admin, app_server, admin_email, secret)
    admin.get_by_role("link", name="Support", exact=True).click()
    admin.get_by_role("link", name=SUBJECT).click()
    admin.get_by_role("link", name="Visa registret (endast läsa)").click()
    expect(admin.get_by_role("heading", name="Kundens register (endast läsa)")).to_be_visible()
    expect(admin.get_by_text("Stina <i>Stöd</i>", exact=False)).to_be_visible()  # customer text stays text
    expect(admin.get_by_role("button", name="Symaskin Husqvarna")).to_be_visible()
    admin.get_by_label("Sök bland kundens föremål").fill("cykel")
    admin.get_by_role("button", name="Sök", exact=True).click()
    expect(admin.get_by_role("button", name="Symaskin Husqvarna")).to_have_count(0)
    admin.get_by_role("button", name="Cykel Crescent").click()
    expect(admin.get_by_role("heading", name="Cykel Crescent")).to_be_visible()
    expect(admin.get_by_text("Huset › Förråd")).to_be_visible()
    photo = admin.get_by_role("img", name="cykel.jpg")
    expect(photo).to_be_visible()
    admin.wait_for_function("() => [...document.images].some(i => i.alt === 'cykel.jpg' && i.naturalWidth > 0)")
    # read-only: no field, no form, no edit or delete button anywhere in the object view
    expect(admin.locator("main input, main textarea, main select, main form")).to_have_count(0)
    expect(admin.get_by_role("button", name=re.compile("Spara|Ändra|Ta bort|Radera"))).to_have_count(0)
    admin.screenshot(path=artifacts / "support-access-admin-object.png", full_page=True)
    photo_route = photo.get_attribute("src")
    assert photo_route.startswith("/admin/support-file/")
    admin.get_by_role("button", name="Tillbaka till listan").click()
    expect(admin.get_by_role("button", name="Cykel Crescent")).to_be_visible()
    admin.screenshot(path=artifacts / "support-access-admin-list.png", full_page=True)

    # the customer sees every look, in the thread and in the activity log
    customer.goto(thread_url)
    looks = customer.get_by_role("region", name="Supportens tillgång till ditt register")
    expect(looks.get_by_text("Föremålet ”Cykel Crescent”", exact=False)).to_be_visible()
    expect(looks.get_by_text("Sökning ”cykel”, sida 1", exact=False).first).to_be_visible()
    expect(looks.get_by_text("Filen ”cykel.jpg”", exact=False).first).to_be_visible()
    expect(looks.get_by_text("Support · Registerlistan, sida 1", exact=False).first).to_be_visible()
    customer.screenshot(path=artifacts / "support-access-customer-thread.png", full_page=True)
    customer.goto(app_server.url("/activity"))
    expect(customer.get_by_text("Supporten tittade i registret").first).to_be_visible()
    expect(customer.get_by_text("Supporten fick läsrätt till registret")).to_be_visible()

    # the customer withdraws; the admin's very next click is refused and nothing stays on screen
    customer.goto(thread_url)
    customer.get_by_role("button", name="Dra tillbaka supportens tillgång").click()
    expect(customer.get_by_role("status")).to_contain_text("Supportens tillgång är borttagen")
    expect(customer.get_by_role("button", name="Låt supporten se mitt register (endast läsa) i 14 dagar")) \
        .to_be_visible()
    admin.get_by_role("button", name="Cykel Crescent").click()
    expect(admin.get_by_role("alert")).to_contain_text("Kunden har inte gett (eller har dragit tillbaka) tillgång")
    expect(admin.get_by_text("Cykel Crescent")).to_have_count(0)
    assert admin.request.get(app_server.url(photo_route)).status == 404
    admin.goto(app_server.url("/admin/support"))
    admin.get_by_role("link", name=SUBJECT).click()
    expect(admin.get_by_role("heading", name=SUBJECT)).to_be_visible()
    expect(admin.get_by_role("link", name="Visa registret (endast läsa)")).to_have_count(0)

    # the admin's looks and the refusal are in the audit log
    admin.goto(app_server.url("/admin/audit"))
    expect(admin.get_by_text("Supporten läste ett föremål med kundens tillstånd").first).to_be_visible()
    expect(admin.get_by_text("Supportens läsning av ett register nekades").first).to_be_visible()
