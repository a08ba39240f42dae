"""Admin statistics in the customers' words: plan names as sold, numbers under their headings, and the
registered value by the same definition as every customer's register."""
from __future__ import annotations

from cleverstore.services.admin import statistics
from cleverstore.services.billing import plans
from cleverstore.state.presenters.admin import plan_status_rows, statistics_figures
from tests.helpers.factories import make_account, make_item


def test_statistics_name_plans_as_customers_see_them_and_value_by_the_register_rule(db):
    plans.ensure_seeded(db)
    firm = make_account(db, kind="company", org_number="559030-3979")  # subscribed to "bas"
    make_item(db, firm, purchase_price="1000", quantity="3")  # no value typed: the estimate is the price
    make_item(db, firm, current_value="500", status="sold", sold_date="2025-01-01")
    stats = statistics.collect(db)
    rows = plan_status_rows(stats, "sv")
    assert [row["plan"] for row in rows] == ["Bas"]
    assert stats.register_value_ore == 300000 and stats.objects_total == 1
    shown = statistics_figures(stats, "sv")
    assert shown["objects"] == "1" and "1 sålda eller kasserade" in shown["not_counted"]


def test_number_headings_are_aligned_with_their_numbers():
    from cleverstore.pages.admin import site
    source = open(site.__file__, encoding="utf-8").read()
    assert source.count("numeric=(") >= 3  # the monthly, plan and event tables right-align their number headings
