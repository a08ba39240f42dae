"""Homebox's collection export (v0.26+, `service_exports.go`): a zip with manifest.json, one JSON file per table
(entities, entity_types, tags, tag_entities, entity_fields, attachments, ...) and each file as
`attachments/<attachment id>`.

The zip is read with limits before anything is used: its size, the number of entries (counted from the raw
bytes before the zip is opened), each name (no absolute path, no "..", no link, at most 255 characters), the
total unpacked size, and every entry is unpacked once with a cap at its declared size (a size that lies, or a
broken checksum, refuses the file). The tables become a table laid out like Homebox's own CSV, so the same
Homebox format checks the rows; the files go to their objects through `files.attach` (the checks of an
upload), where a refused file is a warning of its row and not a failure of the import.

Use: `collection = read(data)`; `engine.preview(db, account_id, collection.table, FORMAT)`;
`engine.run(..., FORMAT, ..., attach=attacher(db, account_id, collection, actor=actor))`.
"""
from __future__ import annotations

import json
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from sqlmodel import Session

from cleverstore.services.imports.formats import Attachment, Format, ImportRecord
from cleverstore.services.imports.formats import homebox
from cleverstore.services.imports.reader import MAX_IMPORT_ROWS, Table
from cleverstore.services.register import files
from cleverstore.services.register.images import MAX_BYTES as MAX_FILE_BYTES
from cleverstore.services.register.images import RejectedFile
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed

MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 600 * 1024 * 1024     # every entry together, as declared and as read
MAX_TABLE_BYTES = 64 * 1024 * 1024         # one table's JSON
MAX_ENTRIES = 20_000
MAX_NAME_CHARS = 255
SCHEMA_VERSION = 1                          # ExportSchemaVersion of Homebox v0.26
ATTACHMENTS_DIR = "attachments/"
TABLES = ("entities", "entity_types", "tags", "tag_entities", "entity_fields", "attachments")
EXTRA_COLUMN = "zip:files"                  # the row's tags and files, read only by FORMAT below
KINDS = {"photo": "photo", "receipt": "receipt", "warranty": "warranty", "manual": "manual",
         "attachment": "other"}             # Homebox's thumbnail rows are renditions, not files of their own
HEADERS = ["HB.import_ref", "HB.location", "HB.asset_id", "HB.archived", "HB.url", "HB.name", "HB.quantity",
           "HB.description", "HB.insured", "HB.notes", "HB.purchase_price", "HB.purchase_from", "HB.purchase_date",
           "HB.manufacturer", "HB.model_number", "HB.serial_number", "HB.lifetime_warranty", "HB.warranty_expires",
           "HB.warranty_details", "HB.sold_to", "HB.sold_price", "HB.sold_date", "HB.sold_notes"]
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 64 * 1024


def _refuse(key: str) -> ValidationFailed:
    return ValidationFailed({"file": f"register.zip_{key}"})


@dataclass
class Collection:
    """The table of a Homebox collection and the zip its files are read from (again, with the same caps)."""
    table: Table
    data: bytes
    sizes: dict[str, int] = field(default_factory=dict)   # attachment entry -> declared size

    _archive: zipfile.ZipFile | None = field(default=None, repr=False)

    def open(self, path: str) -> bytes:
        if path not in self.sizes:
            raise RejectedFile("register.zip_file_missing")
        if self.sizes[path] > MAX_FILE_BYTES:  # what an upload may be: not unpacked at all
            raise RejectedFile("upload.too_big")
        if self._archive is None:  # opened once: every file of a large collection is read from it
            self._archive = zipfile.ZipFile(BytesIO(self.data))
        return _unpack(self._archive, self._archive.getinfo(path), self.sizes[path])


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, *, keep: bool = True) -> bytes:
    """An entry's bytes, never more than it declares (a zip bomb lies about its size); `keep=False` only
    checks the entry (its size and checksum) without holding it in memory."""
    out, size = bytearray(), 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise _refuse("size_lies")
                if keep:
                    out += chunk
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
            ValueError) as exc:
        if isinstance(exc, ValidationFailed):
            raise
        raise _refuse("broken") from None
    return bytes(out)


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if len(name) > MAX_NAME_CHARS or "\x00" in name:
        raise _refuse("bad_name")
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in re.split(r"[/\\]", name):
        raise _refuse("path_outside")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _refuse("link")


def _open(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise _refuse("too_big")
    # every central-directory entry starts with this signature: counting it bounds the entries before the zip
    # module builds an object for each one
    if data.count(b"PK\x01\x02") > MAX_ENTRIES:
        raise _refuse("too_many_entries")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise _refuse("broken") from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse("too_many_entries")
    for info in infos:
        _check_name(info)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _refuse("too_big_unpacked")
    return archive


def _json(archive: zipfile.ZipFile, name: str) -> object:
    info = archive.getinfo(name)
    if info.file_size > MAX_TABLE_BYTES:
        raise _refuse("too_big_unpacked")
    try:
        return json.loads(_unpack(archive, info, info.file_size))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _refuse("not_homebox") from None


def _rows(archive: zipfile.ZipFile, names: set[str], table: str) -> list[dict]:
    if f"{table}.json" not in names:
        return []
    rows = _json(archive, f"{table}.json")
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise _refuse("not_homebox")
    return rows


def read(data: bytes) -> Collection:
    """Check the whole zip and build its table; ValidationFailed({"file": key}) for anything refused."""
    archive = _open(data)
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        names = {i.filename for i in infos}
        if "manifest.json" not in names or "entities.json" not in names:
            raise _refuse("not_homebox")
        manifest = _json(archive, "manifest.json")
        if not isinstance(manifest, dict) or manifest.get("schemaVersion") != SCHEMA_VERSION:
            raise _refuse("unknown_version")
        tables = {name: _rows(archive, names, name) for name in TABLES}
        for info in infos:  # every entry once, capped at its declared size (whose sum is capped above): a
            _unpack(archive, info, info.file_size, keep=False)  # lying size or a bad checksum refuses it now
        sizes = {i.filename: i.file_size for i in infos if i.filename.startswith(ATTACHMENTS_DIR)}
    return Collection(_table(tables, sizes), data, sizes)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(tables: dict[str, list[dict]], sizes: dict[str, int]) -> Table:
    """Homebox's tables as its CSV lays them out (`io_sheet.go`): a location's path, tags, custom fields."""
    entities = {str(e.get("id")): e for e in tables["entities"]}
    is_location = {str(t.get("id")): homebox.is_true(_text(t.get("is_location"))) for t in tables["entity_types"]}
    tag_names = {str(t.get("id")): _text(t.get("name")) for t in tables["tags"]}
    tags: dict[str, list[str]] = {}
    for link in tables["tag_entities"]:
        name = tag_names.get(str(link.get("tag_id")))
        if name:
            tags.setdefault(str(link.get("entity_id")), []).append(name)
    custom: dict[str, dict[str, str]] = {}
    for value in tables["entity_fields"]:
        name = _text(value.get("name")).strip()
        text = _text(value.get("text_value"))
        if name and text.strip():  # Homebox's CSV writes a field's text value and leaves out empty ones
            custom.setdefault(str(value.get("entity_fields")), {})[name] = text
    attached: dict[str, list[dict]] = {}
    for row in tables["attachments"]:
        kind = KINDS.get(_text(row.get("type")))
        path = ATTACHMENTS_DIR + str(row.get("id"))
        if kind and path in sizes:
            attached.setdefault(str(row.get("entity_attachments")), []).append(
                {"path": path, "kind": kind, "title": _text(row.get("title")),
                 "primary": homebox.is_true(_text(row.get("primary")))})

    def place(entity_id: str) -> bool:
        return is_location.get(str(entities[entity_id].get("entity_type_entities")), False)

    def path_of(entity_id: str | None) -> list[str]:
        names, seen = [], set()
        while entity_id in entities and entity_id not in seen:
            seen.add(entity_id)
            if place(entity_id):
                names.append(_text(entities[entity_id].get("name")).strip())
            entity_id = _text(entities[entity_id].get("entity_children")) or None
        return names[::-1]

    items = [i for i in entities if not place(i)]
    if len(items) > MAX_IMPORT_ROWS:
        raise ValidationFailed({"file": "import.too_many_rows"})
    field_names = sorted({name for values in custom.values() for name in values})
    headers = [*HEADERS, *(homebox.FIELD_PREFIX + n for n in field_names), EXTRA_COLUMN]
    rows: list[list[str]] = []
    for entity_id, entity in entities.items():
        cells = {h: _text(entity.get(h[3:])) for h in HEADERS}
        parent = _text(entity.get("entity_children")) or None
        cells["HB.import_ref"] = cells["HB.import_ref"].strip() or entity_id  # the stable id of a re-import
        cells["HB.location"] = " / ".join(path_of(parent))
        cells["HB.url"] = f"/location/{entity_id}" if place(entity_id) else ""
        cells["HB.asset_id"] = "" if cells["HB.asset_id"] in ("", "0") else cells["HB.asset_id"]
        cells.update({homebox.FIELD_PREFIX + n: v for n, v in custom.get(entity_id, {}).items()})
        cells[EXTRA_COLUMN] = json.dumps({"tags": tags.get(entity_id, []), "files": attached.get(entity_id, [])})
        rows.append([cells.get(h, "") for h in headers])
    return Table(headers=headers, rows=rows, line_numbers=list(range(2, len(rows) + 2)))


def _record(cells: dict[str, str]) -> ImportRecord:
    out = homebox.record(cells)
    extra = json.loads(cells.get(EXTRA_COLUMN) or "{}")
    out.tags = [str(t) for t in extra.get("tags", [])]
    out.attachments = [Attachment(path=str(f["path"]), kind=str(f["kind"]), title=str(f["title"]),
                                  primary=bool(f["primary"])) for f in extra.get("files", [])]
    return out


FORMAT = Format(key="homebox", record=_record, detect=lambda headers: EXTRA_COLUMN in headers,
                ignored=lambda headers: [h for h in homebox.ignored(headers) if h != EXTRA_COLUMN])


def attacher(db: Session, account_id: int, collection: Collection, *, actor: Actor | str
             ) -> Callable[[int, ImportRecord], list[str]]:
    """`engine.run`'s `attach`: a row's files through the upload's checks. A file the object already has (same
    kind and name: a re-import) is not added again; a refused file is returned as a warning key of its row."""
    def attach(item_id: int, record: ImportRecord) -> list[str]:
        warnings: list[str] = []
        had = {(f.kind, f.original_name) for f in files.files_of(db, account_id, item_id)}
        for item in sorted(record.attachments, key=lambda a: not a.primary):
            title = item.title or item.path.rsplit("/", 1)[-1]
            if (item.kind, files.display_name(title)) in had:
                continue
            try:
                stored = files.attach(db, account_id, item_id, item.kind, collection.open(item.path), title,
                                      actor=actor)
            except RejectedFile as exc:
                warnings.append(exc.key)
                continue
            if item.primary and item.kind == "photo" and not stored.is_main:
                files.set_main(db, account_id, stored.id)
        return warnings
    return attach
