"""Our own CSV, as any of our exports wrote it: codes or Swedish or English headers, status codes or words,
formula cells with the apostrophe our export adds, the "id" column that makes a re-import update."""
from __future__ import annotations

from cleverstore.services.imports import columns
from cleverstore.services.imports.formats.base import Format, ImportRecord

YES_WORDS = {"yes", "ja", "on", "1", "true", "y", "j", "x"}


def detect(headers: list[str]) -> bool:
    return any(columns.column_of(h) == "name" for h in headers)


def ignored(headers: list[str]) -> list[str]:
    return [h for h in headers if h and columns.column_of(h) not in columns.IMPORTED
            and columns.column_of(h) != columns.REF_COLUMN and not columns.custom_field_of(h)]


def record(cells: dict[str, str]) -> ImportRecord:
    out = ImportRecord()
    for header, raw in cells.items():
        value = columns.unformula(raw or "")
        code = columns.column_of(header)
        if code == columns.REF_COLUMN:
            out.ref = value.strip()
        elif code in columns.IMPORTED:
            out.form[code] = value
        elif (name := columns.custom_field_of(header)) and value.strip():
            out.custom[name] = value
    for flag in ("insured", "lifetime_warranty"):
        out.form[flag] = "on" if out.form.get(flag, "").strip().lower() in YES_WORDS else ""
    if "status" in out.form:
        out.form["status"] = columns.status_code(out.form["status"]) or "in_use"
    out.skip = not any((v or "").strip() for v in cells.values())
    return out


FORMAT = Format(key="cleverstore", record=record, detect=detect, ignored=ignored)
