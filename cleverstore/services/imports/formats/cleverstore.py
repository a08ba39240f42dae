"""Our own CSV, as any of our exports wrote it: codes or Swedish or English headers, status codes or words,
formula cells with the apostrophe our export adds, the "id" column that makes a re-import update."""
from __future__ import annotations

from cleverstore.services.imports import columns
from cleverstore.services.imports.formats.base import Format, ImportRecord, blank, column_index

YES_WORDS = {"yes", "ja", "on", "1", "true", "y", "j", "x"}


def detect(headers: list[str]) -> bool:
    return any(columns.column_of(h) == "name" for h in headers)


def ignored(headers: list[str]) -> list[str]:
    return [h for h in headers if h and columns.column_of(h) not in columns.IMPORTED
            and columns.column_of(h) != columns.REF_COLUMN and not columns.custom_field_of(h)]


def compiled(headers: list[str]):
    """The reader of every row of one file: what each header means is worked out once, not once per cell."""
    index, width = column_index(headers), len(headers)
    plan = []  # (column, what it fills), in the header's order
    for header, column in index.items():
        code = columns.column_of(header)
        if code == columns.REF_COLUMN:
            plan.append((column, "ref", ""))
        elif code in columns.IMPORTED:
            plan.append((column, "form", code))
        elif name := columns.custom_field_of(header):
            plan.append((column, "custom", name))
    plan, every, unformula = tuple(plan), tuple(index.values()), columns.unformula

    def read(row: list[str]) -> ImportRecord:
        if len(row) < width:
            row = [*row, *[""] * (width - len(row))]
        out = ImportRecord()
        form = out.form
        for column, kind, code in plan:
            value = unformula(row[column] or "")
            if kind == "form":
                form[code] = value
            elif kind == "ref":
                out.ref = value.strip()
            elif value.strip():
                out.custom[code] = value
        for flag in ("insured", "lifetime_warranty"):
            form[flag] = "on" if form.get(flag, "").strip().lower() in YES_WORDS else ""
        if "status" in form:
            form["status"] = columns.status_code(form["status"]) or "in_use"
        out.skip = blank(row, every)
        return out

    return read


def record(cells: dict[str, str]) -> ImportRecord:
    """One row given as {header: cell}, read as a whole file's rows are (one reader, one set of rules)."""
    return compiled(list(cells))(list(cells.values()))


FORMAT = Format(key="cleverstore", record=record, detect=detect, ignored=ignored, compiled=compiled)
