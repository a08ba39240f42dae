"""Support's read-only access to a register: granted per thread by the customer, ended by withdrawal,
a closed thread or 14 days; every look checked against the live grant and logged three ways."""
from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import AuditEntry, SupportAccessGrant, SupportAccessView
from cleverstore.models.base import utcnow
from cleverstore.services.register import files
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.support import register_access, threads
from tests.helpers.factories import make_account, make_admin, make_item
from tests.helpers.images import jpeg_with_gps


@pytest.fixture()
def case(db):
    """A customer with two objects and an open support thread, and an admin."""
    customer = make_account(db, name="Greta Grant")
    make_item(db, customer, name="Tv-apparat")
    make_item(db, customer, name="Cykel")
    thread = threads.open_thread(db, customer.id, "Mina värden", "Kan ni titta?")
    admin, _ = make_admin(db)
    return customer, thread, admin


def _move_clock(monkeypatch, days: float) -> None:
    later = utcnow() + timedelta(days=days)
    monkeypatch.setattr(register_access, "utcnow", lambda: later)


def test_a_grant_lasts_fourteen_days_and_shows_in_the_activity_log(db, case, monkeypatch):
    customer, thread, admin = case
    grant = register_access.grant(db, customer.id, thread.id)
    assert grant.expires_at - grant.granted_at == timedelta(days=14)
    assert register_access.grant_for_thread(db, thread.id).id == grant.id
    assert register_access.active_grant(db, customer.id).id == grant.id
    assert activity.recent(db, customer.id)[0].kind == "support_access_granted"
    # asking for more than 14 days still gives 14; granting again keeps the live grant
    assert register_access.grant(db, customer.id, thread.id, days=365).id == grant.id
    _move_clock(monkeypatch, 13.9)
    assert register_access.require_grant(db, thread.id).id == grant.id
    _move_clock(monkeypatch, 14)
    assert register_access.grant_for_thread(db, thread.id) is None
    assert register_access.active_grant(db, customer.id) is None
    with pytest.raises(NotFound):
        register_access.browse(db, admin.id, thread.id, ItemQuery())


def test_withdrawal_ends_the_grant_at_once_and_for_good(db, case):
    customer, thread, admin = case
    register_access.grant(db, customer.id, thread.id)
    register_access.browse(db, admin.id, thread.id, ItemQuery())
    assert register_access.withdraw(db, customer.id, thread.id) is True
    assert register_access.withdraw(db, customer.id, thread.id) is False
    with pytest.raises(NotFound):
        register_access.browse(db, admin.id, thread.id, ItemQuery())
    ended = db.exec(select(SupportAccessGrant)).one()
    assert ended.ended_reason == "withdrawn" and ended.ended_at is not None
    assert activity.recent(db, customer.id)[0].kind == "support_access_withdrawn"
    # a new grant is a new row with its own 14 days
    again = register_access.grant(db, customer.id, thread.id)
    assert again.id != ended.id and register_access.require_grant(db, thread.id).id == again.id


def test_closing_the_thread_ends_the_grant_even_if_it_is_reopened(db, case):
    customer, thread, _ = case
    register_access.grant(db, customer.id, thread.id)
    thread.status = "closed"
    db.add(thread)
    assert register_access.grant_for_thread(db, thread.id) is None
    with pytest.raises(ValidationFailed) as refused:
        register_access.grant(db, customer.id, thread.id)
    assert refused.value.errors == {"access": "support_access.thread_closed"}
    threads.customer_reply(db, customer.id, thread.id, "En sak till")  # reopens the thread
    assert register_access.grant_for_thread(db, thread.id) is None
    assert db.exec(select(SupportAccessGrant)).one().ended_reason == "closed"


def test_another_customers_thread_cannot_be_granted_or_withdrawn(db, case):
    customer, thread, admin = case
    intruder = make_account(db)
    with pytest.raises(NotFound):
        register_access.grant(db, intruder.id, thread.id)
    register_access.grant(db, customer.id, thread.id)
    with pytest.raises(NotFound):
        register_access.withdraw(db, intruder.id, thread.id)
    assert register_access.active_grant(db, intruder.id) is None
    assert register_access.require_grant(db, thread.id).account_id == customer.id


@pytest.mark.parametrize("thread_id", ["", "abc", "999999", None])
def test_no_grant_means_not_found_for_every_look(db, case, thread_id):
    customer, thread, admin = case
    item = make_item(db, customer, name="Lampa")
    for wanted in (thread_id, thread.id):  # a bad id, and a real thread without a grant
        with pytest.raises(NotFound):
            register_access.browse(db, admin.id, wanted, ItemQuery())
        with pytest.raises(NotFound):
            register_access.open_object(db, admin.id, wanted, item.id)
        with pytest.raises(NotFound):
            register_access.read_file(db, admin.id, wanted, 1, thumbnail=True)
    assert db.exec(select(SupportAccessView)).all() == []


def test_every_look_is_audited_logged_for_the_customer_and_listed_on_the_thread(db, case):
    customer, thread, admin = case
    register_access.grant(db, customer.id, thread.id)
    look = register_access.browse(db, admin.id, thread.id, ItemQuery())
    assert [v.item.name for v in look.page.rows] == ["Cykel", "Tv-apparat"] and look.owner.id == customer.id
    found = register_access.browse(db, admin.id, thread.id, ItemQuery(search="tv"))
    assert [v.item.name for v in found.page.rows] == ["Tv-apparat"]
    tv = found.page.rows[0].item
    photo = files.attach(db, customer.id, tv.id, "photo", jpeg_with_gps(), "tv.jpg")
    opened = register_access.open_object(db, admin.id, thread.id, tv.id)
    assert opened.view.item.name == "Tv-apparat" and [f.id for f in opened.files] == [photo.id]
    thumb = register_access.read_file(db, admin.id, thread.id, photo.id, thumbnail=True)
    assert thumb.content_type == "image/jpeg" and thumb.data[:2] == b"\xff\xd8"

    audit_rows = db.exec(select(AuditEntry).where(AuditEntry.action.startswith("support_register"))
                         .order_by(AuditEntry.id)).all()
    assert [(a.action, a.admin_id, a.target_type, a.target_id) for a in audit_rows] == [
        ("support_register_list", admin.id, "account", str(customer.id)),
        ("support_register_search", admin.id, "account", str(customer.id)),
        ("support_register_object", admin.id, "item", str(tv.id)),
        ("support_register_file", admin.id, "item_file", str(photo.id)),
    ]
    assert all(a.reason == f"thread {thread.id}" for a in audit_rows)  # ids only: nothing personal outlives erasure
    seen = [e.detail for e in activity.recent(db, customer.id) if e.kind == "support_access_viewed"]
    assert seen == ["Filen ”tv.jpg”", "Föremålet ”Tv-apparat”", "Sökning ”tv”, sida 1", "Registerlistan, sida 1"]
    assert [v.detail for v in register_access.views(db, customer.id, thread.id)] == seen
    assert {v.admin_id for v in register_access.views(db, customer.id, thread.id)} == {admin.id}


def test_a_grant_opens_only_its_own_customers_objects_and_files(db, case):
    customer, thread, admin = case
    other = make_account(db)
    foreign = make_item(db, other, name="Annans klocka")
    foreign_photo = files.attach(db, other.id, foreign.id, "photo", jpeg_with_gps(), "klocka.jpg")
    register_access.grant(db, customer.id, thread.id)
    with pytest.raises(NotFound):
        register_access.open_object(db, admin.id, thread.id, foreign.id)
    with pytest.raises(NotFound):
        register_access.read_file(db, admin.id, thread.id, foreign_photo.id, thumbnail=False)
    assert db.exec(select(SupportAccessView)).all() == []
