"""The rules of read-only links: the owner's choices cleaned, tokens kept hashed, dead links all alike, wrong
codes throttled and logged, openings logged with a coarse address, the purge."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from cleverstore.models import SecurityEventDay, SharedLink, SharedLinkItem, SharedLinkVisit
from cleverstore.models.base import utcnow
from cleverstore.services import sharing
from cleverstore.services.register import catalogue
from cleverstore.services.shared import ValidationFailed
from cleverstore.services.shared.tokens import token_hash
from cleverstore.services.sharing import links, log, opening
from tests.helpers.factories import make_account, make_item


@pytest.fixture()
def owner(db):
    anna = make_account(db, name="Anna Andersson")
    things = [make_item(db, anna, name=name) for name in ("Cykel", "Soffa", "Tavla")]
    other = make_account(db)
    foreign = make_item(db, other, name="Någon annans")
    db.commit()
    return anna.id, [t.id for t in things], foreign.id, other.id


def _make(owner_id, item_ids, **form):
    return sharing.make_shared_link(owner_id, owner_id, {"days": "7", **form}, item_ids)


@pytest.mark.parametrize("days", ["0", "31", "-1", "sju", "1.5"])
def test_days_outside_one_to_thirty_are_refused_and_nothing_is_made(db, owner, days):
    anna, items, _foreign, _other = owner
    with pytest.raises(ValidationFailed) as failed:
        _make(anna, items[:1], days=days)
    assert failed.value.errors == {"days": "share.error_days"}
    assert db.exec(select(SharedLink)).all() == []


def test_days_default_to_fourteen_and_thirty_is_allowed(db, owner):
    anna, items, _foreign, _other = owner
    made = sharing.make_shared_link(anna, anna, {}, items[:1])
    assert timedelta(days=13, hours=23) < made.expires_at - utcnow() <= timedelta(days=14)
    made = _make(anna, items[:1], days="30")
    assert made.expires_at - utcnow() > timedelta(days=29)


def test_at_least_one_object_or_a_place(db, owner):
    anna, _items, _foreign, _other = owner
    with pytest.raises(ValidationFailed) as failed:
        _make(anna, [])
    assert failed.value.errors == {"objects": "share.error_no_objects"}


def test_another_customers_object_is_refused_and_logged(db, owner):
    anna, items, foreign, _other = owner
    with pytest.raises(ValidationFailed) as failed:
        _make(anna, [items[0], foreign])
    assert failed.value.errors == {"objects": "share.error_not_yours"}
    assert db.exec(select(SharedLink)).all() == []


def test_another_customers_place_is_refused(db, owner):
    anna, _items, _foreign, other = owner
    theirs = catalogue.save_location(db, other, {"name": "Deras källare"})
    db.commit()
    with pytest.raises(ValidationFailed) as failed:
        _make(anna, [], place=str(theirs.id))
    assert failed.value.errors == {"place": "share.error_place"}


def test_only_the_owner_of_an_open_register_makes_links(db, owner):
    anna, items, _foreign, other = owner
    with pytest.raises(ValidationFailed) as failed:  # someone else acting in Anna's register
        sharing.make_shared_link(anna, other, {"days": "7"}, items[:1])
    assert failed.value.errors == {"link": "share.error_not_owner"}
    locked = make_account(db, subscribed=False)
    thing = make_item(db, locked)
    db.commit()
    with pytest.raises(ValidationFailed):
        sharing.make_shared_link(locked.id, locked.id, {"days": "7"}, [thing.id])
    with pytest.raises(ValidationFailed):
        sharing.shared_links(anna, other)


def test_the_token_and_code_are_stored_only_hashed(db, owner):
    anna, items, _foreign, _other = owner
    made = _make(anna, items[:2], with_code="on")
    assert len(made.token) >= 43 and len(made.code) == links.CODE_LENGTH
    link = db.exec(select(SharedLink)).one()
    assert link.token_hash == token_hash(made.token) and made.token not in link.token_hash
    assert link.code_hash == links.code_hash(link.token_hash, made.code) and made.code not in link.code_hash
    chosen = db.exec(select(SharedLinkItem.item_id).order_by(SharedLinkItem.item_id)).all()
    assert chosen == sorted(items[:2])


def _view(token: str, address: str = "203.0.113.77", code: str | None = None):
    opened = sharing.open_shared_link(token, code, address)
    assert isinstance(opened, sharing.Opened), opened
    return opened, sharing.shared_view(token, opened.session_token)


def test_a_link_shows_exactly_its_objects_and_logs_the_opening_coarsely(db, owner):
    anna, items, _foreign, _other = owner
    made = _make(anna, items[:2])
    _opened, view = _view(made.token, "203.0.113.77")
    assert view.owner_name == "Anna Andersson"
    assert sorted(o.id for o in view.objects) == sorted(items[:2])
    assert all(o.purchase_price_ore is None for o in view.objects)  # prices not chosen
    visit = db.exec(select(SharedLinkVisit)).one()
    assert (visit.kind, visit.address_prefix) == ("opened", "203.0.113.0/24")
    assert "203.0.113.77" not in visit.address_prefix
    _view(made.token, "2001:db8:1234:5678::1")
    prefixes = db.exec(select(SharedLinkVisit.address_prefix).order_by(SharedLinkVisit.id)).all()
    assert prefixes == ["203.0.113.0/24", "2001:db8:1234::/48"]
    [summary] = sharing.shared_links(anna, anna)
    assert [v.address_prefix for v in summary.visits] == ["2001:db8:1234::/48", "203.0.113.0/24"]


def test_a_place_shows_its_objects_and_those_of_the_places_inside_it(db, owner):
    anna, items, _foreign, _other = owner
    house = catalogue.save_location(db, anna, {"name": "Huset"})
    kitchen = catalogue.save_location(db, anna, {"name": "Köket", "parent_id": str(house.id)})
    from cleverstore.models import Item
    for item_id, place in ((items[0], house.id), (items[1], kitchen.id)):
        row = db.get(Item, item_id)
        row.location_id = place
        db.add(row)
    db.commit()
    made = _make(anna, [], place=str(house.id))
    _opened, view = _view(made.token)
    assert sorted(o.id for o in view.objects) == sorted(items[:2])


def test_unknown_expired_and_ended_links_are_the_same_none(db, owner):
    anna, items, _foreign, _other = owner
    assert sharing.open_shared_link("no-such-token", None, "203.0.113.1") is None
    expired, ended = _make(anna, items[:1]), _make(anna, items[:1])
    rows = db.exec(select(SharedLink).order_by(SharedLink.id)).all()
    rows[0].expires_at = utcnow() - timedelta(seconds=1)
    db.add(rows[0])
    db.commit()
    sharing.end_shared_link(anna, anna, rows[1].id)
    assert sharing.open_shared_link(expired.token, None, "203.0.113.1") is None
    assert sharing.open_shared_link(ended.token, None, "203.0.113.1") is None
    assert [s.status for s in sharing.shared_links(anna, anna)] == ["ended", "expired"]


def test_ending_stops_an_opening_already_under_way(db, owner):
    anna, items, _foreign, _other = owner
    made = _make(anna, items[:1])
    opened, view = _view(made.token)
    assert view is not None
    link = db.exec(select(SharedLink)).one()
    sharing.end_shared_link(anna, anna, link.id)
    assert sharing.shared_view(made.token, opened.session_token) is None
    assert sharing.shared_report(made.token, opened.session_token, "sv", "203.0.113.1") is None


def test_a_locked_or_suspended_owner_stops_the_link(db, owner):
    anna, items, _foreign, _other = owner
    made = _make(anna, items[:1])
    opened, _view_now = _view(made.token)
    from cleverstore.models import Account, BillingAccount
    billing = db.exec(select(BillingAccount).where(BillingAccount.account_id == anna)).one()
    billing.status = "canceled"
    db.add(billing)
    db.commit()
    assert sharing.open_shared_link(made.token, None, "203.0.113.1") is None
    assert sharing.shared_view(made.token, opened.session_token) is None
    billing.status = "active"
    account = db.get(Account, anna)
    account.suspended_at = utcnow()
    db.add_all([billing, account])
    db.commit()
    assert sharing.open_shared_link(made.token, None, "203.0.113.1") is None


def test_a_session_of_one_link_opens_no_other(db, owner):
    anna, items, _foreign, _other = owner
    first, second = _make(anna, items[:1]), _make(anna, items[1:2])
    opened, _ = _view(first.token)
    assert sharing.shared_view(second.token, opened.session_token) is None
    assert sharing.shared_view(first.token, "forged") is None


def test_a_code_is_asked_a_wrong_one_is_logged_and_throttled(db, owner):
    anna, items, _foreign, _other = owner
    made = _make(anna, items[:1], with_code="on")
    assert sharing.open_shared_link(made.token, None, "198.51.100.5") == sharing.NeedsCode()
    assert sharing.open_shared_link(made.token, "WRONG123", "198.51.100.5") == sharing.NeedsCode(wrong=True)
    events = db.exec(select(SecurityEventDay).where(SecurityEventDay.kind == "wrong_share_code")).all()
    assert sum(e.count for e in events) == 1
    for _ in range(opening.MAX_CODES_PER_LINK - 1):
        sharing.open_shared_link(made.token, "WRONG123", "198.51.100.5")
    # the limit is reached: even the right code waits now (counted per link and per network)
    assert sharing.open_shared_link(made.token, made.code, "198.51.100.5") == sharing.NeedsCode(wrong=True,
                                                                                               throttled=True)
    assert db.exec(select(SharedLinkVisit)).all() == []


def test_the_right_code_opens_and_is_not_counted(db, owner):
    anna, items, _foreign, _other = owner
    made = _make(anna, items[:1], with_code="on")
    for _ in range(opening.MAX_CODES_PER_LINK + 2):  # typed in lower case with a dash: still the code
        assert isinstance(sharing.open_shared_link(made.token, made.code[:4].lower() + "-" + made.code[4:],
                                                   "198.51.100.5"), sharing.Opened)


def test_purge_keeps_openings_90_days_after_the_link_ended(db, owner):
    anna, items, _foreign, _other = owner
    old, recent = _make(anna, items[:1]), _make(anna, items[:1])
    _view(old.token)
    _view(recent.token)
    rows = db.exec(select(SharedLink).order_by(SharedLink.id)).all()
    rows[0].expires_at = utcnow() - timedelta(days=91)
    rows[1].expires_at = utcnow() - timedelta(days=89)
    db.add_all(rows)
    db.commit()
    assert log.purge_expired(db) == 1
    db.commit()
    assert db.exec(select(SharedLink.id)).all() == [rows[1].id]
    assert [v.link_id for v in db.exec(select(SharedLinkVisit)).all()] == [rows[1].id]
