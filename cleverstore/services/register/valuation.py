"""The estimated current value of an object: straight-line depreciation over its category's useful life.

The same rule exists twice, once in Python (one object) and once in SQL (sums
over thousands of objects without loading them); both use whole days and
integer öre, so a total always equals the sum of its rows.

Rule: a value the customer entered themselves wins; without a purchase price
there is nothing to estimate; without a useful life or a purchase date the
purchase price stands; otherwise price × remaining days / life in days, never
below zero.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, case, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement

DAYS_PER_YEAR = 365


def estimated_value(
    purchase_price_ore: int | None,
    current_value_ore: int | None,
    purchase_date: date | None,
    useful_life_years: int | None,
    today: date,
) -> int | None:
    """One unit's estimated value in öre (None when nothing is known)."""
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


def _age_days_sql(dialect: str, purchase_date: ColumnElement, today: date) -> ColumnElement:
    if dialect == "sqlite":
        today_julian = today.toordinal() + 1_721_424.5  # julianday() of today's midnight, computed once here
        return cast(literal(today_julian) - func.julianday(purchase_date), Integer)
    return literal(today) - purchase_date  # PostgreSQL: date - date is a whole number of days


def estimated_value_sql(dialect: str, item, life_years: ColumnElement, today: date) -> ColumnElement:
    """The SQL twin of `estimated_value`, per unit; `life_years` comes from an outer join on the category.

    Remaining days = life − age, kept within [0, life]; the age is computed once per row.
    """
    biggest, smallest = (func.max, func.min) if dialect == "sqlite" else (func.greatest, func.least)
    life_days = life_years * DAYS_PER_YEAR
    remaining = smallest(life_days, biggest(0, life_days - _age_days_sql(dialect, item.purchase_date, today)))
    return case(
        (item.current_value_ore.is_not(None), item.current_value_ore),
        (life_years.is_(None) | (life_years == 0) | item.purchase_date.is_(None), item.purchase_price_ore),
        else_=(item.purchase_price_ore * remaining) / life_days,
    )
