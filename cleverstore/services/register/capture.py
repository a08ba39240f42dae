"""Capture in seconds: an object made from photos first (named later), and a new category or place
added from the object form without leaving it.

A photo taken for a new object creates a nameless object and attaches the photo in one unit of
work: a refused photo (wrong type, too big, the register full) leaves no object behind. The next
photos attach to that object with every check of the normal upload (`files.attach`).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from cleverstore.db import tenant_scope
from cleverstore.models import FileKind, Item, ItemStatus
from cleverstore.services.register import catalogue, files, history
from cleverstore.services.register.images import RejectedFile
from cleverstore.services.register.items import search_text_of
from cleverstore.services.shared import activity, plan_limits
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed

__all__ = ["CapturedPhoto", "capture_photo", "add_category_from_form", "add_place_from_form"]

PHOTO = FileKind.PHOTO.value


@dataclass(frozen=True)
class CapturedPhoto:
    """Where a captured photo went: the object (new when `created`) and the stored file."""

    item_id: int
    file_id: int
    created: bool


def _nameless_item(db: Session, account_id: int, filename: str, actor: Actor | str) -> Item:
    """A new object with no name yet: legal, and listed as needing details until it has a name and a value.
    RejectedFile("limit.objects") when the plan holds no more objects (the upload's refusal, shown with
    the photo)."""
    try:
        plan_limits.require_object_room(db, account_id)
    except ValidationFailed as full:
        raise RejectedFile(full.errors[plan_limits.LIMIT_FIELD]) from full
    item = Item(account_id=account_id, name="", quantity=1, status=ItemStatus.IN_USE.value)
    item.search_text = search_text_of(item)
    db.add(item)
    db.flush()
    history.record_changes(db, account_id, item.id, actor, {}, {"created": ""})
    activity.record(db, account_id, "item_created", files.display_name(filename))
    return item


def capture_photo(account_id: int, item_id: object, data: bytes, filename: str,
                  *, actor: Actor | str = "") -> CapturedPhoto:
    """One photo of a capture: with no `item_id` it starts a new nameless object, otherwise it joins
    that object of this register. NotFound (foreign or missing object) or RejectedFile; either way
    nothing is created."""
    with tenant_scope(account_id) as db:
        created = item_id in (None, "")
        # a refused first photo raises inside this unit of work, so the new object is rolled back with it
        target = _nameless_item(db, account_id, filename, actor).id if created else item_id
        record = files.attach(db, account_id, target, PHOTO, data, filename, actor=actor)
        return CapturedPhoto(item_id=record.item_id, file_id=record.id, created=created)


def add_category_from_form(account_id: int, name: str) -> str:
    """A category typed in the object form: created when new (the catalogue's own rules), or the
    existing one of that name; returns the name as the catalogue holds it. ValidationFailed."""
    with tenant_scope(account_id) as db:
        try:
            return catalogue.save_category(db, account_id, {"name": name}).name
        except ValidationFailed as failed:
            if failed.errors.get("name") != "error.name_taken":
                raise
            wanted = " ".join(str(name).split()).lower()
            return next(c.name for c in catalogue.categories(db, account_id) if c.name.lower() == wanted)


def add_place_from_form(account_id: int, name: str, parent_path: str = "") -> str:
    """A place typed in the object form, at the top or inside a place the register has (by its path);
    returns its full path as the form writes it. An existing place of that name there is reused."""
    with tenant_scope(account_id) as db:
        paths = {node.path: node.id for node in catalogue.location_tree(db, account_id)}
        parent_path = str(parent_path or "").strip()
        if parent_path and parent_path not in paths:
            raise ValidationFailed({"parent": "capture.parent_missing"})
        parent_id = paths.get(parent_path) if parent_path else None
        wanted = " ".join(str(name or "").split())
        for node in catalogue.location_tree(db, account_id):
            if node.parent_id == parent_id and node.name.lower() == wanted.lower() and wanted:
                return node.path
        created = catalogue.save_location(db, account_id, {"name": name, "parent_id": parent_id or ""})
        return catalogue.location_paths(db, account_id)[created.id]
