"""Undo of a bulk action from its success message, for UNDO_MINUTES.

Each bulk action writes one `BulkUndo` row in its own transaction: the old value of what it changed
(place, status, the tag it added) or, for a delete, the deleted rows themselves (the object, its
files' records, tags, own fields and history). The stored bytes of deleted files stay in the file
store until the undo has passed (`purge_expired`), so an undone delete gets everything back.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlalchemy import delete as sql_delete
from sqlalchemy import insert
from sqlalchemy import select as sql_select
from sqlmodel import Session, select

from cleverstore.models import (
    BulkUndo,
    Category,
    CustomField,
    Item,
    ItemChange,
    ItemFieldValue,
    ItemFile,
    ItemTag,
    Location,
    Tag,
)
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue, files, history, search_index
from cleverstore.services.shared import activity
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed

UNDO_MINUTES = 10
# restored in this order: parents first
DELETED_TABLES = (Item, ItemFile, ItemTag, ItemFieldValue, ItemChange)


def _plain(value: object) -> object:
    """A column value as JSON; dates and times are tagged so they come back as what they were."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _typed(value: object) -> object:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value


def record(db: Session, account_id: int, action: str, payload: dict, kept_files: list[str] = ()) -> int:
    """Keep what the action changed; returns the undo's id (what the success message's button sends)."""
    now = utcnow()
    row = BulkUndo(account_id=account_id, action=action, payload=json.dumps(payload),
                   kept_files=json.dumps(list(kept_files)), created_at=now,
                   expires_at=now + timedelta(minutes=UNDO_MINUTES))
    db.add(row)
    db.flush()
    return row.id


def deleted_rows(db: Session, item_ids: list[int]) -> dict[str, list[dict]]:
    """Every row a delete of these objects removes, as plain values (read before the delete)."""
    rows: dict[str, list[dict]] = {}
    for model in DELETED_TABLES:
        table = model.__table__
        key = table.c.id if model is Item else table.c.item_id
        result = db.execute(sql_select(table).where(key.in_(item_ids))).mappings().all()
        rows[table.name] = [{name: _plain(value) for name, value in row.items()} for row in result]
    return rows


def kept_names(rows: dict[str, list[dict]]) -> list[str]:
    return [name for row in rows.get(ItemFile.__table__.name, []) for name in (row["stored_name"], row["thumb_name"],
                                                                                 row.get("display_rendition"),
                                                                                 row.get("phone_rendition"),
                                                                                 row.get("tile_rendition"))
            if name]


def _existing(db: Session, model, account_id: int, ids) -> set[int]:
    ids = [i for i in ids if i is not None]
    if not ids:
        return set()
    return set(db.exec(select(model.id).where(model.account_id == account_id, model.id.in_(ids))).all())


def _restore_deleted(db: Session, account_id: int, rows: dict[str, list[dict]]) -> int:
    """Insert the deleted rows again under new ids (an id may have been reused since); a category, place,
    tag or field removed since is left empty."""
    items = [r for r in rows.get(Item.__table__.name, []) if r["account_id"] == account_id]
    categories = _existing(db, Category, account_id, [r["category_id"] for r in items])
    places = _existing(db, Location, account_id, [r["location_id"] for r in items])
    tags = _existing(db, Tag, account_id, [r["tag_id"] for r in rows.get(ItemTag.__table__.name, [])])
    fields = _existing(db, CustomField, account_id, [r["field_id"] for r in rows.get(ItemFieldValue.__table__.name, [])])
    new_id: dict[int, int] = {}
    for row in items:
        values = {name: _typed(value) for name, value in row.items() if name in Item.__table__.c and name != "id"}
        values["category_id"] = values["category_id"] if values["category_id"] in categories else None
        values["location_id"] = values["location_id"] if values["location_id"] in places else None
        new_id[row["id"]] = db.execute(insert(Item.__table__).values(**values)).inserted_primary_key[0]
    keep = {
        ItemTag.__table__.name: lambda r: r["tag_id"] in tags,
        ItemFieldValue.__table__.name: lambda r: r["field_id"] in fields,
    }
    for model in DELETED_TABLES[1:]:
        table = model.__table__
        values = []
        for row in rows.get(table.name, []):
            if row["item_id"] not in new_id or not keep.get(table.name, lambda _r: True)(row):
                continue
            if row.get("account_id", account_id) != account_id:
                continue
            restored = {name: _typed(value) for name, value in row.items() if name in table.c and name != "id"}
            restored["item_id"] = new_id[row["item_id"]]
            values.append(restored)
        if values:
            db.execute(insert(table), values)
    db.flush()
    search_index.refresh(db, account_id, new_id.values())  # a place, tag or field removed since is not in it
    return len(items)


def _restore_places(db: Session, account_id: int, old: dict[str, int | None], actor: Actor | str) -> int:
    paths = catalogue.location_paths(db, account_id)
    items = db.exec(select(Item).where(Item.account_id == account_id, Item.id.in_([int(i) for i in old]))).all()
    for item in items:
        wanted = old[str(item.id)]
        before, item.location_id = item.location_id, wanted if wanted in paths else None
        item.updated_at = utcnow()
        db.add(item)
        history.record_changes(db, account_id, item.id, actor, {"location": paths.get(before, "")},
                               {"location": paths.get(item.location_id, "")})
    search_index.refresh(db, account_id, [item.id for item in items])
    return len(items)


def _restore_statuses(db: Session, account_id: int, old: dict[str, str], actor: Actor | str) -> int:
    items = db.exec(select(Item).where(Item.account_id == account_id, Item.id.in_([int(i) for i in old]))).all()
    for item in items:
        before, item.status = item.status, old[str(item.id)]
        item.updated_at = utcnow()
        db.add(item)
        history.record_changes(db, account_id, item.id, actor, {"status": before}, {"status": item.status})
    return len(items)


def _remove_tag(db: Session, account_id: int, payload: dict, actor: Actor | str) -> int:
    tag = db.exec(select(Tag).where(Tag.account_id == account_id, Tag.id == payload["tag_id"])).first()
    if tag is None:
        return 0
    ids = list(db.exec(select(Item.id).where(Item.account_id == account_id, Item.id.in_(payload["items"]))).all())
    if ids:
        db.execute(sql_delete(ItemTag.__table__).where(ItemTag.tag_id == tag.id, ItemTag.item_id.in_(ids)))
    for item_id in ids:
        history.record_changes(db, account_id, item_id, actor, {"tag_removed": ""}, {"tag_removed": tag.name})
    if payload.get("created") and not db.exec(select(ItemTag).where(ItemTag.tag_id == tag.id)).first():
        db.delete(tag)
    db.flush()
    search_index.refresh(db, account_id, ids)
    return len(ids)


def undo(db: Session, account_id: int, undo_id: object, *, actor: Actor | str = "", now: datetime | None = None) -> int:
    """Put back what the bulk action changed; returns how many objects. Refused once it has passed."""
    try:
        wanted = int(str(undo_id))
    except (TypeError, ValueError):
        wanted = 0
    row = db.exec(select(BulkUndo).where(BulkUndo.id == wanted, BulkUndo.account_id == account_id)).first()
    if row is None or row.undone_at is not None or _aware(row.expires_at) <= (now or utcnow()):
        raise ValidationFailed({"undo": "error.undo_passed"})
    payload = json.loads(row.payload)
    if row.action == "move":
        count = _restore_places(db, account_id, payload["items"], actor)
    elif row.action == "status":
        count = _restore_statuses(db, account_id, payload["items"], actor)
    elif row.action == "tag":
        count = _remove_tag(db, account_id, payload, actor)
    else:
        count = _restore_deleted(db, account_id, payload["rows"])
    row.undone_at, row.payload, row.kept_files = utcnow(), "{}", "[]"  # the files are the objects' again
    db.add(row)
    db.flush()
    activity.record(db, account_id, "bulk_undone", f"{row.action} ({count})")
    return count


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def purge_expired(db: Session, account_id: int | None = None, *, now: datetime | None = None) -> int:
    """Forget undos that have passed, deleting the kept bytes of deleted objects' files; returns how many."""
    statement = select(BulkUndo).where(BulkUndo.expires_at <= (now or utcnow()))
    if account_id is not None:
        statement = statement.where(BulkUndo.account_id == account_id)
    rows = list(db.exec(statement).all())
    names = [name for row in rows for name in json.loads(row.kept_files or "[]")]
    for row in rows:
        db.delete(row)
    db.flush()
    if names:
        files.delete_after_commit(db, names)
    return len(rows)


def forget_account(db: Session, account_id: int) -> None:
    """For erasing an account: the kept bytes go now, not after the undo would have passed."""
    purge_expired(db, account_id, now=datetime.max.replace(tzinfo=utcnow().tzinfo))
