"""The dashboard's chart rows: each group or month with its amount for the chart and its sum in words for the table."""
from __future__ import annotations

from math import ceil, floor, log10

from cleverstore.services.register import ValueGroup
from cleverstore.services.shared import format_ore

MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _kronor(ore: int) -> int:
    """Whole kronor for the chart's scale (the table keeps the öre)."""
    return round(ore / 100)


AXIS_LABEL = 12  # characters of a group's name beside its bar; the table has the whole name


def short_label(label: str, length: int = AXIS_LABEL) -> str:
    """A name cut on a word for the axis ("Vardagsrummet i…"), never inside a word unless it is one long word."""
    if len(label) <= length:
        return label
    cut = label[:length - 1].rsplit(" ", 1)[0] if " " in label[:length - 1] else label[:length - 1]
    return cut.rstrip(" ,–-") + "…"


def group_rows(groups: list[ValueGroup], lang: str) -> list[dict[str, str | int]]:
    """One bar or slice per group: `amount` (kronor) is drawn, `value` and `objects` are read in the table."""
    return [{"label": g.label, "objects": str(g.objects), "value": format_ore(g.current_ore, lang),
             "short": short_label(g.label), "amount": _kronor(g.current_ore)} for g in groups]


def month_rows(points, lang: str) -> list[dict[str, str | int]]:
    """One point per month end: `tick` is the short axis label ("mar 26"), `label` the table's ("mar 2026")."""
    names = MONTHS.get(lang, MONTHS["sv"])
    return [{"tick": f"{names[p.day.month - 1]} {p.day.year % 100:02d}",
             "label": f"{names[p.day.month - 1]} {p.day.year}",
             "value": format_ore(p.value_ore, lang), "amount": _kronor(p.value_ore)} for p in points]


def axis_ticks(rows: list[dict[str, str | int]], intervals: int = 4) -> list[int]:
    """Round steps for a money axis (1, 2, 2.5 or 5 × a power of ten), at most `intervals` of them up to the
    largest amount: "0, 10 tkr, 20 tkr, 30 tkr" rather than the chart library's "0, 6,5 tkr, 13 tkr"."""
    top = max((int(r["amount"]) for r in rows), default=0)
    if top <= 0:
        return [0, 1]
    raw = top / intervals
    magnitude = 10 ** floor(log10(raw)) if raw >= 1 else 1
    factors = (1, 2, 2.5, 5, 10) if magnitude >= 10 else (1, 2, 5, 10)
    step = int(next(f * magnitude for f in factors if f * magnitude >= raw))
    return [step * n for n in range(ceil(top / step) + 1)]
