"""The register: objects of one account, always scoped by account id in the query itself."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import case, func, or_
from sqlmodel import Session, select

from cleverstore.models import Item, ItemStatus
from cleverstore.models.base import utcnow
from cleverstore.models.inventory import STATUSES_OUTSIDE_TOTALS
from cleverstore.services import activity
from cleverstore.services.errors import NotFound, ValidationFailed
from cleverstore.services.money import parse_kronor
from cleverstore.services.validation import FieldError, clean_date, clean_int, clean_text

PAGE_SIZE = 25
STATUSES = tuple(status.value for status in ItemStatus)
SORTS = {
    "name": Item.name,
    "category": Item.category,
    "location": Item.location,
    "purchase_date": Item.purchase_date,
    "purchase_price": Item.purchase_price_ore,
    "current_value": Item.current_value_ore,
    "updated": Item.updated_at,
}
SEARCHED_COLUMNS = (Item.name, Item.description, Item.manufacturer, Item.model, Item.serial_number, Item.notes)


@dataclass
class ItemQuery:
    search: str = ""
    category: str = ""
    location: str = ""
    status: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_untrusted(cls, **values) -> "ItemQuery":
        """Build a query from client input: unknown sorts and statuses fall back, text is capped."""
        query = cls(
            search=str(values.get("search") or "")[:200].strip(),
            category=str(values.get("category") or "")[:100],
            location=str(values.get("location") or "")[:200],
            status=str(values.get("status") or ""),
            sort=str(values.get("sort") or "name"),
            descending=bool(values.get("descending")),
        )
        if query.status not in STATUSES:
            query.status = ""
        if query.sort not in SORTS:
            query.sort = "name"
        try:
            query.page = max(1, int(values.get("page") or 1))
        except (TypeError, ValueError):
            query.page = 1
        return query


@dataclass
class Totals:
    objects: int = 0
    purchase_ore: int = 0
    current_ore: int = 0


@dataclass
class ItemPage:
    rows: list[Item]
    matching: int
    page: int
    pages: int
    totals: Totals = field(default_factory=Totals)


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filtered(statement, account_id: int, query: ItemQuery):
    """Add the account scope and the query's filters to any statement over Item."""
    statement = statement.where(Item.account_id == account_id)
    if query.search:
        pattern = _like_pattern(query.search)
        statement = statement.where(or_(*(func.lower(col).like(pattern, escape="\\") for col in SEARCHED_COLUMNS)))
    if query.category:
        statement = statement.where(Item.category == query.category)
    if query.location:
        statement = statement.where(Item.location == query.location)
    if query.status:
        statement = statement.where(Item.status == query.status)
    return statement


def totals(db: Session, account_id: int, query: ItemQuery | None = None) -> Totals:
    """Count and values of the matching objects; sold and discarded ones are left out."""
    counted = Item.status.not_in(STATUSES_OUTSIDE_TOTALS)
    statement = select(
        func.count(Item.id),
        func.coalesce(func.sum(Item.purchase_price_ore * Item.quantity), 0),
        func.coalesce(func.sum(Item.current_value_ore * Item.quantity), 0),
    ).where(counted)
    row = db.exec(filtered(statement, account_id, query or ItemQuery())).one()
    return Totals(objects=int(row[0]), purchase_ore=int(row[1]), current_ore=int(row[2]))


def list_items(db: Session, account_id: int, query: ItemQuery) -> ItemPage:
    matching = db.exec(filtered(select(func.count(Item.id)), account_id, query)).one()
    pages = max(1, math.ceil(matching / PAGE_SIZE))
    page = min(query.page, pages)
    column = SORTS[query.sort]
    nulls_last = case((column.is_(None), 1), else_=0)
    order = column.desc() if query.descending else column.asc()
    statement = (
        filtered(select(Item), account_id, query)
        .order_by(nulls_last, order, Item.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = list(db.exec(statement).all())
    return ItemPage(rows=rows, matching=matching, page=page, pages=pages, totals=totals(db, account_id, query))


def filter_options(db: Session, account_id: int) -> tuple[list[str], list[str]]:
    """The account's categories and locations, for the filter menus and the form's suggestions."""
    def distinct(column) -> list[str]:
        statement = select(column).where(Item.account_id == account_id, column != "").distinct().order_by(column)
        return [value for value in db.exec(statement).all()]

    return distinct(Item.category), distinct(Item.location)


def get_item(db: Session, account_id: int, item_id: object) -> Item:
    try:
        wanted = int(str(item_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    item = db.exec(select(Item).where(Item.id == wanted, Item.account_id == account_id)).first()
    if item is None:
        raise NotFound()
    return item


def clean_item_form(form: dict) -> dict:
    """All fields of the object form, validated together; raises ValidationFailed with every problem."""
    errors: dict[str, str] = {}
    clean: dict = {}

    def take(name: str, func, *args, **kwargs) -> None:
        try:
            clean[name] = func(form.get(name), *args, **kwargs)
        except FieldError as exc:
            errors[name] = exc.key

    take("name", clean_text, max_length=200, required=True)
    take("description", clean_text, max_length=5000, multiline=True)
    take("category", clean_text, max_length=100)
    take("location", clean_text, max_length=200)
    take("quantity", clean_int, minimum=1, maximum=100_000, default=1)
    take("manufacturer", clean_text, max_length=120)
    take("model", clean_text, max_length=120)
    take("serial_number", clean_text, max_length=120)
    take("purchase_date", clean_date, allow_future=False)
    take("warranty_end", clean_date)
    take("notes", clean_text, max_length=5000, multiline=True)
    for money_field, column in (("purchase_price", "purchase_price_ore"), ("current_value", "current_value_ore")):
        try:
            clean[column] = parse_kronor(str(form.get(money_field) or ""))
        except ValueError:
            errors[money_field] = "error.amount_invalid"
    status = str(form.get("status") or ItemStatus.IN_USE.value)
    if status not in STATUSES:
        errors["status"] = "error.choose_status"
    clean["status"] = status
    if errors:
        raise ValidationFailed(errors)
    return clean


def create_item(db: Session, account_id: int, form: dict) -> Item:
    item = Item(account_id=account_id, **clean_item_form(form))
    db.add(item)
    db.flush()
    activity.record(db, account_id, "item_created", item.name)
    return item


def update_item(db: Session, account_id: int, item_id: object, form: dict) -> Item:
    item = get_item(db, account_id, item_id)
    for name, value in clean_item_form(form).items():
        setattr(item, name, value)
    item.updated_at = utcnow()
    db.add(item)
    db.flush()
    activity.record(db, account_id, "item_updated", item.name)
    return item


def delete_item(db: Session, account_id: int, item_id: object) -> None:
    item = get_item(db, account_id, item_id)
    db.delete(item)
    db.flush()
    activity.record(db, account_id, "item_deleted", item.name)
