"""What every import format gives the engine: one `ImportRecord` per row, never an exception."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime

WARN_QUANTITY_ROUNDED = "import.quantity_rounded_up"
GO_TRUE = {"1", "t", "true"}  # Go's strconv.ParseBool, which Homebox uses (case-insensitive here)
_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class Attachment:
    path: str                 # the entry inside the archive the row came with
    kind: str = "photo"       # files.KINDS
    title: str = ""
    primary: bool = False


@dataclass
class ImportRecord:
    form: dict[str, str] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)
    tags: list[str] | None = None
    ref: str = ""
    place_path: list[str] | None = None
    attachments: list[Attachment] = field(default_factory=list)
    is_place: bool = False
    warnings: list[str] = field(default_factory=list)
    skip: bool = False


@dataclass(frozen=True)
class Format:
    key: str
    record: Callable[[dict[str, str]], ImportRecord]
    detect: Callable[[list[str]], bool] = lambda headers: False
    ignored: Callable[[list[str]], list[str]] = lambda headers: []
    # headers -> (row -> record): the same records as `record`, with the columns looked up once per file
    compiled: Callable[[list[str]], Callable[[list[str]], ImportRecord]] | None = None

    def reader(self, headers: list[str]) -> Callable[[list[str]], ImportRecord]:
        """A function from one row (its cells in the header's order) to its record, made once per file."""
        if self.compiled is not None:
            return self.compiled(headers)
        record, width = self.record, len(headers)
        return lambda row: record(dict(zip(headers, row if len(row) >= width else [*row, *[""] * (width - len(row))])))


def column_index(headers: list[str]) -> dict[str, int]:
    """Each header's column, as `dict(zip(headers, row))` would read it: a repeated header is its last column
    (in the order of its first), so a compiled reader gives exactly the record a dict of the row gives."""
    return dict(zip(headers, range(len(headers))))


def blank(row: list[str], columns) -> bool:
    """No text in any of these columns of the row."""
    return not any(row[i].strip() for i in columns if isinstance(row[i], str))


def quantity(text: str, record: ImportRecord) -> str:
    """A whole quantity as the form takes it. Homebox has had fractional quantities since v0.25; we keep
    whole pieces (every total is quantity × a per-piece value in öre), so 2.5 becomes 3 with a warning."""
    value, rounded = whole_quantity(text or "")
    if rounded:
        record.warnings.append(WARN_QUANTITY_ROUNDED)
    return value


@lru_cache(maxsize=1024)
def whole_quantity(text: str) -> tuple[str, bool]:
    """(the quantity as the form takes it, whether it was rounded up): see `quantity`."""
    value = text.strip().replace(",", ".")
    if not value:
        return "", False
    try:
        number = float(value)
    except ValueError:
        return text, False
    if not math.isfinite(number):
        return text, False
    whole = math.ceil(number)
    return str(max(whole, 1)), whole != number or whole < 1


@lru_cache(maxsize=4096)
def iso_date(text: str) -> str:
    """Homebox's date formats (2006-01-02, 01/02/2006, 2006/01/02, RFC 3339, and older exports' time stamps)
    as ISO; an empty or zero date is empty; anything else is passed on for the form to refuse (cached:
    a file repeats its dates)."""
    value = (text or "").strip()
    if not value or value.startswith("0001-01-01"):
        return ""
    match = _NUMERIC_DATE.match(value)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return value
    head = value[:10].replace("/", "-")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head):
        return head
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return value


@lru_cache(maxsize=4096)
def money(text: str, *, zero_is_empty: bool) -> str:
    """A price as the form takes it: Homebox writes floats (39.95, 1e+06) and 0 for "not set"."""
    value = (text or "").strip()
    if not value:
        return ""
    try:
        number = float(value)
    except ValueError:
        return value
    if not math.isfinite(number):
        return value
    if number == 0 and zero_is_empty:
        return ""
    return f"{round(number, 2):.2f}"


def is_true(text: str) -> bool:
    return (text or "").strip().lower() in GO_TRUE


def web_link(text: str) -> str:
    """A link kept as text; the object page makes it clickable only when it is http(s)."""
    return " ".join((text or "").split())[:2000]
