"""The owned register's value at each month end: what the dashboard's "value over time" chart draws.

An object counts from its purchase date (or, without one, from the day it was registered) up to and
including the day it left the register: its sale date, or for a discarded object (and a sold one
without a sale date) the day its status was last changed. On each day the value is the one
definition of worth (`shared/worth.py`): quantity × the per-piece estimate on that day, so a
depreciating object is worth less month by month. The last point is today, so it equals the totals.

When an object came and left is said once, in SQL (`_held`). The sum at each month end is said twice, like
the estimate in `shared/worth.py`: in Python over `Holding`s (`series`, the rule as the tests read it) and
in SQL over the register (`register_series`: one query that sums every month end, so a register of
100 000 objects is never loaded); `tests/register/test_dashboard_charts_figures.py` holds them equal.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, and_, case, cast, func, literal, or_
from sqlmodel import Session, select

from cleverstore.models import Category, Item, ItemChange
from cleverstore.services.shared import worth

MONTHS = 24


@dataclass(frozen=True)
class Holding:
    """One object as the time series needs it: when it came, when it left (None: still owned), its values."""

    start: date
    end: date | None
    quantity: int
    purchase_price_ore: int | None
    current_value_ore: int | None
    purchase_date: date | None
    useful_life_years: int | None


@dataclass(frozen=True)
class MonthValue:
    day: date  # the month's last day, or today for the running month
    value_ore: int


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def month_ends(first: date, today: date, months: int = MONTHS) -> list[date]:
    """Each month end from `first`'s month (at most `months` months back) to today; the running month ends today."""
    start_index = max(first.year * 12 + first.month - 1, today.year * 12 + today.month - months)
    end_index = today.year * 12 + today.month - 1
    days = [_month_end(index // 12, index % 12 + 1) for index in range(start_index, end_index)]
    return days + [today] if start_index <= end_index else [today]


def value_on(holding: Holding, day: date) -> int:
    """The object's worth on `day` in öre (0 before it came and after it left)."""
    if day < holding.start or (holding.end is not None and day > holding.end):
        return 0
    per_piece = worth.estimated_value(holding.purchase_price_ore, holding.current_value_ore,
                                      holding.purchase_date, holding.useful_life_years, day)
    return worth.line_total(per_piece, holding.quantity) or 0


def series(holdings: list[Holding], today: date, months: int = MONTHS) -> list[MonthValue]:
    """The register's value at each month end since the first object came (at most `months` months)."""
    started = [h.start for h in holdings if h.start <= today]
    if not started:
        return []
    return [MonthValue(day, sum(value_on(h, day) for h in holdings)) for day in month_ends(min(started), today, months)]


def _day_sql(dialect: str, moment):
    """The UTC day of a stored moment (the objects' times are stored in UTC)."""
    return func.date(moment) if dialect == "sqlite" else cast(func.timezone("UTC", moment), Date)


def _held(db: Session, account_id: int, today: date | None = None):
    """Every object of the register that was ever owned, as a subquery: the day it came (`start`), the day it
    left (`end`, NULL while owned), what its worth is computed from and its age on `today` in days (`age`)."""
    dialect = db.get_bind().dialect.name
    last_status_change = (select(ItemChange.item_id, func.max(ItemChange.created_at).label("changed"))
                          .where(ItemChange.account_id == account_id, ItemChange.field_name == "status")
                          .group_by(ItemChange.item_id).subquery())
    left = func.coalesce(Item.sold_date, _day_sql(dialect, last_status_change.c.changed),
                         _day_sql(dialect, Item.updated_at))
    return (select(func.coalesce(Item.purchase_date, _day_sql(dialect, Item.created_at)).label("start"),
                   case((worth.owned(), None), else_=left).label("end"),
                   func.coalesce(Item.quantity, 0).label("quantity"), Item.purchase_price_ore,
                   Item.current_value_ore, Item.purchase_date, Category.useful_life_years,
                   worth.age_days_sql(dialect, Item.purchase_date, today or date.today()).label("age"))
            .select_from(Item)
            .outerjoin(Category, Category.id == Item.category_id)
            .outerjoin(last_status_change, last_status_change.c.item_id == Item.id)
            .where(Item.account_id == account_id))


def holdings(db: Session, account_id: int) -> list[Holding]:
    """Every object of the register that was ever owned, with the day it came and the day it left."""
    held = _held(db, account_id).subquery()
    return [Holding(start=row.start, end=row.end, quantity=row.quantity, purchase_price_ore=row.purchase_price_ore,
                    current_value_ore=row.current_value_ore, purchase_date=row.purchase_date,
                    useful_life_years=row.useful_life_years)
            for row in db.execute(select(held)).all()]


def register_series(db: Session, account_id: int, today: date, months: int = MONTHS) -> list[MonthValue]:
    """`series` of the register's holdings, summed in the database: one query for every month end."""
    dialect = db.get_bind().dialect.name
    # materialised: each object's days and age are computed once, not again in every month's sum
    held = _held(db, account_id, today).cte("held").prefix_with("MATERIALIZED")
    every_day = month_ends(date.min, today, months)  # one pass sums them all; the register's first day cuts

    def value(day: date):
        on_day = literal(day, Date)
        per_piece = worth.estimated_value_sql(dialect, held.c, held.c.useful_life_years, day,
                                              age_days=held.c.age - (today - day).days)
        held_then = and_(held.c.start <= on_day, or_(held.c.end.is_(None), held.c.end >= on_day))
        return func.coalesce(func.sum(case((held_then, per_piece * held.c.quantity), else_=0)), 0)

    first, *sums = db.execute(select(func.min(case((held.c.start <= literal(today, Date), held.c.start))),
                                     *[value(day) for day in every_day])).one()
    if first is None:
        return []
    days = month_ends(first, today, months)
    sums = sums[len(every_day) - len(days):]
    return [MonthValue(day, int(total)) for day, total in zip(days, sums)]
