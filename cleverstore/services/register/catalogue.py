"""Categories, the location tree, tags and custom fields of one account.

Objects refer to these by id; forms and CSV files name them, so this module
turns names (and location paths like "Huset › Källare › Hylla 2") into rows,
creating what is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, delete, select

from cleverstore.models import (
    Category,
    CustomField,
    CustomFieldKind,
    Item,
    ItemTag,
    Location,
    Tag,
)
from cleverstore.services.register import search_index
from cleverstore.services.register.ownership import owned_row
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_int, clean_text

PATH_SEPARATOR = " › "
_PATH_SPLIT = re.compile(r"\s*(?:›|>|/)\s*")
MAX_DEPTH = 8
FIELD_KINDS = tuple(kind.value for kind in CustomFieldKind)


# --- categories ----------------------------------------------------------------

def categories(db: Session, account_id: int) -> list[Category]:
    return list(db.exec(select(Category).where(Category.account_id == account_id).order_by(Category.name)).all())


def category_named(db: Session, account_id: int, name: str) -> Category | None:
    """The category with this name (case-insensitive), created when missing; None for an empty name."""
    name = " ".join(name.split())[:100]
    if not name:
        return None
    for category in categories(db, account_id):
        if category.name.lower() == name.lower():
            return category
    category = Category(account_id=account_id, name=name)
    db.add(category)
    db.flush()
    return category


def get_category(db: Session, account_id: int, category_id: object) -> Category:
    return owned_row(db, Category, account_id, category_id)


def save_category(db: Session, account_id: int, form: dict, category_id: object = None) -> Category:
    """Add a category or change its name and useful life (years, empty = no depreciation)."""
    errors = {}
    try:
        name = clean_text(form.get("name"), max_length=100, required=True)
    except FieldError as exc:
        errors["name"] = exc.key
    try:
        life = clean_int(form.get("useful_life_years"), minimum=1, maximum=100) if str(
            form.get("useful_life_years") or "").strip() else None
    except FieldError as exc:
        errors["useful_life_years"] = exc.key
    if errors:
        raise ValidationFailed(errors)
    category = get_category(db, account_id, category_id) if category_id not in (None, "") else None
    clash = next((c for c in categories(db, account_id) if c.name.lower() == name.lower()), None)
    if clash is not None and (category is None or clash.id != category.id):
        raise ValidationFailed({"name": "error.name_taken"})
    category = category or Category(account_id=account_id, name=name)
    category.name, category.useful_life_years = name, life
    db.add(category)
    db.flush()
    return category


def delete_category(db: Session, account_id: int, category_id: object) -> None:
    """The objects keep existing, without a category."""
    db.delete(get_category(db, account_id, category_id))
    db.flush()


# --- locations -----------------------------------------------------------------

@dataclass
class LocationNode:
    id: int
    name: str
    parent_id: int | None
    path: str
    depth: int


def location_tree(db: Session, account_id: int) -> list[LocationNode]:
    """Every location in tree order (parents before children), each with its full path."""
    # plain rows, not ORM objects: this runs on every register event
    rows = list(db.exec(select(Location.id, Location.parent_id, Location.name)
                        .where(Location.account_id == account_id)).all())
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[LocationNode] = []

    def walk(parent_id: int | None, prefix: str, depth: int) -> None:
        for row in sorted(children.get(parent_id, []), key=lambda r: r.name.lower()):
            path = prefix + PATH_SEPARATOR + row.name if prefix else row.name
            ordered.append(LocationNode(row.id, row.name, row.parent_id, path, depth))
            walk(row.id, path, depth + 1)

    walk(None, "", 0)
    return ordered


def location_paths(db: Session, account_id: int) -> dict[int, str]:
    return {node.id: node.path for node in location_tree(db, account_id)}


def location_with_descendants(db: Session, account_id: int, location_id: int) -> list[int]:
    tree = location_tree(db, account_id)
    wanted, found = {location_id}, True
    while found:
        found = False
        for node in tree:
            if node.parent_id in wanted and node.id not in wanted:
                wanted.add(node.id)
                found = True
    return sorted(wanted)


def split_path(text: str) -> list[str]:
    return [part[:120] for part in (p.strip() for p in _PATH_SPLIT.split(text or "")) if part][:MAX_DEPTH]


def location_at_path(db: Session, account_id: int, text: str) -> Location | None:
    """The location at "A › B › C" (also "A / B / C" as Homebox writes it), created level by level."""
    parent: Location | None = None
    for name in split_path(text):
        statement = select(Location).where(Location.account_id == account_id,
                                           Location.parent_id == (parent.id if parent else None))
        if parent is None:
            statement = select(Location).where(Location.account_id == account_id, Location.parent_id.is_(None))
        found = next((row for row in db.exec(statement).all() if row.name.lower() == name.lower()), None)
        if found is None:
            found = Location(account_id=account_id, parent_id=parent.id if parent else None, name=name)
            db.add(found)
            db.flush()
        parent = found
    return parent


def get_location(db: Session, account_id: int, location_id: object) -> Location:
    return owned_row(db, Location, account_id, location_id)


def save_location(db: Session, account_id: int, form: dict, location_id: object = None) -> Location:
    """Add or rename a location and put it under a parent (empty = top level); never inside itself."""
    try:
        name = clean_text(form.get("name"), max_length=120, required=True)
    except FieldError as exc:
        raise ValidationFailed({"name": exc.key}) from None
    parent_raw = str(form.get("parent_id") or "").strip()
    parent = get_location(db, account_id, parent_raw) if parent_raw else None
    location = get_location(db, account_id, location_id) if location_id not in (None, "") else None
    if location is not None and parent is not None and parent.id in location_with_descendants(db, account_id, location.id):
        raise ValidationFailed({"parent_id": "error.location_inside_itself"})
    if parent is not None and len(split_path(location_paths(db, account_id)[parent.id])) >= MAX_DEPTH:
        raise ValidationFailed({"parent_id": "error.location_too_deep"})
    location = location or Location(account_id=account_id, name=name)
    wanted = (name, parent.id if parent else None)
    renamed = location.id is not None and (location.name, location.parent_id) != wanted
    location.name, location.parent_id = wanted
    db.add(location)
    db.flush()
    if renamed:  # the objects here and in every place below carry the path in their search document
        under = location_with_descendants(db, account_id, location.id)
        search_index.refresh(db, account_id, search_index.items_in_places(db, account_id, under))
    return location


def move_location(db: Session, account_id: int, location_id: object, parent_id: object) -> Location:
    location = get_location(db, account_id, location_id)
    return save_location(db, account_id, {"name": location.name, "parent_id": parent_id}, location.id)


def delete_location(db: Session, account_id: int, location_id: object) -> None:
    """Removes the location and everything under it; their objects stay, without a location."""
    location = get_location(db, account_id, location_id)
    ids = location_with_descendants(db, account_id, location.id)
    placed = search_index.items_in_places(db, account_id, ids)
    for item in db.exec(select(Item).where(Item.account_id == account_id, Item.location_id.in_(ids))).all():
        item.location_id = None
        db.add(item)
    for node_id in reversed(ids):
        db.delete(db.get(Location, node_id))
        db.flush()
    search_index.refresh(db, account_id, placed)


# --- tags ----------------------------------------------------------------------

def parse_tags(text: str) -> list[str]:
    """"vardagsrum, Försäkrat; Arv" → unique tags in the order given (comma or semicolon separated)."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;]", text or ""):
        tag = " ".join(part.split())[:60]
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return list(seen.values())[:30]


def tags(db: Session, account_id: int) -> list[Tag]:
    return list(db.exec(select(Tag).where(Tag.account_id == account_id).order_by(Tag.name)).all())


def tags_of(db: Session, item_ids: list[int]) -> dict[int, list[str]]:
    if not item_ids:
        return {}
    rows = db.exec(select(ItemTag.item_id, Tag.name).join(Tag, Tag.id == ItemTag.tag_id)
                   .where(ItemTag.item_id.in_(item_ids)).order_by(Tag.name)).all()
    found: dict[int, list[str]] = {}
    for item_id, name in rows:
        found.setdefault(item_id, []).append(name)
    return found


def _tag_named(db: Session, account_id: int, name: str) -> Tag:
    existing = {tag.name.lower(): tag for tag in tags(db, account_id)}
    tag = existing.get(name.lower())
    if tag is None:
        tag = Tag(account_id=account_id, name=name)
        db.add(tag)
        db.flush()
    return tag


def set_tags(db: Session, account_id: int, item_id: int, names: list[str]) -> None:
    db.exec(delete(ItemTag).where(ItemTag.item_id == item_id))
    for name in names:
        db.add(ItemTag(item_id=item_id, tag_id=_tag_named(db, account_id, name).id))
    db.flush()


def add_tag(db: Session, account_id: int, item_ids: list[int], name: str) -> None:
    tag = _tag_named(db, account_id, name)
    present = set(db.exec(select(ItemTag.item_id).where(ItemTag.tag_id == tag.id, ItemTag.item_id.in_(item_ids))).all())
    for item_id in item_ids:
        if item_id not in present:
            db.add(ItemTag(item_id=item_id, tag_id=tag.id))
    db.flush()


# --- custom fields -------------------------------------------------------------

def custom_fields(db: Session, account_id: int) -> list[CustomField]:
    return list(db.exec(select(CustomField).where(CustomField.account_id == account_id)
                        .order_by(CustomField.name)).all())


def save_custom_field(db: Session, account_id: int, form: dict) -> CustomField:
    try:
        name = clean_text(form.get("name"), max_length=60, required=True)
    except FieldError as exc:
        raise ValidationFailed({"name": exc.key}) from None
    kind = str(form.get("kind") or "")
    if kind not in FIELD_KINDS:
        raise ValidationFailed({"kind": "error.choose_field_kind"})
    if any(field.name.lower() == name.lower() for field in custom_fields(db, account_id)):
        raise ValidationFailed({"name": "error.name_taken"})
    field = CustomField(account_id=account_id, name=name, kind=kind)
    db.add(field)
    db.flush()
    return field


def custom_field_named(db: Session, account_id: int, name: str) -> CustomField:
    """For imports: the field with this name, created as a text field when missing."""
    name = " ".join(name.split())[:60]
    found = next((f for f in custom_fields(db, account_id) if f.name.lower() == name.lower()), None)
    if found is None:
        found = CustomField(account_id=account_id, name=name, kind=CustomFieldKind.TEXT.value)
        db.add(found)
        db.flush()
    return found


def delete_custom_field(db: Session, account_id: int, field_id: object) -> None:
    found = owned_row(db, CustomField, account_id, field_id)
    holding = search_index.items_with_field(db, account_id, found.id)
    db.delete(found)
    db.flush()
    search_index.refresh(db, account_id, holding)
