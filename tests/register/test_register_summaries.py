"""The dashboard's and the insurance check's figures are kept between page loads, and never outlive a change:
every write the figures are made of (through the very use cases the pages call) makes them again."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Item, RegisterRevision, RegisterSummary
from cleverstore.services import insurance
from cleverstore.services.insurance import coverage
from cleverstore.services.privacy import erasure
from cleverstore.services.register import actions as register
from cleverstore.services.register import catalogue, dashboard, items, summaries
from cleverstore.services.register.catalogue_actions import (
    dashboard_figures,
    delete_category,
    save_category,
    save_location,
)
from tests.helpers.factories import make_account, make_item
from tests.helpers.images import png_bytes, tiny_pdf

POLICY = {"company": "Folksam", "policy_number": "HV-1", "kind": "home", "contents_sum": "30 000",
          "theft_limit": "5 000", "single_item_limit": "8 000"}


@pytest.fixture()
def register_of_anna(db_url):
    with session_scope() as db:
        anna = make_account(db, email="anna@example.se")
        tools = catalogue.save_category(db, anna.id, {"name": "Verktyg", "useful_life_years": "10"})
        house = catalogue.save_location(db, anna.id, {"name": "Villan"})
        make_item(db, anna, name="Borrmaskin", purchase_price="2000", purchase_date="2024-01-10",
                  category="Verktyg", location="Villan")
        make_item(db, anna, name="Ring", replacement_value="9000", quantity="2")
        make_item(db, anna, name="Soffa", current_value="3000", warranty_end=(date.today() + timedelta(days=30))
                  .isoformat())
        return {"account": anna.id, "category": tools.id, "place": house.id}


def _fresh(account_id: int):
    """The figures made from the register as it is now, nothing kept."""
    with tenant_scope(account_id) as db:
        return dashboard.build(db, account_id, none_label="Ingen", rest_label="Övrigt"), coverage.compare(db, account_id)


def _shown(account_id: int):
    """The figures as the pages get them (kept when they still hold)."""
    return dashboard_figures(account_id, none_label="Ingen", rest_label="Övrigt"), insurance.insurance_check(account_id)


def _kept_kinds(account_id: int) -> set[str]:
    with session_scope() as db:
        return set(db.exec(select(RegisterSummary.kind).where(RegisterSummary.account_id == account_id)).all())


def _revision(account_id: int) -> int:
    with session_scope() as db:
        return db.exec(select(RegisterRevision.revision).where(RegisterRevision.account_id == account_id)).one()


def test_kept_figures_are_the_figures_and_the_second_load_does_not_make_them(register_of_anna, monkeypatch):
    anna = register_of_anna["account"]
    insurance.save_policy(anna, POLICY)
    first = _shown(anna)
    assert first == _fresh(anna)
    assert _kept_kinds(anna) == {"dashboard", "coverage"}

    def never(*_args):
        raise AssertionError("made again although nothing changed")
    monkeypatch.setattr(dashboard, "measure", never)
    monkeypatch.setattr(coverage, "compare", never)
    assert _shown(anna) == first
    # the labels are the caller's, not kept: an English page gets its own words for the same sums
    english = dashboard_figures(anna, none_label="None", rest_label="Other")
    assert "None" in [group.label for group in english.by_location]


def test_the_kept_shapes_come_back_unchanged():
    measured = dashboard.Measured(
        dashboard._Scan(dashboard.Totals(3, 100, 200, 90, 1), {None: [1, 2, 3], "Verktyg": [2, 98, 87]},
                        {None: [1, 2, 3], 7: [2, 98, 87]}, [1, 2, 0, 3]),
        [(5, "Soffa", date(2027, 1, 2))], [dashboard.MonthValue(date(2026, 11, 30), 80)])
    assert dashboard.decode(dashboard.encode(measured)) == measured
    check = coverage.PolicyCheck(1, "Folksam", "HV-1", "home", 100, objects=2, value_ore=150, under_ore=50,
                                 over_single_limit=[coverage.OverLimit(4, "Ring", 90, 10)],
                                 separate_cover=[(4, "Ring")], on_cover=[(6, "Klocka")])
    kept = coverage.Coverage([check], outside_objects=1, outside_value_ore=7)
    assert coverage.decode(coverage.encode(kept)) == kept


def _add_object(ids):
    register.save_item(ids["account"], None, {"name": "Cykel", "quantity": "1", "purchase_price": "4500"})


def _change_value(ids):
    item_id = _item_id(ids["account"], "Soffa")
    register.save_item(ids["account"], item_id, {"name": "Soffa", "quantity": "1", "current_value": "1200"})


def _discard(ids):
    register.set_items_status(ids["account"], [_item_id(ids["account"], "Borrmaskin")], "discarded")


def _delete_object(ids):
    register.delete_item(ids["account"], _item_id(ids["account"], "Ring"))


def _add_photo(ids):
    register.attach_file(ids["account"], _item_id(ids["account"], "Ring"), "photo", png_bytes(), "ring.png")


def _add_receipt(ids):
    register.attach_file(ids["account"], _item_id(ids["account"], "Ring"), "receipt", tiny_pdf(), "kvitto.pdf")


def _shorter_life(ids):
    save_category(ids["account"], {"id": ids["category"], "name": "Verktyg", "useful_life_years": "1"})


def _category_goes(ids):
    delete_category(ids["account"], ids["category"])


def _place_under_another(ids):
    save_location(ids["account"], {"name": "Sommarstugan"})
    with session_scope() as db:
        cottage = next(node.id for node in catalogue.location_tree(db, ids["account"]) if node.name == "Sommarstugan")
    register.move_items(ids["account"], [_item_id(ids["account"], "Ring")], cottage)


def _new_policy(ids):
    insurance.save_policy(ids["account"], POLICY)


def _theft_prone_tools(ids):
    insurance.save_policy(ids["account"], POLICY)
    _shown(ids["account"])  # kept with the policy, before the words change
    insurance.save_theft_prone_words(ids["account"], "verktyg")


def _item_id(account_id: int, name: str) -> int:
    with session_scope() as db:
        return db.exec(select(Item.id).where(Item.account_id == account_id, Item.name == name)).one()


@pytest.mark.parametrize("write", [_add_object, _change_value, _discard, _delete_object, _add_photo, _add_receipt,
                                   _shorter_life, _category_goes, _place_under_another, _new_policy,
                                   _theft_prone_tools], ids=lambda write: write.__name__.strip("_"))
def test_every_write_the_figures_are_made_of_makes_them_again(register_of_anna, write):
    anna = register_of_anna["account"]
    before = _shown(anna)
    assert _kept_kinds(anna) == {"dashboard", "coverage"}
    write(register_of_anna)
    after = _shown(anna)
    assert after == _fresh(anna)
    assert after != before


def test_figures_kept_yesterday_are_made_again_today(register_of_anna):
    anna = register_of_anna["account"]
    _shown(anna)
    with session_scope() as db:
        assert summaries.recall(db, anna, "dashboard", date.today()).figures is not None
        assert summaries.recall(db, anna, "dashboard", date.today() + timedelta(days=1)).figures is None


def test_a_write_landing_while_the_figures_are_made_is_never_hidden(register_of_anna, monkeypatch):
    """The revision is read before the figures are made: a write committed meanwhile counts past it."""
    anna = register_of_anna["account"]
    made = dashboard.measure

    def measure_while_someone_adds(db, account_id, today):
        figures = made(db, account_id, today)  # the reading transaction has seen the register as it was
        adder = threading.Thread(target=register.save_item, args=(anna, None, {"name": "Kajak", "quantity": "1",
                                                                              "purchase_price": "9000"}))
        adder.start()
        adder.join()
        return figures
    monkeypatch.setattr(dashboard, "measure", measure_while_someone_adds)
    stale = dashboard_figures(anna, none_label="Ingen", rest_label="Övrigt")
    monkeypatch.setattr(dashboard, "measure", made)
    shown = dashboard_figures(anna, none_label="Ingen", rest_label="Övrigt")
    assert stale.totals.objects == 3
    assert shown.totals.objects == 4
    assert shown == _fresh(anna)[0]


def test_one_customers_kept_figures_never_reach_another(register_of_anna):
    anna = register_of_anna["account"]
    with session_scope() as db:
        bo = make_account(db, email="bo@example.se")
        make_item(db, bo, name="Bos gitarr", purchase_price="7000")
        bo_id = bo.id
    anna_board, _ = _shown(anna)
    bo_board, _ = _shown(bo_id)
    assert (anna_board.totals.objects, bo_board.totals.objects) == (3, 1)
    assert bo_board.totals.purchase_ore == 7000_00
    assert _shown(anna)[0] == anna_board and _shown(bo_id)[0] == bo_board
    register.save_item(bo_id, None, {"name": "Bos förstärkare", "quantity": "1"})
    assert _kept_kinds(anna) == {"dashboard", "coverage"}
    with session_scope() as db:  # Bo's write counted Bo's register only
        kept = db.exec(select(RegisterSummary.revision).where(RegisterSummary.account_id == anna,
                                                              RegisterSummary.kind == "dashboard")).one()
    assert kept == _revision(anna)


def test_a_transaction_of_many_objects_counts_the_revision_once_on_postgresql(register_of_anna):
    anna = register_of_anna["account"]
    before = _revision(anna)
    with tenant_scope(anna) as db:
        dialect = db.get_bind().dialect.name
        for number in range(50):
            items.create_item(db, anna, {"name": f"Låda {number}", "quantity": "1"})
    counted = _revision(anna) - before
    if dialect == "postgresql":
        assert counted == 1  # one new version of the counter's row, however large the import
    else:
        assert counted >= 50  # SQLite counts each row: an update in place


def test_the_account_goes_with_its_objects_and_leaves_no_kept_figures(register_of_anna):
    anna = register_of_anna["account"]
    _shown(anna)
    with session_scope() as db:
        erasure.erase_account(db, anna, notify=False)
    with session_scope() as db:
        for table in ("registerrevision", "registersummary", "item"):
            assert db.execute(text(f"SELECT count(*) FROM {table} WHERE account_id = :a"), {"a": anna}).scalar() == 0


def test_every_new_account_gets_its_counter(db_url):
    with session_scope() as db:
        account = make_account(db, email="ny@example.se")
        account_id = account.id
    assert _revision(account_id) == 0


def test_the_whole_registers_totals_and_its_count_needing_details_are_kept_between_events(register_of_anna,
                                                                                         monkeypatch):
    anna = register_of_anna["account"]
    monkeypatch.setattr(register, "KEPT_FROM", 3)  # a register this small is counted each time (below)
    register.save_item(anna, None, {"name": "Okänd låda", "quantity": "1"})  # no value at all: needs details
    first = register.list_register(anna, register.ItemQuery())
    assert (first.page.matching, first.page.totals.objects, first.needs_details) == (4, 4, 1)

    def never(*_args, **_kwargs):
        raise AssertionError("counted again although nothing changed")
    with monkeypatch.context() as patched:
        patched.setattr(items, "totals", never)
        patched.setattr(items, "count_needing_details", never)
        again = register.list_register(anna, register.ItemQuery())
        assert (again.page.totals, again.page.matching, again.needs_details) == (
            first.page.totals, first.page.matching, first.needs_details)
        assert [view.item.name for view in again.page.rows] == [view.item.name for view in first.page.rows]
    with monkeypatch.context() as patched:  # a search counts its own matches; the count needing details is kept
        patched.setattr(items, "count_needing_details", never)
        searched = register.list_register(anna, register.ItemQuery(search="ring"))
    assert (searched.page.matching, searched.needs_details) == (1, 1)

    register.save_item(anna, _item_id(anna, "Okänd låda"), {"name": "Okänd låda", "quantity": "1",
                                                             "purchase_price": "100"})
    after_edit = register.list_register(anna, register.ItemQuery())
    assert after_edit.needs_details == 0
    assert after_edit.page.totals.purchase_ore == first.page.totals.purchase_ore + 100_00
    register.delete_item(anna, _item_id(anna, "Ring"))
    searched = register.list_register(anna, register.ItemQuery(search="ring"))
    assert searched.page.matching == 0
    assert register.list_register(anna, register.ItemQuery()).page.matching == 3


def test_a_small_registers_counts_are_not_kept(register_of_anna):
    anna = register_of_anna["account"]
    listing = register.list_register(anna, register.ItemQuery())
    assert listing.page.matching == 3 < register.KEPT_FROM
    assert "register" not in _kept_kinds(anna)


def test_a_long_transaction_does_not_hold_up_another_members_edit_on_postgresql(register_of_anna):
    """The counter is counted when a transaction commits: an import still running never makes an edit in the
    same register wait for it (SQLite has one writer at a time whatever the counter does)."""
    anna = register_of_anna["account"]
    with session_scope() as db:
        if db.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite has a single writer: the second edit waits for the first on any table")
    saved = threading.Event()

    def another_member_saves():
        register.save_item(anna, None, {"name": "Cykelhjälm", "quantity": "1"})
        saved.set()
    with tenant_scope(anna) as importing:
        items.create_item(importing, anna, {"name": "Importerad låda", "quantity": "1"})
        importing.flush()  # the import's first object is written; its transaction stays open
        other = threading.Thread(target=another_member_saves)
        other.start()
        assert saved.wait(10), "the edit waited for the import's transaction"
    other.join()
    shown = dashboard_figures(anna, none_label="Ingen", rest_label="Övrigt")
    assert shown.totals.objects == 5 and shown == _fresh(anna)[0]


@pytest.mark.parametrize("kind", ["dashboard", "coverage", "register"])
def test_figures_kept_in_another_shape_are_made_again(register_of_anna, monkeypatch, kind):
    """A new version that keeps its figures in another shape never shows, nor breaks on, the old ones."""
    anna = register_of_anna["account"]
    monkeypatch.setattr(register, "KEPT_FROM", 1)
    insurance.save_policy(anna, POLICY)
    expected_board, expected_cover = _shown(anna)
    expected_listing = register.list_register(anna, register.ItemQuery())
    with session_scope() as db:
        kept = db.exec(select(RegisterSummary).where(RegisterSummary.account_id == anna,
                                                     RegisterSummary.kind == kind)).one()
        assert kept.revision == _revision(anna)
        kept.figures = '{"totals": [1, 2, 3, 4], "policies": [{"company": "Gammal"}], "needing": "många"}'
        db.add(kept)
    assert _shown(anna) == (expected_board, expected_cover)
    listing = register.list_register(anna, register.ItemQuery())
    assert (listing.page.totals, listing.needs_details) == (expected_listing.page.totals, expected_listing.needs_details)
