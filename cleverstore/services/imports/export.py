"""Our own CSV export: the register as a file the customer can read, and that our import reads back.

Headers, statuses and yes/no are written in the customer's language (the importer reads the words of either
language and the codes: `columns`). UTF-8 with BOM so Excel opens it right; "," or ";" between fields, and the
two files have different names. Every cell a spreadsheet could run as a formula starts with an apostrophe.
Memory stays flat: the rows are read and written 500 objects at a time, into a spool file that goes to disk
past 1 MB; the response streams that file, so a slow download holds no database connection and no job slot.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date
from typing import IO

from sqlmodel import Session, select

from cleverstore.db import tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import Category, Item, ItemFieldValue
from cleverstore.services.imports import columns
from cleverstore.services.register import catalogue, items
from cleverstore.services.shared import activity, worth
from cleverstore.services.shared.job_limits import job_slot
from cleverstore.services.shared.money import ore_to_input

__all__ = ["SEPARATORS", "export_register_csv", "export_filename"]

SEPARATORS = (",", ";")
CHUNK = 500                         # objects read and written at a time
SPOOL_IN_MEMORY = 1024 * 1024       # the export file past this size waits on disk, not in memory
READ_SIZE = 64 * 1024               # the size of each piece the response sends
# the prefix of a custom field's column in each language (the importer reads both: columns.FIELD_PREFIXES)
FIELD_HEADER = {"en": columns.FIELD_PREFIXES[0], "sv": columns.FIELD_PREFIXES[1]}
SEMICOLON_SUFFIX = {"sv": "-semikolon", "en": "-semicolon"}


def neutralise(value: str) -> str:
    """A cell that starts like a formula gets a leading apostrophe, so no spreadsheet runs it."""
    return "'" + value if value.startswith(columns.FORMULA_STARTS) else value


def _lang(lang: str) -> str:
    return lang if lang in FIELD_HEADER else "sv"


def export_filename(separator: str = ",", lang: str = "sv", today: date | None = None) -> str:
    """cleverstore-register-2026-12-07.csv, and -semikolon.csv (-semicolon.csv in English) for the ";" file,
    so the two downloads of one day never overwrite each other."""
    day = (today or date.today()).isoformat()
    suffix = SEMICOLON_SUFFIX[_lang(lang)] if separator == ";" else ""
    return f"cleverstore-register-{day}{suffix}.csv"


def header_row(fields, lang: str) -> list[str]:
    lang = _lang(lang)
    return [*(columns.header(c, lang) for c in columns.COLUMNS), *(FIELD_HEADER[lang] + f.name for f in fields)]


def csv_chunks(db: Session, account_id: int, *, separator: str = ",", lang: str = "sv",
               today: date | None = None) -> Iterator[bytes]:
    """The file in pieces (the BOM and header first, then up to 500 objects a piece), ordered by name."""
    separator = separator if separator in SEPARATORS else ","
    lang, today = _lang(lang), today or date.today()
    fields = catalogue.custom_fields(db, account_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in header_row(fields, lang)])
    yield ("\ufeff" + out.getvalue()).encode("utf-8")
    ids = list(db.exec(select(Item.id).where(Item.account_id == account_id).order_by(Item.name, Item.id)).all())
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        out.seek(0)
        out.truncate()
        rows = db.exec(select(Item, Category.name, Category.useful_life_years)
                       .outerjoin(Category, Category.id == Item.category_id)
                       .where(Item.account_id == account_id, Item.id.in_(chunk))).all()
        order = {item_id: n for n, item_id in enumerate(chunk)}
        rows = sorted(rows, key=lambda row: order[row[0].id])
        views = items.views(db, account_id, rows)
        values_by_item = _custom_values(db, chunk)
        for view in views:
            writer.writerow([neutralise(v) for v in _row(view, lang, today, fields, values_by_item)])
        for view in views:  # the objects written are not kept by the session: memory stays flat
            db.expunge(view.item)
        yield out.getvalue().encode("utf-8")


def export_bytes(db: Session, account_id: int, **options) -> bytes:
    """The whole file at once, in the caller's unit of work (tests and small registers)."""
    return b"".join(csv_chunks(db, account_id, **options))


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

    def yes_no(value: bool) -> str:
        return translate("common.yes" if value else "common.no", lang)

    values = {
        "name": item.name, "category": view.category, "location": view.location, "tags": ", ".join(view.tags),
        "quantity": str(item.quantity), "status": columns.status_word(item.status, lang),
        "manufacturer": item.manufacturer, "model": item.model, "serial_number": item.serial_number,
        "purchase_date": day(item.purchase_date), "purchase_place": item.purchase_place,
        "purchase_price": ore_to_input(item.purchase_price_ore, lang),
        "replacement_value": ore_to_input(item.replacement_value_ore, lang),
        "current_value": ore_to_input(item.current_value_ore, lang),
        "estimated_value": ore_to_input(view.estimated_ore(today), lang),
        "estimated_value_sum": ore_to_input(worth.line_total(view.estimated_ore(today), item.quantity), lang),
        "counted": yes_no(worth.is_owned(item.status)),
        "warranty_end": day(item.warranty_end), "insured": yes_no(item.insured),
        "description": item.description, "notes": item.notes, "lent_to": item.lent_to,
        "lent_until": day(item.lent_until), "sold_date": day(item.sold_date),
        "sold_price": ore_to_input(item.sold_price_ore, lang), "sold_to": item.sold_to,
        "lost_date": day(item.lost_date), "police_report": item.police_report,
        **columns.export_extras(item), "lifetime_warranty": yes_no(item.lifetime_warranty),
    }
    own = values_by_item.get(item.id, {})
    return [values[c] for c in columns.COLUMNS] + [own.get(f.id, "") for f in fields]


def _pieces(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while piece := spool.read(READ_SIZE):
            yield piece
    finally:
        spool.close()


def export_register_csv(account_id: int, *, separator: str = ",", lang: str = "sv",
                        today: date | None = None) -> Iterator[bytes]:
    """The whole register as CSV, in pieces for a streamed response. The file is written (and the export noted
    in the activity log) before the first piece is returned, so a refusal — one of the customer's limited
    jobs: ValidationFailed({"job": …}) — comes before any byte is sent."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    try:
        with job_slot(account_id, "export"), tenant_scope(account_id) as db:
            for piece in csv_chunks(db, account_id, separator=separator, lang=lang, today=today):
                spool.write(piece)
            activity.record(db, account_id, "register_exported", "CSV")
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return _pieces(spool)
