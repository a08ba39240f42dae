"""The administrator's customer list, customer page and audit log tell the truth about three customers:
one who gave notice, one whose payment is late (the register locked) and one suspended."""
import re
import uuid
from datetime import timedelta

from playwright.sync_api import expect
from sqlmodel import Session, select

from cleverstore.services.shared import local_text
from tests.e2e.helpers import admin_log_in, create_admin, unique_email


def _three_customers(app_server, admin_email: str, tag: str) -> dict[str, str]:
    """Written straight into the app's database, the way Stripe's webhooks and an admin would have left them."""
    from cleverstore.db import make_engine
    from cleverstore.models import AdminUser
    from cleverstore.models.base import utcnow
    from cleverstore.services.admin import customers
    from tests.helpers.factories import activated_sign_up, signup_form, subscribe

    engine = make_engine(app_server.database_url)
    with Session(engine) as db:
        made = {}
        for key in ("notice", "late", "banned"):
            made[key] = activated_sign_up(db, signup_form(name=f"{tag} {key}", email=unique_email(key)))
        notice_row = subscribe(db, made["notice"])
        notice_row.cancel_at = utcnow() + timedelta(days=92)
        late_row = subscribe(db, made["late"], status="past_due")
        late_row.past_due_since = utcnow() - timedelta(days=4)
        subscribe(db, made["banned"])
        db.add_all([notice_row, late_row])
        admin = db.exec(select(AdminUser).where(AdminUser.email == admin_email)).one()
        customers.suspend(db, admin.id, made["banned"].id, "Delade sitt konto med andra")
        db.commit()
        texts = {"ends": local_text(notice_row.cancel_at, date_only=True),
                 "late_since": local_text(late_row.past_due_since, date_only=True),
                 **{f"{key}_id": str(account.id) for key, account in made.items()},
                 "banned_number": made["banned"].customer_number}
    engine.dispose()
    return texts


def test_admin_sees_each_customers_real_state(new_page, app_server, artifacts):
    admin_email = unique_email("ops")
    secret = create_admin(app_server, admin_email)
    tag = "Läge" + uuid.uuid4().hex[:6]
    made = _three_customers(app_server, admin_email, tag)

    admin = new_page()
    admin_log_in(admin, app_server, admin_email, secret)

    # the list: plan and state columns, one row each
    admin.goto(app_server.url("/admin/customers"))
    admin.get_by_label(re.compile("^Sök på namn")).fill(tag)
    admin.get_by_label(re.compile("^Sök på namn")).press("Enter")
    rows = admin.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(admin.get_by_role("columnheader", name="Abonnemang", exact=True)).to_be_visible()
    expect(admin.get_by_role("columnheader", name="Läge", exact=True)).to_be_visible()
    expect(rows.filter(has_text=f"{tag} notice")).to_contain_text(f"Uppsagt: upphör {made['ends']}")
    expect(rows.filter(has_text=f"{tag} notice")).to_contain_text("Bas")
    expect(rows.filter(has_text=f"{tag} late")).to_contain_text(
        f"Låst: betalningen är försenad sedan {made['late_since']}")
    expect(rows.filter(has_text=f"{tag} banned")).to_contain_text("Avstängd sedan")
    expect(admin.get_by_text("Aktivt och betalt", exact=True)).to_have_count(0)
    admin.screenshot(path=artifacts / "admin-customers-real-state.png", full_page=True)

    # each customer's page says the same, never "Aktivt och betalt"
    for key, expected in (("notice", f"Uppsagt: upphör {made['ends']}"),
                          ("late", f"Låst: betalningen är försenad sedan {made['late_since']}"),
                          ("banned", "Avstängd sedan")):
        admin.goto(app_server.url(f"/admin/customer?id={made[key + '_id']}"))
        expect(admin.get_by_role("heading", name=f"{tag} {key}")).to_be_visible()
        expect(admin.locator("dl.details")).to_contain_text(expected)
        expect(admin.locator("dl.details")).not_to_contain_text("Aktivt och betalt")
        expect(admin.get_by_role("heading", name="Hjälp kunden")).to_be_visible()
    admin.screenshot(path=artifacts / "admin-customer-suspended-state.png", full_page=True)

    # the audit log: in words, with the admin's address and the customer's name
    admin.goto(app_server.url("/admin/audit"))
    line = admin.locator("tbody tr").filter(has_text=f"{tag} banned")
    expect(line).to_contain_text("Kunden stängdes av")
    expect(line).to_contain_text(admin_email)
    expect(line).to_contain_text(made["banned_number"])
    expect(admin.locator("tbody")).not_to_contain_text("customer_suspended")
    expect(admin.locator("tbody")).not_to_contain_text(re.compile(r"heir_claim_|_approved"))
    admin.screenshot(path=artifacts / "admin-audit-in-words.png", full_page=True)
