"""The owned register's value at each month end: what the dashboard's "value over time" chart draws.

An object counts from its purchase date (or, without one, from the day it was registered) up to and
including the day it left the register: its sale date, or for a discarded object (and a sold one
without a sale date) the day its status was last changed. On each day the value is the one
definition of worth (`shared/worth.py`): quantity × the per-piece estimate on that day, so a
depreciating object is worth less month by month. The last point is today, so it equals the totals.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
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


def holdings(db: Session, account_id: int) -> list[Holding]:
    """Every object of the register that was ever owned, with the day it came and the day it left."""
    last_status_change = (select(ItemChange.item_id, func.max(ItemChange.created_at).label("changed"))
                          .where(ItemChange.account_id == account_id, ItemChange.field_name == "status")
                          .group_by(ItemChange.item_id).subquery())
    rows = db.exec(
        select(Item.status, Item.quantity, Item.purchase_price_ore, Item.current_value_ore, Item.purchase_date,
               Item.created_at, Item.updated_at, Item.sold_date, Category.useful_life_years,
               last_status_change.c.changed)
        .select_from(Item)
        .outerjoin(Category, Category.id == Item.category_id)
        .outerjoin(last_status_change, last_status_change.c.item_id == Item.id)
        .where(Item.account_id == account_id)
    ).all()
    found = []
    for status, quantity, purchase, current, bought, created, updated, sold, life, changed in rows:
        end = None
        if not worth.is_owned(status):
            end = sold or _day(changed) or _day(updated)
        found.append(Holding(start=bought or _day(created), end=end, quantity=quantity or 0,
                             purchase_price_ore=purchase, current_value_ore=current, purchase_date=bought,
                             useful_life_years=life))
    return found


def _day(moment) -> date | None:
    return moment.date() if moment is not None else None
