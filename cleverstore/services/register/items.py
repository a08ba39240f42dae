"""The register: objects of one account, always scoped by account id in the query itself."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy.orm import Bundle
from sqlmodel import Session, delete, select

from cleverstore.models import (
    Category,
    FileKind,
    Item,
    ItemFieldValue,
    ItemFile,
    ItemTag,
    Location,
)
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue, files, history, search_index
from cleverstore.services.register.item_form import (
    STATUSES,
    apply_to_item,
    clean_item_form,
)
from cleverstore.services.register.ownership import get_item, owned_ids  # noqa: F401  (part of this module's use)
from cleverstore.services.register.valuation import estimated_value
from cleverstore.services.shared import activity, plan_limits, worth
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.money import ore_to_input
from cleverstore.services.shared.worth import Worth

PAGE_SIZE = 25
MISSING = ("photo", "receipt", "details")
VALUE_FIELDS = ("purchase_price_ore", "replacement_value_ore", "current_value_ore")
SORTS = {
    "name": Item.name,
    "category": Category.name,
    "location": Location.name,
    "purchase_date": Item.purchase_date,
    "purchase_price": Item.purchase_price_ore,
    "current_value": Item.current_value_ore,
    "updated": Item.updated_at,
}
NEVER_EMPTY = ("name", "updated")


def search_text_of(values) -> str:
    """An object's own typed texts as a search document (its place, tags and custom values are added by
    `search_index.refresh` once they are saved)."""
    return search_index.document(values)


def _int_or_none(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@dataclass
class ItemQuery:
    search: str = ""
    category_id: int | None = None
    location_id: int | None = None
    tag_id: int | None = None
    status: str = ""
    missing: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1
    # only these objects (the report of one insurance policy); never from client input
    item_ids: tuple[int, ...] | None = None

    @classmethod
    def from_untrusted(cls, **values) -> "ItemQuery":
        """Build a query from client input: unknown sorts, statuses and ids fall back, text is capped."""
        query = cls(
            search=str(values.get("search") or "")[:200].strip(),
            category_id=_int_or_none(values.get("category")),
            location_id=_int_or_none(values.get("location")),
            tag_id=_int_or_none(values.get("tag")),
            status=str(values.get("status") or ""),
            missing=str(values.get("missing") or ""),
            sort=str(values.get("sort") or "name"),
            descending=bool(values.get("descending")),
        )
        if query.status not in STATUSES:
            query.status = ""
        if query.missing not in MISSING:
            query.missing = ""
        if query.sort not in SORTS:
            query.sort = "name"
        query.page = _int_or_none(values.get("page")) or 1
        return query

    def counts_key(self) -> str:
        """What the matching count and totals depend on: paging and sorting leave them unchanged."""
        return repr((self.search, self.category_id, self.location_id, self.tag_id, self.status, self.missing))


Totals = Worth  # count and values of owned objects, and how many sold/discarded ones are left out


@dataclass
class ItemView:
    """An object with what its row shows from other tables. `item` is the Item, or in a listed page its
    columns as a read-only row with the same attribute names (see `list_items`)."""

    item: Item
    category: str = ""
    location: str = ""
    life_years: int | None = None
    main_photo_id: int | None = None
    tags: list[str] = field(default_factory=list)

    def estimated_ore(self, today: date) -> int | None:
        it = self.item
        return estimated_value(it.purchase_price_ore, it.current_value_ore, it.purchase_date, self.life_years, today)


@dataclass
class ItemPage:
    rows: list[ItemView]
    matching: int
    page: int
    pages: int
    totals: Totals = field(default_factory=Totals)


def needs_details(item) -> bool:
    """An object needs details when it has no name (added from a photo, "name it later") or no value at all:
    neither a purchase price, a replacement value nor a current value (zero counts as none)."""
    return not (item.name or "").strip() or not any(getattr(item, name) for name in VALUE_FIELDS)


@lru_cache(maxsize=1)
def needs_details_condition():
    """`needs_details` as a query condition (portable: SQLite and PostgreSQL); built once, it is immutable."""
    no_value = and_(*[func.coalesce(getattr(Item, name), 0) == 0 for name in VALUE_FIELDS])
    return or_(func.trim(func.coalesce(Item.name, "")) == "", no_value)


def count_needing_details(db: Session, account_id: int) -> int:
    return db.exec(select(func.count(Item.id)).where(Item.account_id == account_id, needs_details_condition())).one()


def _has_file(kinds: tuple[str, ...]):
    return exists().where(ItemFile.item_id == Item.id, ItemFile.kind.in_(kinds))


def filtered(db: Session, statement, account_id: int, query: ItemQuery):
    """The query's conditions, always including the owner."""
    statement = statement.where(Item.account_id == account_id)
    if query.search:
        statement = statement.where(search_index.condition(db, query.search))
    if query.category_id:
        statement = statement.where(Item.category_id == query.category_id)
    if query.location_id:
        ids = catalogue.location_with_descendants(db, account_id, query.location_id)
        statement = statement.where(Item.location_id.in_(ids))
    if query.tag_id:
        statement = statement.where(exists().where(ItemTag.item_id == Item.id, ItemTag.tag_id == query.tag_id))
    if query.status:
        statement = statement.where(Item.status == query.status)
    if query.item_ids is not None:
        statement = statement.where(Item.id.in_(query.item_ids))
    if query.missing == "photo":
        statement = statement.where(~_has_file((FileKind.PHOTO.value,)))
    elif query.missing == "receipt":
        statement = statement.where(~_has_file((FileKind.RECEIPT.value,)))
    elif query.missing == "details":
        statement = statement.where(needs_details_condition())
    return statement


def _dialect(db: Session) -> str:
    return db.get_bind().dialect.name


def value_columns(db: Session, today: date):
    """SUM columns of the one definition of worth (owned objects, quantity × per piece); needs an outer join on
    Category. Count, purchase, replacement, current, not counted."""
    return worth.sums(_dialect(db), today)


def totals(db: Session, account_id: int, query: ItemQuery | None = None, today: date | None = None) -> Totals:
    """Count and values of the matching owned objects; `not_counted` says how many sold/discarded matched."""
    return worth.register_worth(db, lambda statement: filtered(db, statement, account_id, query or ItemQuery()),
                                today or date.today())


def views(db: Session, account_id: int, rows, paths: dict[int, str] | None = None,
          photos: dict[int, int | None] | None = None) -> list[ItemView]:
    """The rows (item, category name, useful life) with their category, place path, main photo and tags;
    `paths` and `photos` (item id → main photo id): when the caller has read them already."""
    if paths is None:
        paths = catalogue.location_paths(db, account_id)
    ids = [item.id for item, *_ in rows]
    if photos is None:
        photos = dict(db.exec(
            select(ItemFile.item_id, func.min(ItemFile.id))
            .where(ItemFile.item_id.in_(ids), ItemFile.kind == FileKind.PHOTO.value, ItemFile.is_main)
            .group_by(ItemFile.item_id)
        ).all()) if ids else {}
    tags = catalogue.tags_of(db, ids)
    return [ItemView(item=item, category=category or "", location=paths.get(item.location_id, ""),
                     life_years=life, main_photo_id=photos.get(item.id), tags=tags.get(item.id, []))
            for item, category, life in rows]


# the main photo's id of the row's object, read with the page (one statement less per register event)
_MAIN_PHOTO = (select(func.min(ItemFile.id))
               .where(ItemFile.item_id == Item.id, ItemFile.kind == FileKind.PHOTO.value, ItemFile.is_main)
               .correlate(Item).scalar_subquery())


def count_matching(db: Session, account_id: int, query: ItemQuery) -> int:
    return db.exec(filtered(db, select(func.count(Item.id)), account_id, query)).one()


# A listed object's columns as a plain read-only row (attributes named as on Item), not an ORM object: a page is
# only shown, and tracking 25 objects in the session cost more than the statement that reads them. The search
# index's text is left out: nothing shows it.
_ROW_COLUMNS = Bundle("item", *[column for column in Item.__table__.columns if column.key != "search_text"])


def list_items(db: Session, account_id: int, query: ItemQuery, today: date | None = None,
               known: tuple[int, Totals] | None = None, paths: dict[int, str] | None = None) -> ItemPage:
    """One page of rows. `known` = (matching, totals) from an earlier call with the same filters
    (paging and sorting do not change them), so only the page itself is queried; `paths`, the place paths
    when the caller has them. Otherwise the totals are read
    first and the matching count comes with them (every matching object is counted there once, owned or not):
    one pass over the matching objects instead of two (a search is matched once, not twice)."""
    if known is None:
        counted = totals(db, account_id, query, today)
        known = (counted.objects + counted.not_counted, counted)
    matching, known_totals = known
    pages = max(1, math.ceil(matching / PAGE_SIZE))
    page = min(query.page, pages)
    column = SORTS[query.sort]
    order = column.desc() if query.descending else column.asc()
    # empty values last; name and updated are never empty, and without the CASE an index can serve the sort
    nulls_last = case((column.is_(None), 1), else_=0) if query.sort not in NEVER_EMPTY else None
    statement = (
        select(_ROW_COLUMNS, Category.name, Category.useful_life_years, _MAIN_PHOTO)
        .outerjoin(Category, Category.id == Item.category_id)
        .outerjoin(Location, Location.id == Item.location_id)
    )
    statement = (
        filtered(db, statement, account_id, query)
        .order_by(*[part for part in (nulls_last, order) if part is not None], Item.name, Item.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    found = db.exec(statement).all()
    rows = views(db, account_id, [(item, category, life) for item, category, life, _photo in found], paths,
                 {item.id: photo for item, _category, _life, photo in found})
    return ItemPage(rows=rows, matching=matching, page=page, pages=pages, totals=known_totals)


def matching_ids(db: Session, account_id: int, query: ItemQuery, limit: int = 20_000) -> list[int]:
    """Every id the query matches (for "select all matching")."""
    return list(db.exec(filtered(db, select(Item.id), account_id, query).order_by(Item.id).limit(limit)).all())


def view_of(db: Session, account_id: int, item: Item) -> ItemView:
    row = db.exec(select(Item, Category.name, Category.useful_life_years)
                  .outerjoin(Category, Category.id == Item.category_id).where(Item.id == item.id)).one()
    return views(db, account_id, [row])[0]


def custom_values(db: Session, item_id: int) -> dict[int, str]:
    return dict(db.exec(select(ItemFieldValue.field_id, ItemFieldValue.value)
                        .where(ItemFieldValue.item_id == item_id)).all())


def snapshot(db: Session, account_id: int, item: Item) -> dict[str, str]:
    """Every field as plain text, for the change history."""
    view = view_of(db, account_id, item)
    values = {
        name: str(getattr(item, name) or "") for name in (
            "name", "description", "manufacturer", "model", "serial_number", "purchase_place", "notes", "status",
            "lent_to", "sold_to", "police_report")
    }
    for name in ("purchase_date", "warranty_end", "lent_until", "sold_date", "lost_date"):
        value = getattr(item, name)
        values[name] = value.isoformat() if value else ""
    for name in ("purchase_price_ore", "replacement_value_ore", "current_value_ore", "sold_price_ore"):
        values[name.removesuffix("_ore")] = ore_to_input(getattr(item, name))
    values.update(quantity=str(item.quantity), insured="yes" if item.insured else "no",
                  category=view.category, location=view.location, tags=", ".join(view.tags))
    names = {f.id: f.name for f in catalogue.custom_fields(db, account_id)}
    for field_id, value in custom_values(db, item.id).items():
        values[f"field:{names.get(field_id, field_id)}"] = value
    return values


def _save_extras(db: Session, account_id: int, item: Item, clean: dict) -> None:
    catalogue.set_tags(db, account_id, item.id, clean["tags"])
    db.exec(delete(ItemFieldValue).where(ItemFieldValue.item_id == item.id))
    for field_id, value in clean["custom"].items():
        if value:
            db.add(ItemFieldValue(item_id=item.id, field_id=field_id, value=value))
    db.flush()
    search_index.refresh(db, account_id, [item.id])


def create_item(db: Session, account_id: int, form: dict,
                *, actor: Actor | str = "", today: date | None = None) -> Item:
    clean = clean_item_form(db, account_id, form, today=today)
    plan_limits.require_object_room(db, account_id)  # after the form's checks: its errors come first
    item = Item(account_id=account_id, name=clean["name"])
    apply_to_item(db, account_id, item, clean)
    item.search_text = search_text_of(item)
    db.add(item)
    db.flush()
    _save_extras(db, account_id, item, clean)
    history.record_changes(db, account_id, item.id, actor, {}, {"created": item.name})
    activity.record(db, account_id, "item_created", item.name)
    return item


def update_item(db: Session, account_id: int, item_id: object, form: dict, *, actor: Actor | str = "") -> Item:
    item = get_item(db, account_id, item_id)
    clean = clean_item_form(db, account_id, form)
    before = snapshot(db, account_id, item)
    apply_to_item(db, account_id, item, clean)
    item.search_text = search_text_of(item)
    item.updated_at = utcnow()
    db.add(item)
    db.flush()
    _save_extras(db, account_id, item, clean)
    history.record_changes(db, account_id, item.id, actor, before, snapshot(db, account_id, item))
    activity.record(db, account_id, "item_updated", item.name)
    return item


def delete_item(db: Session, account_id: int, item_id: object) -> None:
    item = get_item(db, account_id, item_id)
    files.delete_files_of(db, account_id, [item.id])
    db.delete(item)
    db.flush()
    activity.record(db, account_id, "item_deleted", item.name)


def filter_options(db: Session, account_id: int) -> dict[str, list[tuple[str, str]]]:
    """(id, label) choices for the filter menus: categories, locations (tree order, indented), tags."""
    return {
        "categories": [(str(c.id), c.name) for c in catalogue.categories(db, account_id)],
        "locations": [(str(n.id), n.path) for n in catalogue.location_tree(db, account_id)],
        "tags": [(str(t.id), t.name) for t in catalogue.tags(db, account_id)],
    }

