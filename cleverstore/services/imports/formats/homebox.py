"""Homebox's CSV export, every generation: hay-kot/homebox (HB.labels, HB.purchase_time, HB.sold_time),
sysadminsmedia/homebox up to v0.25 (HB.tags, HB.url) and v0.26+ (HB.purchase_date, HB.sold_date,
HB.parent_import_ref, and the locations themselves as rows, marked by their /location/ link).

Decisions: an archived object arrives "discarded" — Homebox archives what is no longer part of the active
inventory, and discarded is our status for an object kept with its history but outside every total (a sold
one stays sold). A fractional quantity is rounded up with a warning (see `base.quantity`). Tags are split on
";" only, as Homebox does ("Tools, power; Garden" is two tags).
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from cleverstore.services.imports.formats.base import (
    WARN_QUANTITY_ROUNDED,
    Format,
    ImportRecord,
    blank,
    column_index,
    is_true,
    iso_date,
    money,
    web_link,
    whole_quantity,
)

FIELD_PREFIX = "HB.field."
TEXT = {"HB.name": "name", "HB.description": "description", "HB.serial_number": "serial_number",
        "HB.model_number": "model", "HB.manufacturer": "manufacturer", "HB.purchase_from": "purchase_place",
        "HB.sold_to": "sold_to"}
DATES = {"purchase_date": ("HB.purchase_date", "HB.purchase_time"), "warranty_end": ("HB.warranty_expires",),
         "sold_date": ("HB.sold_date", "HB.sold_time")}
NOTES = ("HB.notes", "HB.warranty_details", "HB.sold_notes")
READ = {*TEXT, *NOTES, *(c for columns in DATES.values() for c in columns), "HB.import_ref", "HB.location",
        "HB.tags", "HB.labels", "HB.asset_id", "HB.archived", "HB.url", "HB.quantity", "HB.insured",
        "HB.purchase_price", "HB.sold_price", "HB.lifetime_warranty"}


def detect(headers: list[str]) -> bool:
    return "HB.name" in {h.strip() for h in headers}


def ignored(headers: list[str]) -> list[str]:
    return [h for h in headers if h and h not in READ and not h.startswith(FIELD_PREFIX)]


@lru_cache(maxsize=4096)
def _split(text: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())


def split(text: str, separator: str) -> list[str]:
    """Homebox's parseSeparatedString: split, trim, drop the empty parts (cached: places and tags repeat)."""
    return list(_split(text or "", separator))


def asset_id(text: str) -> str:
    """Homebox writes asset ids as 000-001 and reads 1, 000-001 or 1000-003 alike; kept as it writes them."""
    digits = (text or "").replace('"', "").replace("-", "").strip()
    if not digits.isdigit() or int(digits) <= 0:
        return (text or "").strip()[:40]
    padded = f"{int(digits):06d}"
    return f"{padded[:3]}-{padded[3:]}"


@lru_cache(maxsize=64)
def _field_columns(headers: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(column, custom field name) of a header row: worked out once per file, not once per row."""
    return tuple((h, h[len(FIELD_PREFIX):].strip()) for h in headers if h and h.startswith(FIELD_PREFIX))


# the columns whose values repeat from row to row (dates, amounts, flags): each value converted once (cached)
_REPEATING = ("HB.purchase_date", "HB.purchase_time", "HB.warranty_expires", "HB.sold_date", "HB.sold_time",
              "HB.quantity", "HB.purchase_price", "HB.sold_price", "HB.insured", "HB.lifetime_warranty",
              "HB.archived", "HB.sold_to")
_TEXT = tuple(TEXT.items())


def _repeating(raw: tuple[str | None, ...]) -> tuple[dict[str, str], bool]:
    """The form values of the repeating columns (None: the column is not in this file), and whether the
    quantity was rounded up."""
    bought, bought_old, warranty, sold, sold_old, pieces, price, sold_price, insured, lifetime, archived, \
        sold_to = raw
    pieces, rounded = whole_quantity(pieces or "")
    values = {"purchase_date": iso_date(bought if bought is not None else bought_old or ""),
              "warranty_end": iso_date(warranty or ""),
              "sold_date": iso_date(sold if sold is not None else sold_old or ""),
              "quantity": pieces,
              "purchase_price": money(price or "", zero_is_empty=True),
              "sold_price": money(sold_price or "", zero_is_empty=True),
              "insured": "on" if is_true(insured or "") else "",
              "lifetime_warranty": "on" if is_true(lifetime or "") else ""}
    is_sold = values["sold_date"] or (sold_to or "").strip() or values["sold_price"]
    values["status"] = "sold" if is_sold else "discarded" if is_true(archived or "") else "in_use"
    return values, rounded


def compiled(headers: list[str]):
    """The reader of every row of one file, each column found once: a 10 000-row file builds no dict per row."""
    index, width = column_index(headers), len(headers)
    at = lambda column: index.get(column, width)  # noqa: E731  a column not in the file reads the None after the row
    text_targets = tuple(target for _column, target in _TEXT)
    text = itemgetter(*(at(column) for column, _target in _TEXT))
    repeating = itemgetter(*map(at, _REPEATING))
    notes = itemgetter(*map(at, NOTES))
    singles = itemgetter(at("HB.asset_id"), at("HB.url"), at("HB.location"), at("HB.import_ref"),
                         at("HB.tags") if "HB.tags" in index else at("HB.labels"))
    fields = tuple((index[column], name) for column, name in _field_columns(tuple(index)))
    every, after = tuple(index.values()), [None]

    def read(row: list[str]) -> ImportRecord:
        # the row as wide as the header (a short one padded as a dict of it would read), then the None
        cells = row + after if len(row) == width else [*row[:width], *[""] * (width - len(row)), None]
        form = {target: (value or "").strip() for target, value in zip(text_targets, text(cells))}
        values, rounded = _repeating(repeating(cells))
        form.update(values)
        kept = [n.strip() for n in notes(cells) if n and n.strip()]
        form["notes"] = "\n".join(kept) if kept else ""
        asset, url, location, ref, tags = singles(cells)
        form["asset_id"] = asset_id(asset or "")
        form["url"] = link = web_link(url or "")
        out = ImportRecord(form=form, tags=split(tags or "", ";"), place_path=split(location or "", "/"),
                           ref=(ref or "").strip(), warnings=[WARN_QUANTITY_ROUNDED] if rounded else [])
        for column, name in fields:
            value = cells[column]
            if value and value.strip():
                out.custom[name] = value.strip()
        if "/location/" in link:
            out.is_place = True
            out.place_path = [*out.place_path, form["name"]] if form["name"] else out.place_path
        elif not (form["name"] or out.ref) and blank(cells, every):
            out.skip = True
        return out

    return read


def record(cells: dict[str, str]) -> ImportRecord:
    """One row given as {header: cell}, read as a whole file's rows are (one reader, one set of rules)."""
    return compiled(list(cells))(list(cells.values()))


FORMAT = Format(key="homebox", record=record, detect=detect, ignored=ignored, compiled=compiled)
