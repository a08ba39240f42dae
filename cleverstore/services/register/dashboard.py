"""The register at a glance: totals, values by category, by place and over time, warranties, missing documents."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func
from sqlmodel import Session, select

from cleverstore.models import Category, FileKind, Item, ItemFile
from cleverstore.services.register import catalogue, items, reinventory, value_history
from cleverstore.services.register.items import Totals
from cleverstore.services.register.value_history import MonthValue
from cleverstore.services.shared import worth

WARRANTY_DAYS = 90
# the charts show the largest groups by name and sum the rest, so seven bars or slices fit a phone
SHOWN_GROUPS = 6


@dataclass
class Group:
    label: str
    objects: int
    purchase_ore: int
    current_ore: int


@dataclass
class Dashboard:
    totals: items.Totals
    by_category: list[Group] = field(default_factory=list)
    by_location: list[Group] = field(default_factory=list)
    warranties: list[tuple[int, str, date]] = field(default_factory=list)
    missing_photo: int = 0
    missing_receipt: int = 0
    needs_details: int = 0
    not_checked: int = 0  # owned objects the yearly re-inventory has not confirmed in this round
    over_time: list[MonthValue] = field(default_factory=list)


def fold_rest(groups: list[Group], keep: int, rest_label: str) -> list[Group]:
    """The `keep` most valuable groups as they are and one more, `rest_label`, summing all the others."""
    ordered = sorted(groups, key=lambda g: -g.current_ore)
    if len(ordered) <= keep + 1:
        return ordered
    rest = ordered[keep:]
    return ordered[:keep] + [Group(rest_label, sum(g.objects for g in rest), sum(g.purchase_ore for g in rest),
                                   sum(g.current_ore for g in rest))]


def _counted(statement, account_id: int):
    return statement.where(Item.account_id == account_id, worth.owned())


def _how_many(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _lacks(kind: str):
    """SQL: an owned object without a file of this kind."""
    return and_(worth.owned(), ~exists().where(ItemFile.item_id == Item.id, ItemFile.kind == kind))


@dataclass
class _Scan:
    """The whole register read once, grouped by category and place: the sums of the one definition of worth
    and the counts the dashboard shows."""

    totals: Totals = field(default_factory=Totals)
    by_category: dict[str | None, list[int]] = field(default_factory=dict)  # name -> [objects, purchase, current]
    by_location: dict[int | None, list[int]] = field(default_factory=dict)  # place id -> the same
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # no photo, no receipt, needs details, not checked


def _scan(db: Session, account_id: int, today: date) -> _Scan:
    """One pass instead of one per figure: at 100 000 objects each pass costs tens of milliseconds."""
    sums = items.value_columns(db, today)  # count, purchase, replacement, current, not counted
    counts = (_how_many(_lacks(FileKind.PHOTO.value)), _how_many(_lacks(FileKind.RECEIPT.value)),
              _how_many(items.needs_details_condition()), _how_many(reinventory.not_checked_condition(today)))
    statement = (select(Category.name, Item.location_id, *sums, *counts).select_from(Item)
                 .outerjoin(Category, Category.id == Item.category_id)
                 .where(Item.account_id == account_id).group_by(Category.name, Item.location_id))
    scan = _Scan()
    for name, location_id, *values in db.execute(statement):
        values = [int(value or 0) for value in values]
        scan.totals = Totals(*(a + b for a, b in zip(vars(scan.totals).values(), values[:5])))
        scan.counts = [a + b for a, b in zip(scan.counts, values[5:])]
        if values[0]:  # owned objects in this group (the charts leave sold and discarded ones out)
            group = (values[0], values[1], values[3])
            for summed, key in ((scan.by_category, name), (scan.by_location, location_id)):
                summed[key] = [a + b for a, b in zip(summed.get(key, [0, 0, 0]), group)]
    return scan


@dataclass
class Measured:
    """What the dashboard sums from the whole register, before names and labels: what is kept between
    page loads (`services/register/summaries.py`); the places' names and tree are read fresh each time."""

    scan: _Scan
    warranties: list[tuple[int, str, date]]
    over_time: list[MonthValue]


def measure(db: Session, account_id: int, today: date) -> Measured:
    """The costly part of the dashboard: one grouped pass, the warranties running out, the value over time."""
    soon = today + timedelta(days=WARRANTY_DAYS)
    warranties = [tuple(row) for row in db.exec(
        _counted(select(Item.id, Item.name, Item.warranty_end), account_id)
        .where(Item.warranty_end.is_not(None), Item.warranty_end >= today, Item.warranty_end <= soon)
        .order_by(Item.warranty_end).limit(50)).all()]
    return Measured(_scan(db, account_id, today), warranties, value_history.register_series(db, account_id, today))


def encode(measured: Measured) -> dict:
    """`measured` as JSON (dictionary keys may be None, so the groups go as pairs)."""
    scan = measured.scan
    return {"totals": worth.as_list(scan.totals), "counts": scan.counts,
            "by_category": [[name, values] for name, values in scan.by_category.items()],
            "by_location": [[place, values] for place, values in scan.by_location.items()],
            "warranties": [[item_id, name, day.isoformat()] for item_id, name, day in measured.warranties],
            "over_time": [[point.day.isoformat(), point.value_ore] for point in measured.over_time]}


def decode(kept: dict) -> Measured:
    scan = _Scan(worth.from_list(kept["totals"]), dict(kept["by_category"]), dict(kept["by_location"]),
                 list(kept["counts"]))
    return Measured(scan, [(item_id, name, date.fromisoformat(day)) for item_id, name, day in kept["warranties"]],
                    [MonthValue(date.fromisoformat(day), value) for day, value in kept["over_time"]])


def present(db: Session, account_id: int, measured: Measured, *, none_label: str = "",
            rest_label: str = "") -> Dashboard:
    """The dashboard of `measured`: groups named and ordered, places rolled up to their top level."""
    scan = measured.scan
    board = Dashboard(totals=scan.totals)
    for name, (n, p, c) in sorted(scan.by_category.items(), key=lambda kv: -kv[1][2]):
        board.by_category.append(Group(name or none_label, n, p, c))
    # locations roll up to their top level (the building or the flat)
    tree = catalogue.location_tree(db, account_id)
    root_of: dict[int, int] = {}
    for node in tree:
        root_of[node.id] = root_of.get(node.parent_id, node.id) if node.parent_id else node.id
    names = {node.id: node.name for node in tree}
    summed: dict[int | None, list[int]] = {}
    for location_id, values in scan.by_location.items():
        key = root_of.get(location_id) if location_id else None
        summed.setdefault(key, [0, 0, 0])
        summed[key] = [a + b for a, b in zip(summed[key], values)]
    for key, (n, p, c) in sorted(summed.items(), key=lambda kv: -kv[1][2]):
        board.by_location.append(Group(names.get(key, none_label) if key else none_label, n, p, c))
    if rest_label:
        board.by_category = fold_rest(board.by_category, SHOWN_GROUPS, rest_label)
        board.by_location = fold_rest(board.by_location, SHOWN_GROUPS, rest_label)
    board.warranties = list(measured.warranties)
    board.missing_photo, board.missing_receipt, board.needs_details, board.not_checked = scan.counts
    board.over_time = list(measured.over_time)
    return board


def build(db: Session, account_id: int, today: date | None = None, *, none_label: str = "",
          rest_label: str = "") -> Dashboard:
    """The dashboard made from the register as it is now (nothing kept)."""
    today = today or date.today()
    return present(db, account_id, measure(db, account_id, today), none_label=none_label, rest_label=rest_label)
