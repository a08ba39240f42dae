"""CSV export and import of the register (our own columns, or Homebox's CSV export).

Export: UTF-8 with BOM (Excel opens it right), "," or ";" between fields, and
every cell a spreadsheet could run as a formula starts with an apostrophe.
Import: a preview first (each row checked by the same rules as the form), then
all rows in one transaction, or none.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from cleverstore.models import Category, Item, ItemFieldValue, PendingImport
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue, items
from cleverstore.services.register.item_form import (
    YES,
    clean_custom_value,
    clean_item_form,
)
from cleverstore.services.shared import activity, worth
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.money import ore_to_input
from cleverstore.services.shared.validation import FieldError

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
SEPARATORS = (",", ";")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIELD_PREFIX = "field:"
HOMEBOX_FIELD_PREFIX = "HB.field."

COLUMNS = ("name", "category", "location", "tags", "quantity", "status", "manufacturer", "model",
           "serial_number", "purchase_date", "purchase_place", "purchase_price", "replacement_value",
           "current_value", "estimated_value", "estimated_value_sum", "counted", "warranty_end", "insured", "description", "notes", "lent_to",
           "lent_until", "sold_date", "sold_price", "sold_to", "lost_date", "police_report")
# export only: values are per piece; the sum is quantity × the estimate, "counted" says whether the object is
# owned (sold and discarded ones are not counted in any total) — the same rule as every page (shared/worth.py)
EXPORT_ONLY = {"estimated_value", "estimated_value_sum", "counted"}
IMPORTED = set(COLUMNS) - EXPORT_ONLY
HOMEBOX = {
    "HB.name": "name", "HB.description": "description", "HB.notes": "notes", "HB.location": "location",
    "HB.tags": "tags", "HB.labels": "tags", "HB.quantity": "quantity", "HB.insured": "insured",
    "HB.serial_number": "serial_number", "HB.model_number": "model", "HB.manufacturer": "manufacturer",
    "HB.purchase_from": "purchase_place", "HB.purchase_price": "purchase_price",
    "HB.purchase_date": "purchase_date", "HB.warranty_expires": "warranty_end", "HB.sold_to": "sold_to",
    "HB.sold_date": "sold_date", "HB.sold_price": "sold_price",
}
HOMEBOX_NOTES = ("HB.warranty_details", "HB.sold_notes")


def custom_column_name(column: str) -> str | None:
    """The custom field a column of an import file fills ("field:Färg", "HB.field.Färg"), else None."""
    if column.startswith((FIELD_PREFIX, HOMEBOX_FIELD_PREFIX)):
        return column.split("field", 1)[1].lstrip(":.")
    return None


def neutralise(value: str) -> str:
    """A cell that starts like a formula gets a leading apostrophe, so no spreadsheet runs it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# --- export --------------------------------------------------------------------

def export_csv(db: Session, account_id: int, *, separator: str = ",", lang: str = "sv",
               today: date | None = None) -> bytes:
    separator = separator if separator in SEPARATORS else ","
    today = today or date.today()
    fields = catalogue.custom_fields(db, account_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*COLUMNS, *(FIELD_PREFIX + f.name for f in fields)])
    statement = (select(Item, Category.name, Category.useful_life_years)
                 .outerjoin(Category, Category.id == Item.category_id)
                 .where(Item.account_id == account_id).order_by(Item.name, Item.id))
    rows = db.exec(statement).all()
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        views = items.views(db, account_id, chunk)
        values_by_item = _custom_values(db, [v.item.id for v in views])
        for view in views:
            writer.writerow([neutralise(v) for v in _row(view, lang, today, fields, values_by_item)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _custom_values(db: Session, item_ids: list[int]) -> dict[int, dict[int, str]]:
    found: dict[int, dict[int, str]] = {}
    if item_ids:
        for value in db.exec(select(ItemFieldValue).where(ItemFieldValue.item_id.in_(item_ids))).all():
            found.setdefault(value.item_id, {})[value.field_id] = value.value
    return found


def _row(view: items.ItemView, lang: str, today: date, fields, values_by_item) -> list[str]:
    item = view.item

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    values = {
        "name": item.name, "category": view.category, "location": view.location, "tags": ", ".join(view.tags),
        "quantity": str(item.quantity), "status": item.status, "manufacturer": item.manufacturer,
        "model": item.model, "serial_number": item.serial_number, "purchase_date": day(item.purchase_date),
        "purchase_place": item.purchase_place, "purchase_price": ore_to_input(item.purchase_price_ore, lang),
        "replacement_value": ore_to_input(item.replacement_value_ore, lang),
        "current_value": ore_to_input(item.current_value_ore, lang),
        "estimated_value": ore_to_input(view.estimated_ore(today), lang),
        "estimated_value_sum": ore_to_input(worth.line_total(view.estimated_ore(today), item.quantity), lang),
        "counted": "yes" if worth.is_owned(item.status) else "no",
        "warranty_end": day(item.warranty_end), "insured": "yes" if item.insured else "no",
        "description": item.description, "notes": item.notes, "lent_to": item.lent_to,
        "lent_until": day(item.lent_until), "sold_date": day(item.sold_date),
        "sold_price": ore_to_input(item.sold_price_ore, lang), "sold_to": item.sold_to,
        "lost_date": day(item.lost_date), "police_report": item.police_report,
    }
    own = values_by_item.get(item.id, {})
    return [values[c] for c in COLUMNS] + [own.get(f.id, "") for f in fields]


# --- import --------------------------------------------------------------------

@dataclass
class RowError:
    row: int          # the line number in the file (the header is line 1)
    column: str
    key: str


@dataclass
class ImportPreview:
    source: str                                   # "cleverstore" or "homebox"
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed({"file": "import.too_big"})
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed({"file": "import.not_text"})  # pragma: no cover - cp1252 decodes almost anything


def _separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _homebox_value(column: str, value: str) -> str:
    """Homebox writes zero dates and 0 prices for "not set", and floats for quantities."""
    value = value.strip()
    if column in ("purchase_date", "warranty_end", "sold_date") and (value.startswith("0001-01-01") or not value):
        return ""
    if column in ("purchase_date", "warranty_end", "sold_date"):
        return value[:10]
    if column in ("purchase_price", "sold_price") and value in ("0", "0.0", "0.00"):
        return ""
    if column == "quantity" and value.endswith(".0"):
        return value[:-2]
    return value


def _form_from(record: dict[str, str], source: str) -> tuple[dict[str, str], dict[str, str]]:
    """(form fields, custom field values by name) for one CSV record."""
    form: dict[str, str] = {}
    custom: dict[str, str] = {}
    if source == "homebox":
        notes = [record.get("HB.notes", "")]
        for column, target in HOMEBOX.items():
            if column in record and record[column] is not None:
                value = _homebox_value(target, record[column])
                if target == "tags":
                    value = ", ".join(catalogue.parse_tags(value))
                if value:
                    form[target] = value
        notes += [record.get(c) or "" for c in HOMEBOX_NOTES]
        form["notes"] = "\n".join(n.strip() for n in notes if n and n.strip())
        form["status"] = "sold" if form.get("sold_date") else "in_use"
        for column, value in record.items():
            if column and column.startswith(HOMEBOX_FIELD_PREFIX) and value:
                custom[column[len(HOMEBOX_FIELD_PREFIX):]] = value
    else:
        for column, value in record.items():
            if column in IMPORTED and value is not None:
                form[column] = value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value
            elif column and column.startswith(FIELD_PREFIX) and value:
                custom[column[len(FIELD_PREFIX):]] = value
    form["insured"] = "on" if str(form.get("insured", "")).strip().lower() in YES else ""
    return form, custom


def preview_import(db: Session, account_id: int, data: bytes, *, today: date | None = None) -> ImportPreview:
    """Read and check every row without saving anything."""
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationFailed({"file": "import.empty"})
    reader = csv.DictReader(io.StringIO(text), delimiter=_separator(lines[0]))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    source = "homebox" if any(h.startswith("HB.") for h in headers) else "cleverstore"
    known = set(HOMEBOX) | set(HOMEBOX_NOTES) if source == "homebox" else IMPORTED
    prefix = HOMEBOX_FIELD_PREFIX if source == "homebox" else FIELD_PREFIX
    if "name" not in headers and "HB.name" not in headers:
        raise ValidationFailed({"file": "import.no_name_column"})
    preview = ImportPreview(source=source, ignored_columns=[h for h in headers if h and h not in known
                                                            and not h.startswith(prefix)])
    fields_by_name = {f.name.lower(): f for f in catalogue.custom_fields(db, account_id)}
    for number, record in enumerate(reader, start=2):
        if len(preview.rows) >= MAX_IMPORT_ROWS:
            raise ValidationFailed({"file": "import.too_many_rows"})
        if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
            continue
        form, custom = _form_from(record, source)
        try:
            clean_item_form(db, account_id, form, today=today)
        except ValidationFailed as failed:
            preview.errors += [RowError(number, column, key) for column, key in failed.errors.items()
                               if not column.startswith("cf_")]
        for name, value in custom.items():
            existing = fields_by_name.get(name.strip().lower())
            if existing is not None:
                try:
                    clean_custom_value(existing, value)
                except FieldError as exc:
                    preview.errors.append(RowError(number, prefix + name, exc.key))
        form.update({prefix + name: value for name, value in custom.items()})
        preview.rows.append(form)
    if not preview.rows:
        raise ValidationFailed({"file": "import.empty"})
    return preview


def run_import(db: Session, account_id: int, data: bytes, *, actor: str = "", today: date | None = None) -> int:
    """Import every row or none: raises ValidationFailed when any row is wrong (the caller rolls back)."""
    preview = preview_import(db, account_id, data, today=today)
    if preview.errors:
        raise ValidationFailed({"file": "import.has_errors"})
    prefix = HOMEBOX_FIELD_PREFIX if preview.source == "homebox" else FIELD_PREFIX
    for form in preview.rows:
        for key in [k for k in form if k.startswith(prefix)]:
            custom_field = catalogue.custom_field_named(db, account_id, key[len(prefix):])
            form[f"cf_{custom_field.id}"] = form.pop(key)
        items.create_item(db, account_id, form, actor=actor, today=today)
    activity.record(db, account_id, "register_imported", str(len(preview.rows)))
    return len(preview.rows)


# --- the file waiting for the customer's confirmation ---------------------------

def store_pending(db: Session, account_id: int, data: bytes) -> None:
    """Keep an uploaded CSV (one per account, the latest wins) until it is imported or discarded."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed({"file": "import.too_big"})
    row = db.get(PendingImport, account_id) or PendingImport(account_id=account_id, data=b"")
    row.data, row.created_at = data, utcnow()
    db.add(row)
    db.flush()


def pending(db: Session, account_id: int) -> bytes | None:
    row = db.get(PendingImport, account_id)
    return row.data if row is not None else None


def discard_pending(db: Session, account_id: int) -> None:
    row = db.get(PendingImport, account_id)
    if row is not None:
        db.delete(row)
        db.flush()
