"""One definition of what a customer owns and what it is worth, used by every page, report and statistic.

Owned: every object except the sold and discarded ones (lost and stolen
objects stay owned: they are what an insurance claim is about). Each value is
per piece; a total is quantity × per-piece value, summed. The current value is
the estimate (`estimated_value`): a value typed by hand wins, else straight-line
depreciation of the purchase price over the category's useful life.

It lives in `shared` because the admin statistics (which may import only
`shared` and `accounts`) must use the very same rule as the register.
The estimate exists twice, in Python (one object) and in SQL (sums over
thousands of objects without loading them); both use whole days and integer
öre, so a total always equals the sum of its rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Integer, case, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import select

from cleverstore.models import Category, Item
from cleverstore.models.items import STATUSES_OUTSIDE_TOTALS

DAYS_PER_YEAR = 365
NOT_OWNED = STATUSES_OUTSIDE_TOTALS


def is_owned(status: str) -> bool:
    return status not in NOT_OWNED


def owned() -> ColumnElement:
    """SQL condition: the object is still the customer's."""
    return Item.status.not_in(NOT_OWNED)


@dataclass
class Worth:
    """Count of owned objects and their summed values (öre); `not_counted` = sold/discarded left out."""

    objects: int = 0
    purchase_ore: int = 0
    replacement_ore: int = 0
    current_ore: int = 0
    not_counted: int = 0


def as_list(worth: Worth) -> list[int]:
    """`worth` as a JSON list, in field order (kept figures, `services/register/summaries.py`)."""
    return list(vars(worth).values())


def from_list(values) -> Worth:
    """The Worth `as_list` wrote; ValueError or TypeError when `values` has another shape."""
    return Worth(**dict(zip(vars(Worth()), (int(value) for value in values), strict=True)))


def estimated_value(purchase_price_ore: int | None, current_value_ore: int | None, purchase_date: date | None,
                    useful_life_years: int | None, today: date) -> int | None:
    """One piece's current value in öre (None when nothing is known)."""
    if current_value_ore is not None:
        return current_value_ore
    if purchase_price_ore is None:
        return None
    if not useful_life_years or purchase_date is None:
        return purchase_price_ore
    life_days = useful_life_years * DAYS_PER_YEAR
    age_days = max(0, (today - purchase_date).days)
    if age_days >= life_days:
        return 0
    return purchase_price_ore * (life_days - age_days) // life_days


def line_total(per_piece_ore: int | None, quantity: int) -> int | None:
    """A row's sum: quantity × the per-piece value."""
    return None if per_piece_ore is None else per_piece_ore * max(quantity or 0, 0)


def add(worth: Worth, status: str, quantity: int, purchase: int | None, replacement: int | None,
        current: int | None) -> Worth:
    """Count one object (per-piece values) into `worth`, by the same rule as the SQL sums."""
    if not is_owned(status):
        worth.not_counted += 1
        return worth
    worth.objects += 1
    worth.purchase_ore += line_total(purchase, quantity) or 0
    worth.replacement_ore += line_total(replacement, quantity) or 0
    worth.current_ore += line_total(current, quantity) or 0
    return worth


def _age_days_sql(dialect: str, purchase_date: ColumnElement, today: date) -> ColumnElement:
    if dialect == "sqlite":
        today_julian = today.toordinal() + 1_721_424.5  # julianday() of today's midnight, computed once here
        return cast(literal(today_julian) - func.julianday(purchase_date), Integer)
    return literal(today) - purchase_date  # PostgreSQL: date - date is a whole number of days


def age_days_sql(dialect: str, purchase_date: ColumnElement, today: date) -> ColumnElement:
    """Whole days from the purchase to `today`, in SQL (as `(today - purchase_date).days`)."""
    return _age_days_sql(dialect, purchase_date, today)


def estimated_value_sql(dialect: str, item, life_years: ColumnElement, today: date,
                        age_days: ColumnElement | None = None) -> ColumnElement:
    """The SQL twin of `estimated_value`, per piece; `life_years` comes from an outer join on the category.
    `age_days`: the object's age on `today` when the query has it already (`age_days_sql`), so that a sum over
    many days computes the dates once per row."""
    biggest, smallest = (func.max, func.min) if dialect == "sqlite" else (func.greatest, func.least)
    life_days = life_years * DAYS_PER_YEAR
    age = age_days if age_days is not None else _age_days_sql(dialect, item.purchase_date, today)
    remaining = smallest(life_days, biggest(0, life_days - age))
    return case(
        (item.current_value_ore.is_not(None), item.current_value_ore),
        (life_years.is_(None) | (life_years == 0) | item.purchase_date.is_(None), item.purchase_price_ore),
        # integer division (`//`) as in Python: `/` would be true division, a fraction of an öre per row
        else_=(item.purchase_price_ore * remaining) // life_days,
    )


@lru_cache(maxsize=8)
def sums(dialect: str, today: date) -> tuple[ColumnElement, ...]:
    """SUM columns of owned objects: count, purchase, replacement, current (quantity × per piece), not counted.

    Select them from Item with an outer join on Category (`Category.id == Item.category_id`). Built once a
    day per database (expressions are immutable; building them cost a millisecond on every register event).
    """
    is_in = owned()
    estimate = estimated_value_sql(dialect, Item, Category.useful_life_years, today)

    def total(per_piece):
        return func.coalesce(func.sum(case((is_in, per_piece * Item.quantity), else_=0)), 0)

    return (
        func.coalesce(func.sum(case((is_in, 1), else_=0)), 0),
        total(Item.purchase_price_ore),
        total(Item.replacement_value_ore),
        total(estimate),
        func.coalesce(func.sum(case((is_in, 0), else_=1)), 0),
    )


def worth_of(row) -> Worth:
    return Worth(*(int(value or 0) for value in row))


def register_worth(db, statement_filter=None, today: date | None = None) -> Worth:
    """Worth of the objects `statement_filter(select)` keeps (all when None)."""
    statement = (select(*sums(db.get_bind().dialect.name, today or date.today())).select_from(Item)
                 .outerjoin(Category, Category.id == Item.category_id))
    if statement_filter is not None:
        statement = statement_filter(statement)
    return worth_of(db.exec(statement).one())
