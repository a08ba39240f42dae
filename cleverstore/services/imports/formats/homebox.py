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

from cleverstore.services.imports.formats.base import (
    WARN_QUANTITY_ROUNDED,
    Format,
    ImportRecord,
    is_true,
    iso_date,
    money,
    quantity,
    web_link,
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


# the columns whose values repeat from row to row (dates, amounts, flags): converted once per combination
_REPEATING = ("HB.purchase_date", "HB.purchase_time", "HB.warranty_expires", "HB.sold_date", "HB.sold_time",
              "HB.quantity", "HB.purchase_price", "HB.sold_price", "HB.insured", "HB.lifetime_warranty",
              "HB.archived", "HB.sold_to")
_TEXT = tuple(TEXT.items())


@lru_cache(maxsize=8192)
def _repeating(raw: tuple[str | None, ...]) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The form values of the repeating columns (None: the column is not in this file), and whether the
    quantity was rounded up."""
    bought, bought_old, warranty, sold, sold_old, pieces, price, sold_price, insured, lifetime, archived, \
        sold_to = raw
    rounding = ImportRecord()
    values = {"purchase_date": iso_date(bought if bought is not None else bought_old or ""),
              "warranty_end": iso_date(warranty or ""),
              "sold_date": iso_date(sold if sold is not None else sold_old or ""),
              "quantity": quantity(pieces or "", rounding),
              "purchase_price": money(price or "", zero_is_empty=True),
              "sold_price": money(sold_price or "", zero_is_empty=True),
              "insured": "on" if is_true(insured or "") else "",
              "lifetime_warranty": "on" if is_true(lifetime or "") else ""}
    is_sold = values["sold_date"] or (sold_to or "").strip() or values["sold_price"]
    values["status"] = "sold" if is_sold else "discarded" if is_true(archived or "") else "in_use"
    return tuple(values.items()), bool(rounding.warnings)


def record(cells: dict[str, str]) -> ImportRecord:
    get = cells.get
    form = {target: (get(column) or "").strip() for column, target in _TEXT}
    values, rounded = _repeating(tuple(map(get, _REPEATING)))
    form.update(values)
    notes = [n.strip() for n in map(get, NOTES) if n and n.strip()]
    form["notes"] = "\n".join(notes) if notes else ""
    form["asset_id"] = asset_id(get("HB.asset_id", ""))
    form["url"] = link = web_link(get("HB.url", ""))
    tags = get("HB.tags")
    out = ImportRecord(form=form, tags=split(tags if tags is not None else get("HB.labels", ""), ";"),
                       place_path=split(get("HB.location", ""), "/"), ref=(get("HB.import_ref") or "").strip(),
                       warnings=[WARN_QUANTITY_ROUNDED] if rounded else [])
    for column, name in _field_columns(tuple(cells)):
        value = cells[column]
        if value and value.strip():
            out.custom[name] = value.strip()
    if "/location/" in link:  # v0.26+: a location row; its place goes under its parent's path
        out.is_place = True
        out.place_path = [*out.place_path, form["name"]] if form["name"] else out.place_path
    elif not (form["name"] or out.ref) and not any(v.strip() for v in cells.values() if isinstance(v, str)):
        out.skip = True
    return out


FORMAT = Format(key="homebox", record=record, detect=detect, ignored=ignored)
