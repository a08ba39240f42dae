"""A customer's file as a table of text cells: CSV (whatever Excel, Numbers, LibreOffice or another tool
wrote) or an Excel workbook's first sheet.

Every way a file can fail ends in ValidationFailed({"file": key}) with a message the page can show, never a
raw csv or openpyxl exception. Limits hold before any work: the file's size, its rows, a cell's length, and
for a workbook (a zip of XML files) the unpacked size and number of entries, checked before openpyxl opens it.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from cleverstore.services.shared.errors import ValidationFailed

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
MAX_CELL_CHARS = 32_767                    # what one Excel cell can hold
MAX_XLSX_UNPACKED_BYTES = 80 * 1024 * 1024  # a 5 MB workbook unpacks to ~30 MB of XML at most in practice
MAX_XLSX_ENTRIES = 1_000
MAX_SHEET_ROWS = 100_000                   # blank rows included: trailing formatted rows are common
SEPARATORS = (",", ";", "\t")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"             # the old binary .xls (and password-protected .xlsx)
_QUOTED = re.compile(r'"[^"]*"')


@dataclass
class Table:
    """The header (line 1) and every non-blank row, each as long as the header, with its line in the file."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    separator: str = ""  # the CSV's own ("," ";" tab); "" for a workbook

    def records(self):
        """(line number, {header: cell}) per row, for a format's `record`."""
        for number, row in zip(self.line_numbers, self.rows):
            yield number, dict(zip(self.headers, row))


def _refuse(key: str) -> ValidationFailed:
    return ValidationFailed({"file": key})


def read_table(data: bytes, filename: str = "") -> Table:
    """The file as a Table; a workbook by its content (a zip) or its name, anything else as CSV."""
    if len(data) > MAX_IMPORT_BYTES:
        raise _refuse("import.too_big")
    name = (filename or "").lower()
    if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise _refuse("import.old_excel")
    if data.startswith(ZIP_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return _table(*_xlsx_rows(data))
    headers, rows, sep = _csv_rows(data)
    table = _table(headers, rows)
    table.separator = sep
    return table


# --- CSV ----------------------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _refuse("import.not_text") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # a picture, a PDF or another binary file chosen by mistake
            raise _refuse("import.not_text")
        return text
    raise _refuse("import.not_text")


def separator(header_line: str) -> str:
    """The separator the header uses most (outside quotes); "," for a one-column file."""
    bare = _QUOTED.sub("", header_line)
    counts = {sep: bare.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    text = decode(data)
    stream = io.StringIO(text, newline="")  # "\r", "\n" and "\r\n" all end a line; quoted ones stay in the cell
    sep = separator(_first_line(text))
    reader = csv.reader(stream, delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if headers is None:
                headers = cells if "".join(cells).strip() else None
            elif "".join(cells).strip():  # not a blank line
                rows.append((start, cells))
                if len(rows) > MAX_IMPORT_ROWS:
                    raise _refuse("import.too_many_rows")
            start = reader.line_num + 1
    except csv.Error as exc:  # a cell past the reader's own limit, a stray NUL, a broken quote
        message = str(exc)
        if "field larger" in message:
            raise _refuse("import.cell_too_long") from None
        raise _refuse("import.not_text" if "NUL" in message else "import.unreadable") from None
    return headers or [], rows, sep


def _first_line(text: str) -> str:
    """The first line with anything on it (the header), without splitting the whole file into lines."""
    size = 64 * 1024
    while True:
        lines = text[:size].splitlines()
        whole = size >= len(text)
        for line in lines if whole else lines[:-1]:  # the last piece may be a line cut short
            if line.strip():
                return line
        if whole:
            return ""
        size *= 4


# --- XLSX ---------------------------------------------------------------------------------------

def _check_zip(data: bytes) -> None:
    """A workbook is a zip: refuse a broken one, or one that unpacks into more than we would read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refuse("import.unreadable") from None
    if len(entries) > MAX_XLSX_ENTRIES or sum(e.file_size for e in entries) > MAX_XLSX_UNPACKED_BYTES:
        raise _refuse("import.xlsx_too_big")  # zipfile never unpacks past an entry's declared size


def cell_text(value: object) -> str:
    """A cell as the customer sees it: dates in ISO form, numbers without binary float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = format(value, ".15g")  # Excel shows 15 significant digits: 0.1+0.2 is 0.3 there too
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def _xlsx_rows(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    _check_zip(data)
    from openpyxl import load_workbook  # loaded on the first workbook only: the app starts without it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors) for a broken file
        raise _refuse("import.unreadable") from None
    try:
        if not book.worksheets:
            raise _refuse("import.empty")
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong size; read every row that is there
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_SHEET_ROWS:
                raise _refuse("import.too_many_rows")
            cells = [cell_text(v) for v in values]
            if headers is None:
                if any(cells):
                    headers = cells
                continue
            if any(c.strip() for c in cells):
                rows.append((number, cells))
                if len(rows) > MAX_IMPORT_ROWS:
                    raise _refuse("import.too_many_rows")
    except ValidationFailed:
        raise
    except Exception:  # a sheet's XML that breaks halfway
        raise _refuse("import.unreadable") from None
    finally:
        book.close()
    return headers or [], rows


# --- the table ----------------------------------------------------------------------------------

def _unique(headers: list[str]) -> list[str]:
    """Headers trimmed; a repeated one gets " (2)", " (3)" so that no column hides another."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        header = header.replace("\ufeff", "").strip()
        if header:
            seen[header] = seen.get(header, 0) + 1
            if seen[header] > 1:
                header = f"{header} ({seen[header]})"
        out.append(header)
    return out


def _table(headers: list[str], rows: list[tuple[int, list[str]]]) -> Table:
    # a header with blank cells at its end (a sheet's formatted columns) is as wide as its last name
    while headers and not headers[-1].strip():
        headers = headers[:-1]
    if not headers:
        raise _refuse("import.empty")
    table = Table(headers=_unique(headers))
    width = len(headers)
    for number, cells in rows:
        if cells and max(map(len, cells)) > MAX_CELL_CHARS:
            raise _refuse("import.cell_too_long")
        if len(cells) != width:
            cells = cells[:width] + [""] * (width - len(cells))
            if not "".join(cells).strip():  # only the cells past the header had anything in them
                continue
        table.rows.append(cells)
        table.line_numbers.append(number)
    if not table.rows:
        raise _refuse("import.empty")
    return table
