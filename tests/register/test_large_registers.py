"""Registers of 100 000 objects: the dashboard sums in the database by the one definition of worth, and the
queries a large register runs are served by its indexes (SQLite's plans are read with EXPLAIN QUERY PLAN).

The figures are checked on a small mixed register against the Python rules they must equal; the plans are
what keeps them quick at 100 000 objects (`benchmarks/dashboard.py`, `benchmarks/register_events.py`).
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from cleverstore.models import Category, FileKind, Item, ItemFile, Location
from cleverstore.services.register import dashboard, items, reinventory, value_history
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.register.value_history import series
from cleverstore.services.shared import worth
from tests.helpers.factories import make_account

TODAY = date(2026, 6, 15)
STATUSES = ("in_use", "in_use", "in_use", "lent_out", "lost", "sold", "discarded")


def _mixed_register(db, account, count: int = 120) -> list[Item]:
    """Objects of every kind the rules tell apart: statuses, quantities, typed or depreciated values, no value,
    no category or place, life years of none, zero and some, bought before or after a category's life ended."""
    rng = random.Random(7)
    categories = [Category(account_id=account.id, name=name, useful_life_years=life)
                  for name, life in (("Möbler", 10), ("Elektronik", 3), ("Konst", None), ("Verktyg", 0))]
    house = Location(account_id=account.id, name="Villan")
    db.add_all([*categories, house])
    db.flush()
    rooms = [Location(account_id=account.id, name=name, parent_id=house.id) for name in ("Kök", "Hall")]
    db.add_all(rooms)
    db.flush()
    made = []
    for number in range(count):
        status = STATUSES[number % len(STATUSES)]
        created = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(800))
        item = Item(
            account_id=account.id, name="" if number % 19 == 0 else f"Sak {number}",
            category_id=None if number % 9 == 0 else categories[number % 4].id,
            location_id=None if number % 11 == 0 else rng.choice([house.id, *[r.id for r in rooms]]),
            quantity=1 + number % 3,
            purchase_date=None if number % 8 == 0 else TODAY - timedelta(days=rng.randrange(1, 4000)),
            purchase_price_ore=None if number % 7 == 0 else rng.randint(1, 9_999_999),
            current_value_ore=rng.randint(0, 999_999) if number % 5 == 0 else None,
            replacement_value_ore=rng.randint(1, 9_999_999) if number % 3 == 0 else None,
            status=status, sold_date=TODAY - timedelta(days=rng.randrange(1, 500)) if status == "sold" else None,
            last_checked_on=TODAY - timedelta(days=rng.randrange(700)) if number % 2 else None,
            warranty_end=TODAY + timedelta(days=rng.randrange(-10, 120)) if number % 4 == 0 else None,
            created_at=created, updated_at=created,
        )
        db.add(item)
        made.append(item)
    db.flush()
    for item in made[::6]:
        db.add(ItemFile(account_id=account.id, item_id=item.id, kind=FileKind.PHOTO.value, stored_name=f"p{item.id}",
                        original_name="foto.jpg", content_type="image/jpeg", size_bytes=1))
    db.flush()
    return made


def _by_python(made: list[Item], life: dict) -> worth.Worth:
    expected = worth.Worth()
    for item in made:
        current = worth.estimated_value(item.purchase_price_ore, item.current_value_ore, item.purchase_date,
                                        life.get(item.category_id), TODAY)
        worth.add(expected, item.status, item.quantity, item.purchase_price_ore, item.replacement_value_ore, current)
    return expected


def test_the_dashboard_sums_by_the_one_definition_of_worth(db):
    owner, other = make_account(db), make_account(db)
    made = _mixed_register(db, owner)
    _mixed_register(db, other, 30)  # another customer's objects are never counted
    life = dict(db.exec(select(Category.id, Category.useful_life_years)).all())
    board = dashboard.build(db, owner.id, today=TODAY, none_label="Ingen")
    expected = _by_python(made, life)
    assert vars(board.totals) == vars(expected)
    assert vars(board.totals) == vars(items.totals(db, owner.id, today=TODAY))
    for groups in (board.by_category, board.by_location):
        assert sum(g.objects for g in groups) == expected.objects
        assert sum(g.purchase_ore for g in groups) == expected.purchase_ore
        assert sum(g.current_ore for g in groups) == expected.current_ore
    assert [g.label for g in board.by_location if g.label != "Ingen"] == ["Villan"]  # rooms roll up to the house
    assert board.needs_details == items.count_needing_details(db, owner.id)
    assert board.not_checked == reinventory.not_checked(db, owner.id, TODAY)
    owned = [item for item in made if worth.is_owned(item.status)]
    with_photo = {item.id for item in made[::6]}
    assert board.missing_photo == sum(item.id not in with_photo for item in owned)
    assert board.missing_receipt == len(owned)


def test_the_estimate_in_sql_is_the_estimate_in_python_to_the_ore(db):
    """Each row's estimate is whole öre in both: the SQL twin divides as integers, as Python does."""
    owner = make_account(db)
    made = _mixed_register(db, owner)
    estimate = worth.estimated_value_sql(db.get_bind().dialect.name, Item, Category.useful_life_years, TODAY)
    in_sql = dict(db.exec(select(Item.id, estimate).select_from(Item)
                          .outerjoin(Category, Category.id == Item.category_id)
                          .where(Item.account_id == owner.id).order_by(Item.id)).all())
    life = dict(db.exec(select(Category.id, Category.useful_life_years)).all())
    for item in made:
        expected = worth.estimated_value(item.purchase_price_ore, item.current_value_ore, item.purchase_date,
                                         life.get(item.category_id), TODAY)
        assert in_sql[item.id] == expected and (expected is None or isinstance(in_sql[item.id], int)), item.id


def test_the_value_over_time_summed_in_the_database_equals_the_rule_in_python(db):
    owner = make_account(db)
    _mixed_register(db, owner)
    in_database = value_history.register_series(db, owner.id, TODAY)
    assert in_database == series(value_history.holdings(db, owner.id), TODAY)
    assert len(in_database) == value_history.MONTHS
    assert in_database[-1].value_ore == items.totals(db, owner.id, today=TODAY).current_ore
    assert value_history.register_series(db, make_account(db).id, TODAY) == []


# --- the plans a large register runs (SQLite; PostgreSQL chooses by its statistics) --------------------------

def _plan(db, statement) -> str:
    compiled = statement.compile(db.get_bind(), compile_kwargs={"literal_binds": True})
    return "\n".join(row[3] for row in db.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all())


@pytest.fixture()
def sqlite_db(db):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    return db


def test_a_category_is_counted_from_its_own_objects(sqlite_db):
    db, owner = sqlite_db, make_account(sqlite_db)
    query = ItemQuery(category_id=1)
    assert "ix_item_account_category_worth (account_id=? AND category_id=?)" in _plan(
        db, items.filtered(db, select(func.count(Item.id)), owner.id, query))


def test_the_totals_are_summed_from_the_index_alone(sqlite_db):
    db, owner = sqlite_db, make_account(sqlite_db)
    statement = select(*worth.sums("sqlite", TODAY)).select_from(Item).outerjoin(
        Category, Category.id == Item.category_id)
    plan = _plan(db, items.filtered(db, statement, owner.id, ItemQuery()))
    assert "COVERING INDEX ix_item_account_category_worth" in plan


def test_needs_details_is_read_from_the_index_alone(sqlite_db):
    db, owner = sqlite_db, make_account(sqlite_db)
    plan = _plan(db, select(func.count(Item.id)).where(Item.account_id == owner.id, items.needs_details_condition()))
    assert "COVERING INDEX ix_item_account_name_values" in plan


def test_the_report_reads_a_place_in_name_order_from_its_index(sqlite_db):
    db, owner = sqlite_db, make_account(sqlite_db)
    statement = (items.filtered(db, select(Item.id, Item.name), owner.id, ItemQuery())
                 .where(Item.location_id == 3).order_by(Item.name, Item.id))
    plan = _plan(db, statement)
    assert "ix_item_account_location_name (account_id=? AND location_id=?)" in plan and "TEMP B-TREE" not in plan


def test_search_goes_through_the_full_text_index(sqlite_db):
    db, owner = sqlite_db, make_account(sqlite_db)
    plan = _plan(db, items.filtered(db, select(func.count(Item.id)), owner.id, ItemQuery(search="borrmaskin")))
    assert "item_search VIRTUAL TABLE" in plan and "SCAN item " not in plan + " "
