"""Actions on many objects at once. Ids not owned by the account are dropped before anything happens.

Each action keeps what it changed (`undo.record`) and returns (count, undo id), so its success
message can offer to undo it for `undo.UNDO_MINUTES`.
"""
from __future__ import annotations

from sqlalchemy import delete as sql_delete
from sqlmodel import Session, select

from cleverstore.models import Item, ItemFile, ItemStatus, ItemTag
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue, history, search_index, undo
from cleverstore.services.register import items as register_items
from cleverstore.services.shared import activity
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed

ACTIONS = ("move", "tag", "status", "delete")
MAX_SELECTION = 20_000
BULK_STATUSES = (ItemStatus.IN_USE.value, ItemStatus.LOST.value, ItemStatus.DISCARDED.value)
# the move's explicit "remove the place" choice; an empty choice is refused (no default target)
NO_PLACE = "none"


def _items(db: Session, account_id: int, ids: list[int]) -> list[Item]:
    owned = register_items.owned_ids(db, account_id, ids[:MAX_SELECTION])
    return list(db.exec(select(Item).where(Item.id.in_(owned))).all()) if owned else []


def _changed(db: Session, account_id: int, item: Item, actor: Actor | str, name: str, old: str, new: str) -> None:
    item.updated_at = utcnow()
    db.add(item)
    history.record_changes(db, account_id, item.id, actor, {name: old}, {name: new})


def _start(db: Session, account_id: int) -> None:
    undo.purge_expired(db, account_id)  # the undos of this register that have passed go before a new one


def move(db: Session, account_id: int, ids: list[int], location_id: object,
         *, actor: Actor | str = "") -> tuple[int, int]:
    """Move to an existing place of the account, or remove the place with the explicit NO_PLACE choice."""
    choice = str(location_id or "").strip()
    if not choice:
        raise ValidationFailed({"location": "error.choose_place"})
    location = None if choice == NO_PLACE else catalogue.get_location(db, account_id, choice)
    _start(db, account_id)
    paths = catalogue.location_paths(db, account_id)
    items = _items(db, account_id, ids)
    old = {}
    for item in items:
        old[str(item.id)] = item.location_id
        before = paths.get(item.location_id, "")
        item.location_id = location.id if location else None
        _changed(db, account_id, item, actor, "location", before, paths.get(item.location_id, ""))
    search_index.refresh(db, account_id, [item.id for item in items])
    activity.record(db, account_id, "bulk_moved", str(len(items)))
    return len(items), undo.record(db, account_id, "move", {"items": old})


def tag(db: Session, account_id: int, ids: list[int], name: str, *, actor: Actor | str = "") -> tuple[int, int]:
    names = catalogue.parse_tags(name)
    if len(names) != 1:
        raise ValidationFailed({"tag": "error.one_tag"})
    _start(db, account_id)
    items = _items(db, account_id, ids)
    existing = {tag.name.lower(): tag for tag in catalogue.tags(db, account_id)}.get(names[0].lower())
    had = set(db.exec(select(ItemTag.item_id).where(ItemTag.tag_id == existing.id)).all()) if existing else set()
    catalogue.add_tag(db, account_id, [item.id for item in items], names[0])
    for item in items:
        _changed(db, account_id, item, actor, "tag_added", "", names[0])
    search_index.refresh(db, account_id, [item.id for item in items])
    added = {tag.name.lower(): tag for tag in catalogue.tags(db, account_id)}.get(names[0].lower())
    activity.record(db, account_id, "bulk_tagged", f"{names[0]} ({len(items)})")
    payload = {"tag_id": added.id if added else None, "created": existing is None,
               "items": [item.id for item in items if item.id not in had]}
    return len(items), undo.record(db, account_id, "tag", payload)


def set_status(db: Session, account_id: int, ids: list[int], status: str,
               *, actor: Actor | str = "") -> tuple[int, int]:
    """Statuses that need no details (lent out and sold are set one object at a time, with their details)."""
    if status not in BULK_STATUSES:
        raise ValidationFailed({"status": "error.choose_status"})
    _start(db, account_id)
    items = _items(db, account_id, ids)
    old = {}
    for item in items:
        old[str(item.id)], item.status = item.status, status
        _changed(db, account_id, item, actor, "status", old[str(item.id)], status)
    activity.record(db, account_id, "bulk_status", f"{status} ({len(items)})")
    return len(items), undo.record(db, account_id, "status", {"items": old})


def delete(db: Session, account_id: int, ids: list[int]) -> tuple[int, int]:
    """Delete the objects; their rows are kept in the undo and their files' bytes stay until it has passed."""
    _start(db, account_id)
    items = _items(db, account_id, ids)
    item_ids = [item.id for item in items]
    kept = undo.deleted_rows(db, item_ids) if item_ids else {}
    if item_ids:
        db.execute(sql_delete(ItemFile.__table__).where(ItemFile.account_id == account_id,
                                                         ItemFile.item_id.in_(item_ids)))
    for item in items:
        db.delete(item)
    db.flush()
    activity.record(db, account_id, "bulk_deleted", str(len(items)))
    return len(items), undo.record(db, account_id, "delete", {"rows": kept}, undo.kept_names(kept))
