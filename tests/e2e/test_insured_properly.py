"""Properly insured: on a phone a customer goes from the dashboard to /insurance, adds a home policy whose
contents sum is too low (theft-prone limit as a share), uploads the policy's PDF, and the dashboard says by how
much they are under-insured and which objects to consider for separate cover; the same at 1280 px, reached
from the account menu; a policy is deleted only after the confirmation."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e import page_checks
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.e2e.helpers import log_in, sign_up, unique_email

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _seed(app_server, email: str) -> None:
    """A sofa, a ring (jewellery) and two watches: 30 000 + 60 000 + 2 × 20 000 kr to replace."""
    from sqlmodel import Session, select

    from cleverstore.db import make_engine
    from cleverstore.models import Account
    from cleverstore.services.register import items

    engine = make_engine(app_server.database_url)
    with Session(engine) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        for form in ({"name": "Soffa Svenskt Tenn", "category": "Möbler", "replacement_value": "30000"},
                     {"name": "Förlovningsring vitguld", "category": "Smycken", "replacement_value": "60000"},
                     {"name": "Armbandsur Omega", "category": "Klockor", "replacement_value": "20000",
                      "quantity": "2"}):
            items.create_item(db, account.id, {"quantity": "1", **form})
        db.commit()
    engine.dispose()


def _fits(page) -> None:
    assert page_checks.overflow(page) == []
    assert page_checks.broken_words(page) == []
    if page.viewport_size["width"] < 700:
        assert page_checks.small_targets(page) == []


def test_a_too_low_contents_sum_is_warned_about(new_page, app_server):
    shots = ARTIFACTS / "insured-properly"
    shots.mkdir(parents=True, exist_ok=True)
    page = new_page(PHONE)
    email = unique_email("karin")
    sign_up(page, app_server.base_url, name="Karin Lindqvist", email=email)
    _seed(app_server, email)

    page.goto(app_server.url("/dashboard"))
    cover = page.locator("section.dashboard-insurance")
    expect(cover).to_contain_text("Du har inte lagt in någon försäkring")
    cover.get_by_role("link", name="Lägg in försäkring").click()
    expect(page).to_have_url(re.compile(r"/insurance/?$"))
    expect(page.get_by_role("heading", name="Försäkringar", level=1)).to_be_visible()
    expect(page.get_by_text("Inga försäkringar ännu.")).to_be_visible()

    # a wrong amount is refused with a message and nothing is saved
    page.get_by_label("Försäkringsbolag").fill("Folksam")
    page.get_by_label("Lösöresbelopp (kr)").fill("mycket")
    page.get_by_role("button", name="Spara försäkringen").click()
    expect(page.locator("#policy-contents_sum-error")).to_have_text(
        "Skriv ett belopp i kronor, till exempel 350 000.")
    expect(page.get_by_text("Inga försäkringar ännu.")).to_be_visible()

    page.get_by_label("Försäkringsnummer").fill("HEM-123456")
    page.get_by_label("Typ").select_option("home")
    page.get_by_label("Lösöresbelopp (kr)").fill("100 000")
    page.get_by_label("… eller som andel av lösöresbeloppet (%)").fill("20")
    page.get_by_label("Högsta belopp per föremål (kr)").fill("50 000")
    page.get_by_label("Självrisk (kr)").fill("1 500")
    page.get_by_label("Förnyas").fill("2027-03-01")
    page.get_by_role("button", name="Spara försäkringen").click()
    expect(page.locator(".status-line").first).to_have_text("Försäkringen är sparad.")
    card = page.locator("li.policy-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Folksam HEM-123456")
    expect(card).to_contain_text("Lösöresbelopp 100\u00a0000,00\u00a0kr")

    # the policy's PDF, sent from the open form
    page.locator("#policy-document").set_input_files(
        files=[{"name": "Folksam hemförsäkring.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    expect(card.get_by_role("link", name="Öppna försäkringsbrevet")).to_be_visible()
    _fits(page)
    page.screenshot(path=shots / "insurance-375.png", full_page=True)

    page.goto(app_server.url("/dashboard"))
    expect(page.locator("#dashboard-cover .attention-count")).to_have_text("4")
    page.locator("#dashboard-cover").click()
    cover = page.locator("section.dashboard-insurance")
    expect(cover).to_be_in_viewport()
    expect(cover).to_contain_text("du är underförsäkrad med 30\u00a0000,00\u00a0kr")
    expect(cover).to_contain_text("stöldbegärlig egendom är värd 100\u00a0000,00\u00a0kr men gränsen är 20\u00a0000,00\u00a0kr")
    expect(cover).to_contain_text("Förlovningsring vitguld är värt 60\u00a0000,00\u00a0kr")
    expect(cover).to_contain_text("Överväg separat försäkring (allrisk) för: Förlovningsring vitguld")
    _fits(page)
    page.screenshot(path=shots / "dashboard-375.png", full_page=True)

    # wide screen: the same warning; the policies from the account menu; delete only after confirming
    wide = new_page(DESKTOP)
    log_in(wide, app_server.base_url, email)
    wide.goto(app_server.url("/dashboard"))
    expect(wide.locator("section.dashboard-insurance")).to_contain_text("du är underförsäkrad med")
    _fits(wide)
    wide.screenshot(path=shots / "dashboard-1280.png", full_page=True)
    wide.get_by_role("button", name="Konto").click()
    wide.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Försäkringar").click()
    expect(wide).to_have_url(re.compile(r"/insurance/?$"))

    # an all-risk policy takes the ring the dashboard suggested
    wide.get_by_label("Försäkringsbolag").fill("Hedvig")
    wide.get_by_label("Typ").select_option("allrisk")
    wide.get_by_label("Lösöresbelopp (kr)").fill("70 000")
    wide.get_by_role("button", name="Spara försäkringen").click()
    allrisk = wide.locator("li.policy-card").filter(has_text="Hedvig")
    expect(allrisk).to_be_visible()
    allrisk.get_by_label("Separat försäkring").select_option(label="Förlovningsring vitguld")
    allrisk.get_by_role("button", name="Lägg på försäkringen").click()
    expect(allrisk.get_by_role("link", name="Förlovningsring vitguld")).to_be_visible()
    wide.goto(app_server.url("/dashboard"))
    expect(wide.locator("section.dashboard-insurance")).to_contain_text(
        "Hedvig: registrets värde 60\u00a0000,00\u00a0kr ryms i lösöresbeloppet 70\u00a0000,00\u00a0kr.")
    wide.goto(app_server.url("/insurance"))

    wide.locator("li.policy-card").filter(has_text="Folksam").get_by_role("button", name="Ta bort").click()
    expect(wide.get_by_role("alert").filter(has_text="Ta bort Folksam HEM-123456?")).to_be_visible()
    _fits(wide)
    wide.screenshot(path=shots / "insurance-1280.png", full_page=True)
    wide.get_by_role("button", name="Ja, ta bort").click()
    expect(wide.locator("li.policy-card")).to_have_count(1)
    expect(wide.locator("li.policy-card")).to_contain_text("Hedvig")
