"""The dashboard's chart figures: the register's value at each month end, and the groups with the rest summed."""
from datetime import date, datetime, timezone

from cleverstore.models import Item
from cleverstore.services.register import dashboard, value_history
from cleverstore.services.register.dashboard import Group, fold_rest
from cleverstore.services.register.value_history import Holding, MonthValue, month_ends, series
from cleverstore.state.dashboard import DashboardState
from cleverstore.state.presenters.dashboard import axis_ticks, group_rows, short_label
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for

TODAY = date(2026, 6, 15)


def _held(start, end=None, quantity=1, price=100_000, current=None, bought="same", life=None) -> Holding:
    return Holding(start=start, end=end, quantity=quantity, purchase_price_ore=price, current_value_ore=current,
                   purchase_date=start if bought == "same" else bought, useful_life_years=life)


def test_month_ends_run_from_the_first_month_to_today():
    assert month_ends(date(2026, 3, 20), TODAY) == [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31), TODAY]
    assert month_ends(date(2026, 6, 1), TODAY) == [TODAY]
    assert month_ends(date(2023, 12, 31), date(2024, 2, 10))[:2] == [date(2023, 12, 31), date(2024, 1, 31)]
    # never more than 24 points: the 23 month ends before the running month, and today
    long_ago = month_ends(date(2010, 1, 1), TODAY)
    assert len(long_ago) == 24 and long_ago[0] == date(2024, 7, 31) and long_ago[-1] == TODAY
    assert month_ends(date(2024, 2, 1), date(2024, 3, 5))[0] == date(2024, 2, 29)  # a leap year's February


def test_an_object_counts_from_its_purchase_and_a_sold_one_stops_after_its_sale_date():
    held = [
        _held(date(2026, 3, 10), price=100_000, quantity=2),                # 2 × 1 000 kr from March
        _held(date(2026, 1, 5), end=date(2026, 4, 30), price=50_000),        # sold on the last of April
        _held(date(2026, 5, 2), end=date(2026, 5, 20), price=7_000_00),      # bought and sold within May
        _held(date(2026, 2, 1), current=30_000, price=90_000),               # a typed current value wins
    ]
    assert series(held, TODAY) == [
        MonthValue(date(2026, 1, 31), 50_000),
        MonthValue(date(2026, 2, 28), 50_000 + 30_000),
        MonthValue(date(2026, 3, 31), 200_000 + 50_000 + 30_000),
        MonthValue(date(2026, 4, 30), 200_000 + 50_000 + 30_000),   # still owned on its sale date
        MonthValue(date(2026, 5, 31), 200_000 + 30_000),            # gone after it
        MonthValue(TODAY, 200_000 + 30_000),
    ]


def test_the_value_depreciates_month_by_month_as_the_totals_do():
    # 3 650 kr over a useful life of one year (365 days): 10 kr a day
    held = [_held(date(2026, 1, 1), price=365_000, life=1)]
    assert [point.value_ore for point in series(held, date(2026, 3, 10))] == [
        365_000 * (365 - 30) // 365, 365_000 * (365 - 58) // 365, 365_000 * (365 - 68) // 365]


def test_an_empty_register_has_no_series():
    assert series([], TODAY) == []
    assert series([_held(date(2026, 7, 1))], TODAY) == []  # nothing owned before today


def test_fold_rest_keeps_the_largest_and_sums_the_others():
    groups = [Group(f"G{n}", n, 10 * n, 100 * n) for n in range(1, 10)]
    folded = fold_rest(groups, 3, "Övrigt")
    assert [g.label for g in folded] == ["G9", "G8", "G7", "Övrigt"]
    assert folded[-1] == Group("Övrigt", 1 + 2 + 3 + 4 + 5 + 6, 10 * 21, 100 * 21)
    assert sum(g.current_ore for g in folded) == sum(g.current_ore for g in groups)
    # one group too many is shown as itself, not as a rest of one
    assert [g.label for g in fold_rest(groups[:4], 3, "Övrigt")] == ["G4", "G3", "G2", "G1"]


def test_the_register_series_reads_purchases_sales_and_registration_days(db):
    owner, other = make_account(db), make_account(db)
    make_item(db, owner, name="Soffa", purchase_price="10 000", purchase_date="2026-03-10")
    make_item(db, owner, name="Cykel", purchase_price="4 000", purchase_date="2026-01-05", status="sold",
              sold_date="2026-04-30")
    undated = make_item(db, owner, name="Lampa", purchase_price="500", quantity="2")
    undated.created_at = datetime(2026, 5, 3, 9, 0, tzinfo=timezone.utc)
    discarded = make_item(db, owner, name="Trasig stol", purchase_price="800", purchase_date="2026-02-01",
                          status="discarded")
    discarded.updated_at = datetime(2026, 3, 15, 12, 0, tzinfo=timezone.utc)
    make_item(db, other, name="Grannens bil", purchase_price="200 000", purchase_date="2026-01-01")
    db.flush()
    assert series(value_history.holdings(db, owner.id), TODAY) == [
        MonthValue(date(2026, 1, 31), 400_000),
        MonthValue(date(2026, 2, 28), 400_000 + 80_000),
        MonthValue(date(2026, 3, 31), 400_000 + 1_000_000),            # the chair left on 15 March
        MonthValue(date(2026, 4, 30), 400_000 + 1_000_000),
        MonthValue(date(2026, 5, 31), 1_000_000 + 2 * 50_000),        # the lamps count from their registration
        MonthValue(TODAY, 1_000_000 + 2 * 50_000),
    ]
    board = dashboard.build(db, owner.id, today=TODAY)
    assert board.over_time[-1].value_ore == board.totals.current_ore


def test_the_dashboard_state_shows_the_charts_figures_in_kronor(db):
    owner = make_account(db)
    for number in range(8):
        make_item(db, owner, name=f"Sak {number}", purchase_price=f"{(number + 1) * 100}",
                  category=f"Kategori {number}", purchase_date="2025-01-10")
    db.add(Item(account_id=owner.id, name="Utan värde", quantity=1))
    token = signed_in_token(db, owner)
    db.commit()
    page = state_for(DashboardState, token=token, path="/dashboard")
    page.on_load()
    labels = [row["label"] for row in page.by_category]
    assert labels == [f"Kategori {n}" for n in (7, 6, 5, 4, 3, 2)] + ["Övrigt"]
    assert page.by_category[-1]["value"] == "300,00\u00a0kr"  # 200 + 100 + the object without a category (0)
    assert page.by_category[0]["amount"] == 800
    assert page.over_time[-1]["value"] == page.totals["current"]
    assert page.over_time[-1]["amount"] == 3600


def test_money_axes_step_in_round_numbers_up_to_the_largest_amount():
    def ticks(top, intervals=4):
        return axis_ticks([{"amount": 0}, {"amount": top}], intervals)

    assert ticks(25_800) == [0, 10_000, 20_000, 30_000]
    assert ticks(20_000) == [0, 5_000, 10_000, 15_000, 20_000]
    assert ticks(20_000, 3) == [0, 10_000, 20_000]
    assert ticks(999) == [0, 250, 500, 750, 1_000]
    assert ticks(7) == [0, 2, 4, 6, 8]
    assert ticks(0) == [0, 1]  # an empty register still has an axis


def test_axis_names_are_cut_on_a_word_and_the_table_keeps_them_whole():
    assert short_label("Kök") == "Kök"
    assert short_label("Vardagsrum och kök") == "Vardagsrum…"
    assert short_label("Hobbykategori 7") == "Hobbykatego…"
    rows = group_rows([Group("Vardagsrum och kök", 2, 100, 12_345_67)], "sv")
    assert rows == [{"label": "Vardagsrum och kök", "short": "Vardagsrum…", "objects": "2",
                     "value": "12\u00a0345,67\u00a0kr", "amount": 12_346}]


def test_an_empty_register_draws_no_charts_but_says_why(db):
    owner = make_account(db)
    token = signed_in_token(db, owner)
    db.commit()
    page = state_for(DashboardState, token=token, path="/dashboard")
    page.on_load()
    assert page.loaded and not page.has_values
    assert page.over_time == [] and page.by_category == [] and page.time_ticks == [0, 1]
