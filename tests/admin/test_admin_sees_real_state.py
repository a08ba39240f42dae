"""The admin's customer page, list and audit log tell the truth: notice, late payment, lock, suspension, in words."""
from datetime import timedelta

from cleverstore.models.base import utcnow
from cleverstore.services.admin import customers
from cleverstore.services.billing import rules
from cleverstore.services.shared import local_text
from cleverstore.state.admin.customers import AdminCustomersState, AdminCustomerState
from cleverstore.state.admin.site import AdminAuditState
from tests.helpers.factories import (
    admin_token,
    make_account,
    make_admin,
    state_for,
    subscribe,
)


def _day(moment) -> str:
    return local_text(moment, date_only=True)


def _customers(db):
    """One who gave notice, one past due beyond the grace days (locked), one suspended, one paying."""
    notice = make_account(db, name="Nora Uppsagd", subscribed=False)
    row = subscribe(db, notice)
    row.cancel_at = utcnow() + timedelta(days=90)
    late = make_account(db, name="Lars Sen", subscribed=False)
    late_row = subscribe(db, late, status="past_due")
    late_row.past_due_since = utcnow() - timedelta(days=3)
    banned = make_account(db, name="Sven Avstängd")
    banned.suspended_at = utcnow()
    paying = make_account(db, name="Pia Betalar", subscribed=False)
    subscribe(db, paying, plan_code="plus")
    db.add_all([row, late_row, banned])
    db.flush()
    return notice, row, late, late_row, banned, paying


def test_the_state_in_words_says_notice_late_payment_lock_and_suspension(db):
    notice, row, late, late_row, banned, paying = _customers(db)
    assert rules.state_in_words(row, None, "sv") == f"Uppsagt: upphör {_day(row.cancel_at)}"
    assert rules.state_in_words(late_row, None, "en") == f"Locked: payment late since {_day(late_row.past_due_since)}"
    assert rules.state_in_words(rules.billing_row(db, banned.id), banned.suspended_at, "sv").startswith(
        "Avstängd sedan ")
    assert rules.state_in_words(None, None, "sv") == "Inget abonnemang"
    late_row.status, late_row.subscription_id = "unpaid", "sub_x"
    assert rules.state_in_words(late_row, None, "sv") == "Låst: Obetalt"


def test_late_payment_inside_the_grace_days_is_late_but_open(db, monkeypatch):
    customer = make_account(db, subscribed=False)
    row = subscribe(db, customer, status="past_due")
    row.past_due_since = utcnow() - timedelta(days=1)
    monkeypatch.setattr(rules, "grace_days", lambda: 7)
    key, values = rules.subscription_state(row)
    assert key == "past_due" and values["until"] == _day(row.past_due_since + timedelta(days=7))


def test_the_customer_page_shows_notice_given_not_active_and_paid(db):
    admin, _ = make_admin(db)
    notice, row, late, late_row, banned, paying = _customers(db)
    token = admin_token(db, admin)
    db.commit()
    seen = {}
    for customer in (notice, late, banned, paying):
        page = state_for(AdminCustomerState, admin=token, path="/admin/customer", query=f"id={customer.id}")
        page.on_load()
        seen[customer.name] = page.customer["subscription"]
    assert seen["Nora Uppsagd"] == f"Uppsagt: upphör {_day(row.cancel_at)}"
    assert seen["Lars Sen"].startswith("Låst: betalningen är försenad sedan ")
    assert seen["Sven Avstängd"].startswith("Avstängd sedan ")
    assert seen["Pia Betalar"].startswith("Aktivt och betalt till ")
    assert not any(text == "Aktivt och betalt" for text in seen.values())


def test_the_customer_list_has_plan_and_state_columns(db):
    admin, _ = make_admin(db)
    _customers(db)
    token = admin_token(db, admin)
    db.commit()
    listing = state_for(AdminCustomersState, admin=token)
    listing.on_load()
    by_name = {r["name"]: (r["plan"], r["status"]) for r in listing.rows}
    assert by_name["Nora Uppsagd"][0] == "bas" and by_name["Nora Uppsagd"][1].startswith("Uppsagt: upphör ")
    assert by_name["Lars Sen"][1].startswith("Låst: ")
    assert by_name["Sven Avstängd"][1].startswith("Avstängd sedan ")
    assert by_name["Pia Betalar"][0] == "plus"


def test_org_number_search_matches_a_part(db):
    firm = make_account(db, kind="company", name="Delnummer AB", org_number="559030-3979")
    make_account(db, name="Annan")
    for typed in ("559030", "3979", "0-397", "5590303979", "559030-3979"):
        assert [a.id for a in customers.search(db, typed).rows] == [firm.id], typed
    assert customers.search(db, "12").matching == 0  # too short to look inside org numbers


def test_the_audit_log_says_what_happened_in_words_with_the_admins_names(db):
    first, _ = make_admin(db, "anna.admin@cleverstore.se")
    second, _ = make_admin(db, "bo.admin@cleverstore.se")
    customer = make_account(db, name="Karin Kund")
    customers.suspend(db, first.id, customer.id, "Brott mot villkoren")
    customers.reinstate(db, second.id, customer.id, "Rättat sig efter villkoren")
    token = admin_token(db, first)
    db.commit()
    log = state_for(AdminAuditState, admin=token)
    log.on_load()
    rows = [(e["admin"], e["action"], e["target"]) for e in log.entries if e["target"].startswith("Karin")]
    assert rows == [
        ("bo.admin@cleverstore.se", "Kunden släpptes in igen", f"Karin Kund ({customer.customer_number})"),
        ("anna.admin@cleverstore.se", "Kunden stängdes av", f"Karin Kund ({customer.customer_number})"),
    ]
    assert not any("_" in e["action"] for e in log.entries)  # no codes such as customer_suspended
    everything = [(e["admin"], e["action"], e["target"]) for e in log.entries]
    assert ("anna.admin@cleverstore.se", "Administratören skapades", "anna.admin@cleverstore.se") in everything
    english = state_for(AdminAuditState, admin=token)
    english.lang = "en"
    english.on_load()
    assert "The customer was suspended" in [e["action"] for e in english.entries]


def test_every_admin_action_in_the_log_has_words_in_both_languages():
    from cleverstore.i18n import CATALOGUES
    from cleverstore.services.admin import AuditLine
    from cleverstore.state.presenters.admin import audit_rows

    codes = ("heir_claim_approved", "heir_claim_proposed", "customer_suspended", "customer_reinstated",
             "maintenance_on", "price_changed", "invoice_terms_set", "admin_login", "verification_resent",
             "second_factor_removal_proposed", "second_factor_removal_approved")
    for lang in ("sv", "en"):
        assert all(f"audit.action.{code}" in CATALOGUES[lang] for code in codes)
    line = AuditLine(utcnow(), 2, "heir_claim_approved", "heir_claim", "7", "", "bo.admin@cleverstore.se")
    assert audit_rows([line], "sv")[0] | {"when": ""} == {
        "when": "", "admin": "bo.admin@cleverstore.se", "action": "Ett anhörigärende godkändes",
        "target": "Anhörigärende 7", "reason": ""}
