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


def quantity(text: str, record: ImportRecord) -> str:
    """A whole quantity as the form takes it. Homebox has had fractional quantities since v0.25; we keep
    whole pieces (every total is quantity × a per-piece value in öre), so 2.5 becomes 3 with a warning."""
    value, rounded = _quantity(text or "")
    if rounded:
        record.warnings.append(WARN_QUANTITY_ROUNDED)
    return value


@lru_cache(maxsize=1024)
def _quantity(text: str) -> tuple[str, bool]:
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
