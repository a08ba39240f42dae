"""The import's use cases, as the import page, the upload route and the command line call them: keep the
customer's file until they confirm, preview it (a format we know, their kept mapping, or the columns they
choose), import the good rows or nothing, hand back the refused rows as a file to fix, keep or forget a
mapping, throw the file away. Each opens its own unit of work under `tenant_scope(account_id)`.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from cleverstore.db import tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import PendingImport
from cleverstore.models.base import utcnow
from cleverstore.services.imports import archive, engine, formats, mapping
from cleverstore.services.imports.engine import ImportPreview, ImportResult, RefusedRow
from cleverstore.services.imports.formats import Format, mapped
from cleverstore.services.imports.reader import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, Table, read_table
from cleverstore.services.register import catalogue
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.job_limits import job_slot

__all__ = [
    "MAX_IMPORT_BYTES", "MAX_IMPORT_ROWS", "ImportPreview", "ImportResult", "RefusedRow", "PendingView",
    "ImportOutcome", "ASK", "keep_import_file", "pending_import", "import_preview", "commit_import",
    "refused_rows_file", "keep_mapping", "forget_mapping", "discard_import", "mapping_targets",
    "MAX_COLLECTION_BYTES", "is_collection", "upload_limit",
]

SAMPLE_ROWS = 10
SAMPLE_COLUMNS = ("name", "category", "location", "quantity", "purchase_price")
MAX_FILENAME = 200
ASK = "ask"  # format_key: show the column choice even for a format we know
# A Homebox collection export (a zip of its tables and the photos and documents) on the import page; a larger
# one is moved in by us with `python -m cleverstore import-csv`, which reads up to archive.MAX_ARCHIVE_BYTES.
MAX_COLLECTION_BYTES = 50 * 1024 * 1024


def is_collection(filename: str) -> bool:
    """A Homebox collection export (.zip), read by `archive`, not a spreadsheet."""
    return (filename or "").strip().lower().endswith(".zip")


def upload_limit(filename: str) -> int:
    """The largest file the import page takes under this name."""
    return MAX_COLLECTION_BYTES if is_collection(filename) else MAX_IMPORT_BYTES


@dataclass
class PendingView:
    """The waiting file as the page shows it. `preview` is None while the customer must map the columns."""

    filename: str
    headers: list[str]
    format: str                                  # "homebox", "shelf", "cleverstore", "mapped"
    mapping: dict[str, str]                      # mapped: the columns in use (or the guesses while asking)
    first_row: dict[str, str]                    # each column's first value, to help choose
    kept: bool = False                           # the customer's kept mapping is in use
    preview: ImportPreview | None = None
    sample: list[dict[str, str]] = field(default_factory=list)
    rows: int = 0

    @property
    def needs_mapping(self) -> bool:
        return self.preview is None


@dataclass
class ImportOutcome:
    added: int
    updated: int
    refused: int
    refused_file: bytes = b""                    # the refused rows to fix (empty when none)
    refused_filename: str = ""


# --- the waiting file (internals) --------------------------------------------------------------

def _pending(db: Session, account_id: int) -> PendingImport | None:
    return db.get(PendingImport, account_id)


def _source(row: PendingImport) -> tuple[Table, archive.Collection | None]:
    """The waiting file as a table, and the collection its files come from when it is a Homebox zip."""
    if is_collection(row.filename):
        collection = archive.read(row.data)
        return collection.table, collection
    return read_table(row.data, row.filename), None


def _table(row: PendingImport) -> Table:
    return _source(row)[0]


def _chosen(db: Session, account_id: int, row: PendingImport, chosen: dict[str, str] | None,
            format_key: str | None) -> tuple[Table, archive.Collection | None, Format | None, dict[str, str], bool]:
    """(table, collection, format, mapping, kept): a Homebox collection is always read as one."""
    table, collection = _source(row)
    if collection is not None:
        return table, collection, archive.FORMAT, {}, False
    return (table, None, *_format(db, account_id, table, chosen, format_key))


def _format(db: Session, account_id: int, table: Table, chosen: dict[str, str] | None,
            format_key: str | None) -> tuple[Format | None, dict[str, str], bool]:
    """(format, mapping, kept): the columns the customer chose, else a format picked by its key or its header,
    else the customer's kept mapping for this header; (None, guesses, False) when they must choose."""
    if chosen is not None:
        clean = mapping.clean_mapping(table.headers, chosen)
        return mapped.build(clean), clean, False
    if format_key == ASK:
        names = [f.name for f in catalogue.custom_fields(db, account_id)]
        return None, mapping.kept(db, account_id, table.headers) or mapping.guess(table.headers, names), False
    if format_key:
        return formats.by_key(format_key), {}, False
    known = formats.detect(table.headers)
    if known is not None:
        return known, {}, False
    kept = mapping.kept(db, account_id, table.headers)
    if kept is not None:
        return mapped.build(kept), kept, True
    names = [f.name for f in catalogue.custom_fields(db, account_id)]
    return None, mapping.guess(table.headers, names), False


def _sample(table: Table, fmt: Format) -> list[dict[str, str]]:
    """The first rows as the register will show them (before the form's rules, which the counts reflect)."""
    rows = []
    for _line, cells in table.records():
        record = fmt.record(cells)
        if record.skip or record.is_place:
            continue
        values = {c: str(record.form.get(c, "")) for c in SAMPLE_COLUMNS}
        if record.place_path is not None:
            values["location"] = " › ".join(record.place_path)
        rows.append(values)
        if len(rows) == SAMPLE_ROWS:
            break
    return rows


def _view(db: Session, account_id: int, row: PendingImport, chosen, format_key) -> PendingView:
    table, _collection, fmt, columns, kept = _chosen(db, account_id, row, chosen, format_key)
    view = PendingView(filename=row.filename, headers=table.headers, format=fmt.key if fmt else "mapped",
                       mapping=columns, first_row=dict(zip(table.headers, table.rows[0])), kept=kept,
                       rows=len(table.rows))
    if fmt is not None:
        view.preview = engine.preview(db, account_id, table, fmt)
        view.sample = _sample(table, fmt)
    return view


def _reason_label(column: str, lang: str) -> str:
    if column.startswith("field:"):
        return column[len("field:"):]
    if column == "limit":  # the plan holds no more objects (services/shared/plan_limits.py)
        return translate("limit.reason_label", lang)
    return translate(f"history_field.{column}", lang)


def _refused_csv(table: Table, refused: list[RefusedRow], lang: str) -> bytes:
    """The refused rows with the file's own columns, plus one column saying why; UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=table.separator or (";" if lang == "sv" else ","), lineterminator="\r\n")
    writer.writerow([*table.headers, translate("import.reasons", lang)])
    for row in refused:
        reasons = "; ".join(f"{_reason_label(column, lang)}: {translate(key, lang)}" for column, key in row.reasons)
        writer.writerow([*table.rows[row.index], reasons])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _refused_name(filename: str) -> str:
    stem = (filename or "import").rsplit(".", 1)[0] or "import"
    return f"{stem[:80]}-refused.csv"


# --- the use cases ------------------------------------------------------------------------------

def keep_import_file(account_id: int, data: bytes, filename: str = "") -> None:
    """Keep an uploaded file (the latest wins) until it is imported or discarded; ValidationFailed
    ({"file": "import.too_big"}) when too big. Whether it can be read is the preview's to say."""
    if len(data) > upload_limit(filename):
        raise ValidationFailed({"file": "import.too_big"})
    name = " ".join((filename or "").replace("/", " ").replace("\\", " ").split())[:MAX_FILENAME]
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id) or PendingImport(account_id=account_id, data=b"")
        row.data, row.filename, row.created_at = data, name, utcnow()
        db.add(row)


def pending_import(account_id: int) -> bytes | None:
    """The file waiting for the customer's confirmation, if any."""
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        return row.data if row is not None else None


def import_preview(account_id: int, columns: dict[str, str] | None = None, *,
                   format_key: str | None = None) -> PendingView | None:
    """What importing the waiting file would do (nothing is saved); None without a file. `columns`: the
    customer's own choice (header -> target). ValidationFailed: `file` when the file cannot be read,
    `mapping` when the choice is not usable."""
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        return None if row is None else _view(db, account_id, row, columns, format_key)


def commit_import(account_id: int, columns: dict[str, str] | None = None, *, skip_refused: bool = True,
                  actor: Actor | str = "", format_key: str | None = None,
                  progress: Callable[[int, int], None] | None = None, lang: str = "sv") -> ImportOutcome:
    """Import the waiting file's good rows in one transaction (with `skip_refused=False`, any refused row
    refuses the whole file and nothing is saved), then forget the file. Returns the counts and the refused
    rows as a file to fix. One of the customer's limited jobs; noted in the activity log."""
    with job_slot(account_id, "import"), tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        if row is None:
            raise ValidationFailed({"file": "import.empty"})
        table, collection, fmt, _columns, _kept = _chosen(db, account_id, row, columns, format_key)
        if fmt is None:
            raise ValidationFailed({"mapping": "import.mapping_needs_name"})
        attach = archive.attacher(db, account_id, collection, actor=actor) if collection is not None else None
        result = engine.run(db, account_id, table, fmt, skip_refused=skip_refused, actor=actor, progress=progress,
                            attach=attach)  # every row is checked once: the refused ones come back with the result
        refused_file = _refused_csv(table, result.refused_rows, lang) if result.refused_rows else b""
        filename = row.filename
        db.delete(row)
        return ImportOutcome(result.added, result.updated, result.refused, refused_file,
                             _refused_name(filename) if refused_file else "")


def refused_rows_file(account_id: int, columns: dict[str, str] | None = None, *, lang: str = "sv",
                      format_key: str | None = None) -> tuple[str, bytes] | None:
    """(file name, CSV) of the waiting file's refused rows, with a column saying why; None when none."""
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        if row is None:
            return None
        table, _collection, fmt, _columns, _kept = _chosen(db, account_id, row, columns, format_key)
        if fmt is None:
            return None
        refused = engine.preview(db, account_id, table, fmt).refused
        return (_refused_name(row.filename), _refused_csv(table, refused, lang)) if refused else None


def keep_mapping(account_id: int, columns: dict[str, str]) -> None:
    """Keep the customer's column choice for the next file with the waiting file's header."""
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        if row is None:
            raise ValidationFailed({"file": "import.empty"})
        mapping.keep(db, account_id, _table(row).headers, columns)


def forget_mapping(account_id: int) -> bool:
    """Forget the kept column choice for the waiting file's header; False when there was none."""
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        return row is not None and mapping.forget(db, account_id, _table(row).headers)


def discard_import(account_id: int) -> None:
    with tenant_scope(account_id) as db:
        row = _pending(db, account_id)
        if row is not None:
            db.delete(row)


def mapping_targets() -> tuple[str, ...]:
    """The fields a column can fill (besides a custom field, and leaving it out), in the form's order."""
    return mapping.targets()
