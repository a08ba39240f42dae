"""Straight-line depreciation per category: the Python rule and its SQL twin agree to the öre."""
from datetime import date

from cleverstore.services.register import catalogue, items
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.register.valuation import estimated_value
from tests.helpers.factories import make_account, make_item

TODAY = date(2026, 12, 6)


def test_estimated_value_rules():
    assert estimated_value(100_000, None, date(2025, 12, 6), 4, TODAY) == 75_000
    assert estimated_value(100_000, None, date(2020, 1, 1), 4, TODAY) == 0
    assert estimated_value(100_000, None, TODAY, 4, TODAY) == 100_000
    assert estimated_value(100_000, 12_345, date(2020, 1, 1), 4, TODAY) == 12_345  # own value wins
    assert estimated_value(100_000, None, None, 4, TODAY) == 100_000
    assert estimated_value(100_000, None, date(2020, 1, 1), None, TODAY) == 100_000
    assert estimated_value(None, None, date(2020, 1, 1), 4, TODAY) is None
    assert estimated_value(99_999, None, date(2026, 1, 1), 3, TODAY) == 99_999 * (3 * 365 - 339) // (3 * 365)


def test_sql_totals_equal_the_sum_of_the_rows(db):
    account = make_account(db)
    category = catalogue.save_category(db, account.id, {"name": "Elektronik", "useful_life_years": "5"})
    make_item(db, account, name="Tv", category="Elektronik", purchase_price="12 999,90", purchase_date="2023-02-17",
              quantity="2")
    make_item(db, account, name="Dator", category="elektronik", purchase_price="20000", purchase_date="2019-01-01")
    make_item(db, account, name="Radio", category="Elektronik", purchase_price="333,33", purchase_date="2026-11-30",
              current_value="")
    make_item(db, account, name="Soffa", category="Möbler", purchase_price="5000", purchase_date="2010-01-01")
    make_item(db, account, name="Klocka", category="Elektronik", purchase_price="1000", current_value="750")
    page = items.list_items(db, account.id, ItemQuery(), TODAY)
    by_rows = sum(view.estimated_ore(TODAY) * view.item.quantity for view in page.rows)
    assert page.totals.current_ore == by_rows
    tv = next(v for v in page.rows if v.item.name == "Tv")
    assert tv.life_years == 5 and tv.estimated_ore(TODAY) < 1_299_990
    assert next(v for v in page.rows if v.item.name == "Dator").estimated_ore(TODAY) == 0
    assert next(v for v in page.rows if v.item.name == "Soffa").estimated_ore(TODAY) == 500_000  # no life: price
    # the customer changes the useful life: every estimate follows at once
    catalogue.save_category(db, account.id, {"name": "Elektronik", "useful_life_years": ""}, category.id)
    assert items.totals(db, account.id, today=TODAY).current_ore == (2 * 1_299_990 + 2_000_000 + 33_333 +
                                                                         500_000 + 75_000)
