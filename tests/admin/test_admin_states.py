"""Admin handlers: refused (and logged) for customers, working for admins."""
import asyncio
import importlib
import inspect
import pkgutil

import pyotp
import pytest
from sqlmodel import select

import cleverstore.state.admin
from cleverstore.models import Account, AuditEntry, SupportAccessView, SupportThread
from cleverstore.services.support import register_access, threads
from cleverstore.state.admin.agreements import AdminAgreementsState
from cleverstore.state.admin.base import AdminBase, AdminLoginState
from cleverstore.state.admin.company_registers import AdminCompanyRegistersState
from cleverstore.state.admin.customers import AdminCustomersState, AdminCustomerState
from cleverstore.state.admin.heirs import AdminHeirsState
from cleverstore.state.admin.site import (
    AdminAuditState,
    AdminMaintenanceState,
    AdminStatisticsState,
)
from cleverstore.state.admin.support import AdminSupportState, AdminThreadState
from cleverstore.state.base import AppState
from cleverstore.state.register import RegisterState
from tests.helpers.factories import (
    ADMIN_PASSWORD,
    admin_token,
    event_names,
    make_account,
    make_admin,
    signed_in_token,
    state_for,
)
from tests.helpers.stripe_emulator import emulator  # noqa: F401


def _all_admin_states() -> list[type]:
    """AdminBase and every state built on it in cleverstore.state.admin: a new admin page is covered unasked."""
    for module in pkgutil.iter_modules(cleverstore.state.admin.__path__):
        importlib.import_module(f"cleverstore.state.admin.{module.name}")
    found, waiting = [], [AdminBase]
    while waiting:
        state_cls = waiting.pop()
        found.append(state_cls)
        waiting.extend(state_cls.__subclasses__())
    return sorted({cls for cls in found if cls.__module__.startswith("cleverstore.state.admin")},
                  key=lambda cls: cls.__name__)


ADMIN_STATES = _all_admin_states()
assert {AdminSupportState, AdminThreadState, AdminCustomerState, AdminHeirsState,
        AdminCompanyRegistersState} <= set(ADMIN_STATES)
# Handlers every page has (language, identity) and logout, which only ends the caller's own admin session.
NOT_ADMIN_ACTIONS = set(AppState.event_handlers) | {"logout"}


def _admin_events():
    for state_cls in ADMIN_STATES:
        for name in state_cls.event_handlers:
            if name not in NOT_ADMIN_ACTIONS and not name.startswith("set_is_hydrated"):
                yield state_cls, name


def _call(state, name):
    handler = getattr(state, name)
    params = list(inspect.signature(handler).parameters.values())
    args = [{"reason": "Försök att stänga av", "query": "", "body": "Hej", "message_sv": "x", "message_en": "y"}
            if "form" in p.name else "closed" for p in params]
    result = handler(*args)
    return asyncio.run(result) if inspect.isawaitable(result) else result


@pytest.mark.parametrize("state_cls, name", list(_admin_events()), ids=lambda v: getattr(v, "__name__", v))
def test_every_admin_event_is_refused_for_a_customer_and_logged(db, state_cls, name):
    customer = make_account(db)
    victim = make_account(db, name="Offer")
    thread = threads.open_thread(db, victim.id, "Ämne", "Text")
    register_access.grant(db, victim.id, thread.id)  # even with the victim's grant, a customer sees nothing
    token = signed_in_token(db, customer)
    db.commit()
    state = state_for(state_cls, token=token, path="/admin/customer", query=f"id={victim.id}&thread={thread.id}")
    if hasattr(state, "customer"):
        state.customer = {"id": str(victim.id)}
    if hasattr(state, "thread"):
        state.thread = {"id": str(thread.id)}
    result = _call(state, name)
    assert "_redirect" in event_names(result)
    assert "/admin/login" in str(result.args)
    db.expire_all()
    assert db.get(Account, victim.id).suspended_at is None
    assert db.exec(select(SupportThread)).one().status == "open"
    refused = db.exec(select(AuditEntry).where(AuditEntry.action == "refused_admin_event")).all()
    assert refused and refused[-1].reason == f"customer {customer.id}"
    assert db.exec(select(SupportAccessView)).all() == []


def test_admin_login_state_needs_the_code(db):
    admin, secret = make_admin(db, "ops@cleverstore.se")
    db.commit()
    state = state_for(AdminLoginState)
    asyncio.run(state.login({"email": "ops@cleverstore.se", "password": ADMIN_PASSWORD, "code": "123456"}))
    assert state.error == "Inloggningen misslyckades. Kontrollera e-postadress, lösenord och kod."
    result = asyncio.run(state.login({"email": "ops@cleverstore.se", "password": ADMIN_PASSWORD,
                                      "code": pyotp.TOTP(secret).now()}))
    assert "/admin/auth/session?ticket=" in str(result.args)


def test_admin_suspends_and_the_customers_next_click_is_refused(db):
    admin, _ = make_admin(db)
    customer = make_account(db)
    customer_token = signed_in_token(db, customer)
    token = admin_token(db, admin)
    db.commit()
    register = state_for(RegisterState, token=customer_token)
    assert register.on_load() is None
    page = state_for(AdminCustomerState, admin=token, path="/admin/customer", query=f"id={customer.id}")
    page.on_load()
    assert page.customer["email"] == customer.email and not page.suspended
    page.suspend({"reason": "x"})
    assert page.errors == {"reason": "Skriv ett skäl (minst fem tecken)."}
    page.suspend({"reason": "Brott mot villkoren"})
    assert page.suspended and page.message.startswith("Kunden är avstängd")
    assert event_names(register.set_search("tv")) == ["_redirect"]
    page.reinstate({"reason": "Ärendet är utrett"})
    assert not page.suspended


def test_admin_answers_support_and_customer_sees_unread(db):
    admin, _ = make_admin(db)
    customer = make_account(db)
    thread = threads.open_thread(db, customer.id, "Fråga", "Hur skriver jag ut?")
    token = admin_token(db, admin)
    customer_token = signed_in_token(db, customer)
    db.commit()
    inbox = state_for(AdminSupportState, admin=token)
    inbox.on_load()
    assert inbox.unread == 1 and inbox.threads[0]["subject"] == "Fråga"
    page = state_for(AdminThreadState, admin=token, path="/admin/support/thread", query=f"id={thread.id}")
    page.on_load()
    assert page.messages[0]["body"] == "Hur skriver jag ut?"
    page.answer({"body": "Välj Rapport i menyn."})
    assert [m["from_admin"] for m in page.messages] == ["", "yes"]
    assert state_for(AppState, token=customer_token)._require_account().support_unread == 1


def test_maintenance_replaces_the_app_for_customers_not_admins(db):
    admin, _ = make_admin(db)
    customer = make_account(db)
    token, customer_token = admin_token(db, admin), signed_in_token(db, customer)
    db.commit()
    page = state_for(AdminMaintenanceState, admin=token)
    page.on_load()
    page.switch_on({"message_sv": "Vi uppgraderar", "message_en": "Upgrading", "ends_at": ""})
    assert page.enabled
    register = state_for(RegisterState, token=customer_token)
    register.on_load()
    assert register.maintenance_sv == "Vi uppgraderar" and register.in_maintenance
    page.on_load()  # the admin keeps working
    assert page.enabled
    page.switch_off()
    register.on_load()
    assert register.maintenance_sv == "" and register.loaded


def test_maintenance_end_time_must_be_valid(db):
    admin, _ = make_admin(db)
    token = admin_token(db, admin)
    db.commit()
    page = state_for(AdminMaintenanceState, admin=token)
    page.on_load()
    page.switch_on({"message_sv": "a", "message_en": "b", "ends_at": "imorgon"})
    assert page.errors == {"ends_at": "Skriv datum och tid, till exempel 2026-12-24 18:00."} and not page.enabled


def test_heir_claim_needs_two_different_admins_on_the_admin_page(db):
    from cleverstore.services.heirs import claims

    owner = make_account(db, name="Olof Ägare")
    reference = claims.submit_claim(
        db, {"owner_email": owner.email, "claimant_name": "Karin Arvinge", "claimant_email": "karin@example.se",
             "reason": "death"},
        [claims.Document("id", "id.pdf", b"%PDF-1.4 id"), claims.Document("death_certificate", "d.pdf", b"%PDF-1.4 d")])
    (first, _), (second, _) = make_admin(db), make_admin(db)
    first_token, second_token = admin_token(db, first), admin_token(db, second)
    db.commit()
    page = state_for(AdminHeirsState, admin=first_token)
    page.on_load()
    claim = page.claims[0]
    assert claim["reference"] == reference and len(page.documents) == 2
    page.propose({"claim_id": claim["id"], "note": "Handlingarna stämmer"})
    assert page.claims[0]["proposed_by_me"] == "yes"
    page.approve(claim["id"])  # the same admin may not approve
    assert page.errors and page.claims[0]["status"] == "proposed"
    other = state_for(AdminHeirsState, admin=second_token)
    other.on_load()
    other.approve(claim["id"])
    assert other.message == "Ansökan är godkänd." and other.claims == []
    actions = [e.action for e in db.exec(select(AuditEntry)).all()]
    assert "heir_claim_proposed" in actions and "heir_claim_approved" in actions


def test_admin_finds_customers_and_reads_statistics_and_the_audit_log(db):
    admin, _ = make_admin(db)
    kept = make_account(db, name="Greta Sökbar")
    make_account(db, name="Annan Person")
    token = admin_token(db, admin)
    db.commit()
    found = state_for(AdminCustomersState, admin=token)
    found.on_load()
    assert found.matching == 2 and found.loaded
    found.search({"query": "sökbar"})
    assert [(r["name"], r["plan"], r["kind"]) for r in found.rows] == [("Greta Sökbar", "bas", "Privatperson")]
    assert found.rows[0]["status"].startswith("Aktivt och betalt till ")
    assert found.rows[0]["customer_number"] == kept.customer_number
    page = state_for(AdminCustomerState, admin=token, path="/admin/customer", query=f"id={kept.id}")
    page.on_load()
    assert page.customer["plan"] == "bas" and page.customer["devices"] == "–" and page.access_thread == ""
    page.suspend({"reason": "Brott mot villkoren"})
    stats = state_for(AdminStatisticsState, admin=token)
    stats.on_load()
    assert stats.figures["customers"] == "2" and stats.figures["suspended"] == "1"
    assert sum(row["count"] for row in stats.new_customers) == 2 and len(stats.monthly) == 12
    assert [row["kind"] for row in stats.customers_by_kind] == ["Privatperson"]
    log = state_for(AdminAuditState, admin=token)
    log.on_load()
    assert log.total >= 1 and log.pages == 1
    assert log.entries[0]["action"] == "Kunden stängdes av" and log.entries[0]["admin"] == admin.email


def test_admin_agreements_page_handles_requests_invoice_terms_and_prices(db, emulator):  # noqa: F811
    from cleverstore.services.billing import superpro

    admin, _ = make_admin(db)
    firm = make_account(db, kind="company", name="Firman AB", org_number="559030-3979", subscribed=False)
    request = superpro.submit_request(db, firm.id, {"company_count": "3", "message": "Tre bolag"})
    token = admin_token(db, admin)
    db.commit()
    page = state_for(AdminAgreementsState, admin=token)
    page.on_load()
    assert [r["customer"] for r in page.requests] == [f"Firman AB ({firm.customer_number})"]
    assert "bas" in [p["code"] for p in page.plans]
    page.mark_handled("x")  # a malformed id changes nothing
    assert page.requests and page.message == ""
    page.mark_handled(str(request.id))
    assert page.requests == [] and page.message
    asyncio.run(page.set_invoice_terms({"customer_number": "nobody", "days_until_due": "30", "plan": "bas"}))
    assert list(page.errors) == ["customer_number"]
    key = page.form_key
    asyncio.run(page.set_invoice_terms({"customer_number": firm.customer_number, "days_until_due": "30",
                                        "plan": "bas"}))
    assert page.errors == {} and firm.customer_number in page.message and page.form_key == key + 1
    asyncio.run(page.publish_price({"plan": "nothing", "price": "500"}))
    assert list(page.errors) == ["plan"]
    asyncio.run(page.publish_price({"plan": "bas", "price": "x"}))
    assert list(page.errors) == ["price"]
    actions = [e.action for e in db.exec(select(AuditEntry).where(AuditEntry.admin_id == admin.id)).all()]
    assert "superpro_handled" in actions and "invoice_terms_set" in actions
