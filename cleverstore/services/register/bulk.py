"""Actions on many objects at once. Ids not owned by the account are dropped before anything happens."""
from __future__ import annotations

from sqlmodel import Session, select

from cleverstore.models import Item, ItemStatus
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue, files, history
from cleverstore.services.register import items as register_items
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import ValidationFailed

ACTIONS = ("move", "tag", "status", "delete")
MAX_SELECTION = 20_000
BULK_STATUSES = (ItemStatus.IN_USE.value, ItemStatus.LOST.value, ItemStatus.DISCARDED.value)


def _items(db: Session, account_id: int, ids: list[int]) -> list[Item]:
    owned = register_items.owned_ids(db, account_id, ids[:MAX_SELECTION])
    return list(db.exec(select(Item).where(Item.id.in_(owned))).all()) if owned else []


def _changed(db: Session, account_id: int, item: Item, actor: str, name: str, old: str, new: str) -> None:
    item.updated_at = utcnow()
    db.add(item)
    history.record_changes(db, account_id, item.id, actor, {name: old}, {name: new})


def move(db: Session, account_id: int, ids: list[int], location_id: object, *, actor: str = "") -> int:
    """Move to an existing location of the account (empty = no location)."""
    location = catalogue.get_location(db, account_id, location_id) if str(location_id or "") else None
    paths = catalogue.location_paths(db, account_id)
    items = _items(db, account_id, ids)
    for item in items:
        old = paths.get(item.location_id, "")
        item.location_id = location.id if location else None
        _changed(db, account_id, item, actor, "location", old, paths.get(item.location_id, ""))
    activity.record(db, account_id, "bulk_moved", str(len(items)))
    return len(items)


def tag(db: Session, account_id: int, ids: list[int], name: str, *, actor: str = "") -> int:
    names = catalogue.parse_tags(name)
    if len(names) != 1:
        raise ValidationFailed({"tag": "error.one_tag"})
    items = _items(db, account_id, ids)
    catalogue.add_tag(db, account_id, [item.id for item in items], names[0])
    for item in items:
        _changed(db, account_id, item, actor, "tag_added", "", names[0])
    activity.record(db, account_id, "bulk_tagged", f"{names[0]} ({len(items)})")
    return len(items)


def set_status(db: Session, account_id: int, ids: list[int], status: str, *, actor: str = "") -> int:
    """Statuses that need no details (lent out and sold are set one object at a time, with their details)."""
    if status not in BULK_STATUSES:
        raise ValidationFailed({"status": "error.choose_status"})
    items = _items(db, account_id, ids)
    for item in items:
        old, item.status = item.status, status
        _changed(db, account_id, item, actor, "status", old, status)
    activity.record(db, account_id, "bulk_status", f"{status} ({len(items)})")
    return len(items)


def delete(db: Session, account_id: int, ids: list[int]) -> int:
    items = _items(db, account_id, ids)
    files.delete_files_of(db, account_id, [item.id for item in items])
    for item in items:
        db.delete(item)
    db.flush()
    activity.record(db, account_id, "bulk_deleted", str(len(items)))
    return len(items)
