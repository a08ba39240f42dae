"""Support access on the pages: the customer grants and withdraws on the thread; the admin's read-only register
view checks the admin and the live grant on every event, and every look reaches audit and activity logs."""
from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import AuditEntry, SupportAccessGrant
from cleverstore.models.base import utcnow
from cleverstore.services.register import files
from cleverstore.services.shared import activity
from cleverstore.services.support import register_access, threads
from cleverstore.state.admin.customers import AdminCustomerState
from cleverstore.state.admin.support import AdminThreadState
from cleverstore.state.admin.support_register import AdminSupportRegisterState
from cleverstore.state.support import SupportState
from tests.helpers.factories import (
    admin_token,
    event_names,
    make_account,
    make_admin,
    make_item,
    signed_in_token,
    state_for,
)
from tests.helpers.images import jpeg_with_gps


@pytest.fixture()
def people(db):
    customer = make_account(db, name="Sara Stöd")
    make_item(db, customer, name="Diskmaskin")
    tv = make_item(db, customer, name="Tv-apparat", manufacturer="Bra<b>nd</b>")
    photo = files.attach(db, customer.id, tv.id, "photo", jpeg_with_gps(), "tv.jpg")
    admin, _ = make_admin(db)
    tokens = signed_in_token(db, customer), admin_token(db, admin)
    db.commit()
    return customer, tv, photo, admin, tokens


def _open_case(db, customer_token: str, grant: bool) -> int:
    page = state_for(SupportState, token=customer_token, path="/support")
    form = {"subject": "Fel värde", "body": "Kan ni titta på tv:n?"}
    if grant:
        form["grant_access"] = "on"
    assert event_names(page.open_thread(form)) == ["_redirect"]
    return threads.customer_threads(db, page._require_account().account_id)[0].id


def _register(admin: str, thread_id: int) -> AdminSupportRegisterState:
    return state_for(AdminSupportRegisterState, admin=admin, path="/admin/support/register",
                     query=f"thread={thread_id}")


def _audited(db, prefix: str = "support_register") -> list[str]:
    return [a.action for a in db.exec(select(AuditEntry).where(AuditEntry.action.startswith(prefix))
                                      .order_by(AuditEntry.id)).all()]


def test_the_checkbox_is_off_unless_ticked_and_the_thread_tells_the_customer(db, people):
    customer, *_, (customer_token, _) = people
    without = _open_case(db, customer_token, grant=False)
    assert register_access.grant_for_thread(db, without) is None
    with_access = _open_case(db, customer_token, grant=True)
    grant = register_access.grant_for_thread(db, with_access)
    assert grant is not None and grant.account_id == customer.id
    thread = state_for(SupportState, token=customer_token, path="/support/thread", query=f"id={with_access}")
    thread.load_thread()
    assert thread.access["live"] == "1" and thread.access["text"].startswith("Supporten kan se ditt register")
    assert thread.access_views == []
    plain = state_for(SupportState, token=customer_token, path="/support/thread", query=f"id={without}")
    plain.load_thread()
    assert plain.access == {"live": "", "text": "Supporten kan inte se ditt register.", "can_give": "1"}
    plain.grant_access()
    assert plain.access["live"] == "1" and plain.message.startswith("Supporten kan nu se ditt register")


def test_admin_is_refused_without_a_grant_and_sees_nothing(db, people):
    _, _, _, _, (customer_token, admin) = people
    thread_id = _open_case(db, customer_token, grant=False)
    page = _register(admin, thread_id)
    assert page.on_load() is None
    assert page.refused and page.rows == [] and page.customer_name == ""
    assert _audited(db) == ["support_register_refused"]
    thread = state_for(AdminThreadState, admin=admin, path="/admin/support/thread", query=f"id={thread_id}")
    thread.on_load()
    assert thread.access_text == ""


def test_admin_reads_the_register_and_every_look_is_logged_for_both(db, people):
    customer, tv, photo, admin_user, (customer_token, admin) = people
    thread_id = _open_case(db, customer_token, grant=True)
    thread = state_for(AdminThreadState, admin=admin, path="/admin/support/thread", query=f"id={thread_id}")
    thread.on_load()
    assert thread.access_text.startswith("Kunden har gett supporten läsrätt")
    overview = state_for(AdminCustomerState, admin=admin, path="/admin/customer", query=f"id={customer.id}")
    overview.on_load()
    assert overview.access_thread == str(thread_id)

    page = _register(admin, thread_id)
    page.on_load()
    assert not page.refused and [r["name"] for r in page.rows] == ["Diskmaskin", "Tv-apparat"]
    assert page.customer_name == f"Sara Stöd ({customer.customer_number})"
    page.search_register({"search": "tv"})
    assert [r["name"] for r in page.rows] == ["Tv-apparat"]
    page.open_item(str(tv.id))
    assert page.item["name"] == "Tv-apparat" and page.item["manufacturer"] == "Bra<b>nd</b>"  # shown as text
    assert page.item["thumb"] == f"/admin/support-file/{thread_id}/{photo.id}/thumb"
    assert [f["view"] for f in page.item_files] == [f"/admin/support-file/{thread_id}/{photo.id}/view"]
    page.back_to_list()
    assert page.item == {} and [r["name"] for r in page.rows] == ["Tv-apparat"]

    assert _audited(db) == ["support_register_list", "support_register_search", "support_register_object",
                            "support_register_search"]
    assert {a.admin_id for a in db.exec(select(AuditEntry).where(AuditEntry.action.startswith("support_reg")))} \
        == {admin_user.id}
    seen = [e.detail for e in activity.recent(db, customer.id) if e.kind == "support_access_viewed"]
    assert seen == ["Sökning ”tv”, sida 1", "Föremålet ”Tv-apparat”", "Sökning ”tv”, sida 1",
                    "Registerlistan, sida 1"]
    mine = state_for(SupportState, token=customer_token, path="/support/thread", query=f"id={thread_id}")
    mine.load_thread()
    assert [(v["who"], v["what"]) for v in mine.access_views] == [("Support", what) for what in seen]


def test_withdrawal_refuses_the_admins_very_next_click(db, people):
    customer, tv, _, _, (customer_token, admin) = people
    thread_id = _open_case(db, customer_token, grant=True)
    page = _register(admin, thread_id)
    page.on_load()
    assert page.rows
    mine = state_for(SupportState, token=customer_token, path="/support/thread", query=f"id={thread_id}")
    mine.load_thread()
    mine.withdraw_access()
    assert mine.message.startswith("Supportens tillgång är borttagen") and mine.access["live"] == ""
    assert mine.access["text"].startswith("Du drog tillbaka supportens tillgång")
    page.open_item(str(tv.id))
    assert page.refused and page.item == {} and page.rows == []
    page.next_page()
    assert page.refused and page.rows == []
    assert _audited(db)[-2:] == ["support_register_refused", "support_register_refused"]
    assert [e.kind for e in activity.recent(db, customer.id)][:1] == ["support_access_withdrawn"]
    overview = state_for(AdminCustomerState, admin=admin, path="/admin/customer", query=f"id={customer.id}")
    overview.on_load()
    assert overview.access_thread == ""


def test_an_expired_grant_refuses_on_the_next_click(db, people, monkeypatch):
    _, _, _, _, (customer_token, admin) = people
    thread_id = _open_case(db, customer_token, grant=True)
    page = _register(admin, thread_id)
    page.on_load()
    assert page.rows and not page.refused
    later = utcnow() + timedelta(days=14, seconds=1)
    monkeypatch.setattr(register_access, "utcnow", lambda: later)
    page.search_register({"search": ""})
    assert page.refused and page.rows == []
    grant = db.exec(select(SupportAccessGrant)).one()
    mine = state_for(SupportState, token=customer_token, path="/support/thread", query=f"id={thread_id}")
    mine.load_thread()
    assert mine.access["live"] == "" and mine.access["can_give"] == "1"
    assert mine.access["text"].startswith("Tillgången upphörde") and grant.ended_at is None


def test_a_customer_firing_the_admin_events_by_name_gets_nothing(db, people):
    customer, tv, _, _, (customer_token, _) = people
    thread_id = _open_case(db, customer_token, grant=True)
    page = state_for(AdminSupportRegisterState, token=customer_token, path="/admin/support/register",
                     query=f"thread={thread_id}")
    for fire in (page.on_load, lambda: page.open_item(str(tv.id)), lambda: page.search_register({"search": "tv"})):
        result = fire()
        assert "/admin/login" in str(result.args)
        assert page.rows == [] and page.item == {}
    assert _audited(db) == []
    assert [a.reason for a in db.exec(select(AuditEntry).where(AuditEntry.action == "refused_admin_event"))] == \
        [f"customer {customer.id}"] * 3
    assert not any(e.kind == "support_access_viewed" for e in activity.recent(db, customer.id))


def test_another_customers_object_is_not_opened_under_a_grant(db, people):
    _, _, _, _, (customer_token, admin) = people
    other = make_account(db)
    foreign = make_item(db, other, name="Främmande")
    db.commit()
    thread_id = _open_case(db, customer_token, grant=True)
    page = _register(admin, thread_id)
    page.on_load()
    page.open_item(str(foreign.id))
    assert page.item == {} and not page.refused and page.rows
    assert "support_register_object" not in _audited(db)
