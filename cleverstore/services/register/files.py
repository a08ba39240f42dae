"""Photos and documents of objects: checked, cleaned, stored under random names, always scoped by owner."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass

from sqlalchemy import event, or_
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.models import BulkUndo, FileKind, InsurancePolicy, Item, ItemFile
from cleverstore.models.base import utcnow
from cleverstore.services.register import history
from cleverstore.services.register.images import (
    DISPLAY_CONTENT_TYPE,
    DISPLAY_EXTENSION,
    CleanFile,
    RejectedFile,
    clean_upload,
    is_pdf,
    phone_sizes_of_stored,
)
from cleverstore.services.register.images import MAX_BYTES as MAX_UPLOAD_BYTES
from cleverstore.services.register.ownership import get_item, refused
from cleverstore.services.shared import activity, plan_limits
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.storage.files import get_store

KINDS = tuple(kind.value for kind in FileKind)
MAX_FILES_PER_ITEM = 50
# photos a scheduled run gives their phone and tile renditions (each decoded once: about a second of CPU
# for 40 phone photos); NOT_NEEDED marks a photo that gets none, so that it is not read again
PHONE_SIZES_PER_RUN = 40
NOT_NEEDED = ""


def display_name(raw: str) -> str:
    """The customer's file name for display only: no path, no control or direction characters, capped."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name.strip()[:200] or "fil"


def _new_name(extension: str) -> str:
    return f"{secrets.token_hex(2)[:2]}/{secrets.token_hex(16)}.{extension}"


def fingerprint(sent: bytes, clean: CleanFile) -> dict:
    """What the reports' appendix prints of a file: the SHA-256 of the bytes as the customer sent them
    (the stored copy may be re-encoded, so its hash would prove nothing to the customer), the server's
    time of arrival and, for a photo, its own capture date."""
    return {"sha256": hashlib.sha256(sent).hexdigest(), "received_at": utcnow(), "captured_on": clean.captured_on}


def attach(db: Session, account_id: int, item_id: object, kind: str, data: bytes, filename: str,
           *, actor: Actor | str = "") -> ItemFile:
    """Store one file for an object. Raises NotFound (foreign/missing object) or RejectedFile (also
    "limit.storage" when the file does not fit the plan's stored bytes: the upload's own refusal)."""
    item = get_item(db, account_id, item_id)
    if kind not in KINDS:
        raise RejectedFile("upload.bad_kind")
    count = len(db.exec(select(ItemFile.id).where(ItemFile.item_id == item.id)).all())
    if count >= MAX_FILES_PER_ITEM:
        raise RejectedFile("upload.too_many_files")
    clean: CleanFile = clean_upload(data, allow_pdf=kind != FileKind.PHOTO.value)
    try:
        plan_limits.require_storage_room(db, account_id, len(clean.data))
    except ValidationFailed as full:
        raise RejectedFile(full.errors[plan_limits.LIMIT_FIELD]) from full
    store = get_store()
    stored = _new_name(clean.extension)
    thumb = _new_name("jpg") if clean.thumbnail else None
    shown = _new_name(DISPLAY_EXTENSION) if clean.display else None
    phone = _new_name(DISPLAY_EXTENSION) if clean.phone else None
    tile = _new_name(DISPLAY_EXTENSION) if clean.tile else None
    written = [name for name in (stored, thumb, shown, phone, tile) if name]
    try:
        for name, data_of in zip((stored, thumb, shown, phone, tile), (clean.data, clean.thumbnail, clean.display,
                                                                        clean.phone, clean.tile)):
            if name:
                store.put(name, data_of)
    except Exception:
        for name in written:
            store.delete(name)
        raise
    has_main = db.exec(select(ItemFile.id).where(ItemFile.item_id == item.id, ItemFile.is_main)).first()
    record = ItemFile(account_id=account_id, item_id=item.id, kind=kind, stored_name=stored, thumb_name=thumb,
                      display_rendition=shown, phone_rendition=phone, tile_rendition=tile,
                      content_type=clean.content_type, original_name=display_name(filename),
                      size_bytes=len(clean.data),
                      is_main=kind == FileKind.PHOTO.value and has_main is None,
                      **fingerprint(data, clean))
    db.add(record)
    try:
        db.flush()
        history.record_changes(db, account_id, item.id, actor, {}, {f"file:{kind}": record.original_name})
        activity.record(db, account_id, "file_added", f"{item.name}: {record.original_name}")
    except Exception:
        for name in written:
            store.delete(name)
        raise
    return record


def put_document(db: Session, account_id: int, data: bytes) -> str:
    """Store a PDF that belongs to the customer but to no object (an insurance policy's document): checked
    like an object's document and held to the plan's stored bytes; returns its stored name. Bytes whose
    row never commits are removed by the orphan sweep, which knows these names (`document_names`), as
    does the erasure."""
    if data and len(data) <= MAX_UPLOAD_BYTES and not is_pdf(data):
        raise RejectedFile("insurance.pdf_only")
    clean: CleanFile = clean_upload(data, allow_pdf=True)
    try:
        plan_limits.require_storage_room(db, account_id, len(clean.data))
    except ValidationFailed as full:
        raise RejectedFile(full.errors[plan_limits.LIMIT_FIELD]) from full
    stored = _new_name("pdf")
    get_store().put(stored, clean.data)
    return stored


def document_names(db: Session, account_id: int | None = None, names: list[str] | None = None) -> set[str]:
    """Stored names of policy documents (of one account, or among `names`)."""
    statement = select(InsurancePolicy.document_name).where(InsurancePolicy.document_name.is_not(None))
    if account_id is not None:
        statement = statement.where(InsurancePolicy.account_id == account_id)
    if names is not None:
        statement = statement.where(InsurancePolicy.document_name.in_(names))
    return set(db.exec(statement).all())


def files_of(db: Session, account_id: int, item_id: int) -> list[ItemFile]:
    statement = (select(ItemFile).where(ItemFile.account_id == account_id, ItemFile.item_id == item_id)
                 .order_by(ItemFile.is_main.desc(), ItemFile.created_at, ItemFile.id))
    return list(db.exec(statement).all())


def get_file(db: Session, account_id: int, file_id: object) -> ItemFile:
    try:
        wanted = int(str(file_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    found = db.exec(select(ItemFile).where(ItemFile.id == wanted, ItemFile.account_id == account_id)).first()
    if found is None:
        refused(db, ItemFile, file_id)
    return found


@dataclass
class FileBytes:
    data: bytes
    content_type: str
    filename: str


def add_phone_sizes(db: Session, limit: int = PHONE_SIZES_PER_RUN) -> int:
    """Make the phone and tile renditions of photos stored before they existed, `limit` photos a run (the
    scheduled jobs): the object page then loads a phone-sized photo for those too. A photo no larger than
    them, or whose bytes are gone or unreadable, is marked NOT_NEEDED and not read again. Returns how many
    photos got a rendition."""
    rows = db.exec(select(ItemFile).where(ItemFile.kind == FileKind.PHOTO.value, ItemFile.phone_rendition.is_(None),
                                          ItemFile.tile_rendition.is_(None))
                   .order_by(ItemFile.id).limit(limit)).all()
    store = get_store()
    made = 0
    for record in rows:
        data = store.get(record.stored_name)
        try:
            sizes = phone_sizes_of_stored(data) if data is not None else (None, None)
        except RejectedFile:
            sizes = (None, None)
        names = []
        for rendition in sizes:
            name = _new_name(DISPLAY_EXTENSION) if rendition is not None else NOT_NEEDED
            if rendition is not None:
                store.put(name, rendition)
            names.append(name)
        record.phone_rendition, record.tile_rendition = names
        db.add(record)
        made += any(sizes)
    db.flush()
    return made


def stored_names(record: ItemFile) -> list[str]:
    """Every stored name a file row owns: the original and its renditions (thumbnail, display, phone, tile)."""
    return [name for name in (record.stored_name, record.thumb_name, record.display_rendition,
                              record.phone_rendition, record.tile_rendition) if name]


def read(db: Session, account_id: int, file_id: object, *, thumbnail: bool, display: bool = False,
         phone: bool = False, tile: bool = False) -> FileBytes:
    """The bytes of an owned file, its thumbnail, or its display, phone or tile rendition (a photo without a
    phone rendition gives its display size, one without a tile its thumbnail; one stored before renditions
    were made, the full image); NotFound for anything else."""
    record = get_file(db, account_id, file_id)
    if tile and record.tile_rendition:
        name, content_type = record.tile_rendition, DISPLAY_CONTENT_TYPE
    elif thumbnail or tile:
        name, content_type = record.thumb_name, "image/jpeg"
    elif phone and record.phone_rendition:
        name, content_type = record.phone_rendition, DISPLAY_CONTENT_TYPE
    elif (display or phone) and record.display_rendition:
        name, content_type = record.display_rendition, DISPLAY_CONTENT_TYPE
    else:
        name, content_type = record.stored_name, record.content_type
    data = get_store().get(name) if name else None
    if data is None:
        raise NotFound()
    filename = record.original_name.rsplit(".", 1)[0] + "." + name.rsplit(".", 1)[-1]
    return FileBytes(data, content_type, filename)


def set_main(db: Session, account_id: int, file_id: object) -> ItemFile:
    record = get_file(db, account_id, file_id)
    if record.kind != FileKind.PHOTO.value:
        raise NotFound()
    for other in db.exec(select(ItemFile).where(ItemFile.item_id == record.item_id, ItemFile.is_main)).all():
        other.is_main = False
        db.add(other)
    record.is_main = True
    db.add(record)
    db.flush()
    return record


def remove(db: Session, account_id: int, file_id: object, *, actor: Actor | str = "") -> None:
    record = get_file(db, account_id, file_id)
    item_id, was_main = record.item_id, record.is_main
    history.record_changes(db, account_id, item_id, actor, {f"file:{record.kind}": record.original_name}, {})
    _forget(db, [record])
    if was_main:
        next_photo = db.exec(select(ItemFile).where(ItemFile.item_id == item_id,
                                                    ItemFile.kind == FileKind.PHOTO.value)
                             .order_by(ItemFile.id)).first()
        if next_photo is not None:
            next_photo.is_main = True
            db.add(next_photo)
            db.flush()


def _forget(db: Session, records: list[ItemFile]) -> None:
    """Delete the rows now and the bytes once the deletion is committed: a rollback or a crash before
    the commit must not leave rows whose files are gone (a crash after it leaves bytes for the sweep)."""
    names = [name for r in records for name in stored_names(r)]
    for record in records:
        db.delete(record)
    db.flush()
    if names:
        _bytes_to_delete(db).extend(names)


def delete_after_commit(db: Session, names: list[str]) -> None:
    """Delete these stored bytes once the session commits (kept files of an undo that has passed)."""
    _bytes_to_delete(db).extend(names)


def kept_for_undo(db: Session) -> set[str]:
    """Stored names of deleted objects' files that an undo may still bring back (see `undo.py`)."""
    names: set[str] = set()
    for kept in db.exec(select(BulkUndo.kept_files)).all():
        names.update(json.loads(kept or "[]"))
    return names


_PENDING_KEY = "cleverstore.files_to_delete"


def _bytes_to_delete(db: Session) -> list[str]:
    """The session's list of names to delete at its next commit (forgotten at a rollback)."""
    if _PENDING_KEY not in db.info:
        db.info[_PENDING_KEY] = []
        event.listen(db, "after_commit", _delete_pending)
        event.listen(db, "after_rollback", lambda session: session.info[_PENDING_KEY].clear())
    return db.info[_PENDING_KEY]


def _delete_pending(db: Session) -> None:
    store = get_store()
    names, db.info[_PENDING_KEY] = db.info[_PENDING_KEY], []
    for name in names:
        store.delete(name)


# the names `_new_name` makes, and the temporary `.part` the store writes first
_STORED_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.[a-z0-9]+(\.part)?$")
_SWEEP_CHUNK = 500


def sweep_orphans(db: Session) -> int:
    """Remove stored bytes that no row names, older than the grace period; returns how many.

    `attach` writes the bytes before its transaction commits, so a crash (or a failed
    commit) in between leaves a file without a row; a crash mid-write leaves a `.part`.
    The grace period keeps uploads still in flight in other workers safe.
    """
    cutoff = time.time() - get_settings().orphan_file_grace_seconds
    store = get_store()
    kept = kept_for_undo(db)
    candidates = [name for name in store.names_older_than(cutoff) if _STORED_NAME.match(name) and name not in kept]
    removed = 0
    for start in range(0, len(candidates), _SWEEP_CHUNK):
        chunk = candidates[start:start + _SWEEP_CHUNK]
        known = set()
        for row in db.exec(select(ItemFile.stored_name, ItemFile.thumb_name, ItemFile.display_rendition,
                                  ItemFile.phone_rendition, ItemFile.tile_rendition).where(
                or_(ItemFile.stored_name.in_(chunk), ItemFile.thumb_name.in_(chunk),
                    ItemFile.display_rendition.in_(chunk), ItemFile.phone_rendition.in_(chunk),
                    ItemFile.tile_rendition.in_(chunk)))).all():
            known.update(row)
        known.update(document_names(db, names=chunk))
        for name in chunk:
            if name not in known:
                store.delete(name)
                removed += 1
    return removed


_UNSAFE_IN_ARCHIVE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def archive_safe(name: str) -> str:
    """A file or folder name that unpacks the same on Windows, macOS and Linux (no paths, no reserved characters)."""
    return _UNSAFE_IN_ARCHIVE.sub("_", name).strip(" .")[:80] or "fil"


def archive_name(folder: str, record: ItemFile) -> str:
    """Where an original goes in a zip: `folder/<kind>-<id>-<original name>` (the id keeps names unique)."""
    return f"{archive_safe(folder)}/{record.kind}-{record.id}-{archive_safe(record.original_name)}"


def originals(db: Session, account_id: int, item_ids: list[int] | None = None):
    """(object id, object name, file row, original bytes) for the account's files, object by object,
    read one at a time so a large register never sits in memory. Files whose bytes are gone are skipped."""
    statement = (select(ItemFile, Item.name).join(Item, Item.id == ItemFile.item_id)
                 .where(ItemFile.account_id == account_id).order_by(ItemFile.item_id, ItemFile.id))
    if item_ids is not None:
        statement = statement.where(ItemFile.item_id.in_(item_ids))
    store = get_store()
    for record, item_name in db.exec(statement).all():
        data = store.get(record.stored_name)
        if data is not None:
            yield record.item_id, item_name, record, data


def delete_files_of(db: Session, account_id: int, item_ids: list[int]) -> None:
    """Before objects are deleted: their files go too (rows and bytes)."""
    if item_ids:
        _forget(db, list(db.exec(select(ItemFile).where(ItemFile.account_id == account_id,
                                                        ItemFile.item_id.in_(item_ids))).all()))


def delete_account_files(db: Session, account_id: int) -> int:
    """For erasing an account: every file's bytes and rows (the database cascade alone would leave the bytes)."""
    records = list(db.exec(select(ItemFile).where(ItemFile.account_id == account_id)).all())
    _forget(db, records)
    kept = [name for names in db.exec(select(BulkUndo.kept_files).where(BulkUndo.account_id == account_id)).all()
            for name in json.loads(names or "[]")]  # deleted objects' files kept for an undo go too
    delete_after_commit(db, kept + sorted(document_names(db, account_id)))
    return len(records)


__all__ = ["attach", "files_of", "originals", "archive_name", "archive_safe", "get_file", "read", "stored_names", "set_main", "remove", "delete_files_of", "delete_account_files", "delete_after_commit", "kept_for_undo", "put_document", "document_names", "RejectedFile", "KINDS"]
