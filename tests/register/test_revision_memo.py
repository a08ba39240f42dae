"""The register list remembers its counts, totals and place paths in memory under the register's version: never
across a change, never for another register, and never for what the revision does not count (search, tags)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from cleverstore.db import get_engine, session_scope
from cleverstore.models import Item, ItemTag, RegisterRevision
from cleverstore.services.privacy import erasure
from cleverstore.services.register import actions as register
from cleverstore.services.register import catalogue, revision_memo
from cleverstore.services.register.catalogue_actions import save_category, save_location
from cleverstore.services.register.items import ItemQuery
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import png_bytes, tiny_pdf

from tests.register.test_register_summaries import register_of_anna  # noqa: F401  (the fixture)


def _listed(account_id: int, query: ItemQuery | None = None):
    listing = register.list_register(account_id, query or ItemQuery())
    return (listing.page.matching, listing.page.totals, listing.needs_details,
            [(view.item.name, view.location, view.category) for view in listing.page.rows])


def _fresh(account_id: int, query: ItemQuery | None = None):
    """The listing made from the database alone, nothing remembered."""
    revision_memo.register_figures.clear()
    return _listed(account_id, query)


class _Statements:
    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)


@pytest.fixture()
def statements():
    counter = _Statements()
    engine = get_engine()
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)


def test_the_memo_copies_in_and_out_and_forgets_the_least_used():
    memo = revision_memo.RevisionMemo(size=2)
    version = (datetime(2026, 1, 1), 7)
    paths = {1: "Villan"}
    memo.keep(1, version, "paths", paths)
    paths[1] = "changed by the caller"
    got = memo.recall(1, version, "paths")
    assert got == {1: "Villan"}
    got[2] = "also changed"
    assert memo.recall(1, version, "paths") == {1: "Villan"}
    assert memo.recall(1, (datetime(2026, 1, 1), 8), "paths") is None  # another revision
    assert memo.recall(1, (datetime(2026, 2, 1), 7), "paths") is None  # another register that had this id
    assert memo.recall(2, version, "paths") is None
    assert memo.recall(1, None, "paths") is None
    memo.keep(1, version, "a", 1)
    memo.recall(1, version, "paths")  # used: the least used is now "a"
    memo.keep(1, version, "b", 2)
    assert memo.recall(1, version, "a") is None and memo.recall(1, version, "paths") is not None


def test_an_unchanged_register_is_listed_without_counting_again(register_of_anna, statements):
    anna = register_of_anna["account"]
    first = _fresh(anna)
    statements.seen.clear()
    assert _listed(anna) == first
    counted = [s for s in statements.seen if "sum(" in s.lower() or "count(" in s.lower() or "FROM location" in s]
    assert counted == []


def _add_object(ids):
    register.save_item(ids["account"], None, {"name": "Cykel", "quantity": "1", "purchase_price": "4500"})


def _nameless_object(ids):
    register.save_item(ids["account"], None, {"name": "Okänd låda", "quantity": "1"})


def _discard(ids):
    register.set_items_status(ids["account"], [_item_id(ids["account"], "Borrmaskin")], "discarded")


def _delete_object(ids):
    register.delete_item(ids["account"], _item_id(ids["account"], "Ring"))


def _shorter_life(ids):
    save_category(ids["account"], {"id": ids["category"], "name": "Verktyg", "useful_life_years": "1"})


def _renamed_category(ids):
    save_category(ids["account"], {"id": ids["category"], "name": "Handverktyg", "useful_life_years": "10"})


def _renamed_place(ids):
    save_location(ids["account"], {"id": ids["place"], "name": "Huset"})


def _moved(ids):
    save_location(ids["account"], {"name": "Sommarstugan"})
    with session_scope() as db:
        cottage = next(node.id for node in catalogue.location_tree(db, ids["account"]) if node.name == "Sommarstugan")
    register.move_items(ids["account"], [_item_id(ids["account"], "Ring")], cottage)


def _item_id(account_id: int, name: str) -> int:
    with session_scope() as db:
        return db.exec(select(Item.id).where(Item.account_id == account_id, Item.name == name)).one()


@pytest.mark.parametrize("write", [_add_object, _nameless_object, _discard, _delete_object, _shorter_life,
                                   _renamed_category, _renamed_place, _moved],
                         ids=lambda write: write.__name__.strip("_"))
def test_every_write_the_list_is_made_of_is_seen_at_once(register_of_anna, write):
    anna = register_of_anna["account"]
    before = _listed(anna)
    write(register_of_anna)
    after = _listed(anna)
    assert after != before
    assert after == _fresh(anna)


@pytest.mark.parametrize("missing, write", [("photo", "photo"), ("receipt", "receipt")])
def test_a_filter_of_missing_files_follows_the_files(register_of_anna, missing, write):
    anna = register_of_anna["account"]
    query = ItemQuery(missing=missing)
    before = _listed(anna, query)
    data, name = (png_bytes(), "ring.png") if write == "photo" else (tiny_pdf(), "kvitto.pdf")
    register.attach_file(anna, _item_id(anna, "Ring"), write, data, name)
    after = _listed(anna, query)
    assert after[0] == before[0] - 1 and after == _fresh(anna, query)


def test_a_tag_filter_and_a_search_are_counted_every_time(register_of_anna, statements):
    """Tags have no revision of their own: a tag given without touching the object is still seen, and a search
    (the text index) is counted on every event."""
    anna = register_of_anna["account"]
    with session_scope() as db:
        catalogue.set_tags(db, anna, _item_id(anna, "Ring"), ["Arv"])
        tag_id = next(tag.id for tag in catalogue.tags(db, anna) if tag.name == "Arv")
    assert _listed(anna, ItemQuery(tag_id=tag_id))[0] == 1
    with session_scope() as db:  # a tag row alone: the revision does not move
        db.add(ItemTag(item_id=_item_id(anna, "Soffa"), tag_id=tag_id))
    assert _listed(anna, ItemQuery(tag_id=tag_id))[0] == 2
    _listed(anna, ItemQuery(search="ring"))
    statements.seen.clear()
    assert _listed(anna, ItemQuery(search="ring"))[0] == 1
    assert any("sum(" in statement.lower() for statement in statements.seen)


def test_a_new_register_never_gets_the_figures_of_an_erased_one(db_url):
    """On SQLite an erased register's id comes back for the next one, whose revision starts again: here at the
    very revision the erased one was listed at, and created in the same second."""
    with session_scope() as db:
        first = make_account(db, email="forsta@example.se")
        for number in range(4):
            make_item(db, first, name=f"Sak {number}", purchase_price="100")
        first_id, created = first.id, first.created_at
    assert _listed(first_id)[0] == 4
    listed_at = _revision(first_id)
    with session_scope() as db:
        erasure.erase_account(db, first_id, notify=False)
    with session_scope() as db:
        second = make_account(db, email="andra@example.se")
        second.created_at = created
        db.add(second)
        second_id = second.id
    number = 0
    while _revision(second_id) < listed_at:
        register.save_item(second_id, None, {"name": f"Ny sak {number}", "quantity": "1"})
        number += 1
    listed = _listed(second_id)
    assert listed[0] == number and {row[0] for row in listed[3]} == {f"Ny sak {n}" for n in range(number)}
    assert listed == _fresh(second_id)


def _revision(account_id: int) -> int:
    with session_scope() as db:
        return db.exec(select(RegisterRevision.revision).where(RegisterRevision.account_id == account_id)).one()


def test_figures_of_yesterday_are_not_todays(register_of_anna, monkeypatch):
    """Values depreciate day by day: the totals are remembered for the day they were counted."""
    anna = register_of_anna["account"]
    _listed(anna)
    tomorrow = datetime.now().date() + timedelta(days=400)

    class _Tomorrow(register.date):
        @classmethod
        def today(cls):
            return tomorrow
    monkeypatch.setattr(register, "date", _Tomorrow)
    later = _listed(anna)
    assert later == _fresh(anna)


def test_counts_an_earlier_event_passed_on_are_never_remembered_as_this_revisions(register_of_anna):
    """Paging reuses the counts of the event before; they may be older than the register and are not kept."""
    anna = register_of_anna["account"]
    _listed(anna)
    _add_object(register_of_anna)
    stale = register.list_register(anna, ItemQuery(page=2), known=(3, register.Totals(objects=3)))
    assert stale.page.matching == 3  # the caller's own counts, used for its paging
    assert _listed(anna) == _fresh(anna) and _listed(anna)[0] == 4
