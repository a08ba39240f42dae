"""Make customer text safe and printable: no control characters, no missing glyphs, RTL in visual order."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bidi import get_display
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from cleverstore.services.reports.pdf.fonts import register_fonts

MISSING_GLYPH = "\u25a1"  # □, drawn where the font has no glyph (most emoji)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Printable Latin-1 (Swedish included): composed already, left to right, and every character has a glyph.
_LATIN1_PRINTABLE = re.compile(r"[\x20-\x7e\xa0-\xff]*")


@lru_cache(maxsize=20_000)
def printable(text: object) -> str:
    """One line of text as it should be drawn (cached: categories, places and labels repeat a lot)."""
    value = "" if text is None else str(text)
    if _LATIN1_PRINTABLE.fullmatch(value):
        return value  # the common case: nothing to remove, nothing to compose, every character has a glyph
    value = _CONTROL.sub("", value.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    if value.isascii():
        return value  # every printable ASCII character has a glyph
    value = unicodedata.normalize("NFC", value)
    drawable = register_fonts()
    if not drawable.issuperset(map(ord, value)):
        value = "".join(ch if ord(ch) in drawable or ch == " " else MISSING_GLYPH for ch in value)
    return get_display(value) if _RTL.search(value) else value


# No DejaVu Sans glyph is wider than 2.05 em, none in Latin-1 wider than 1.11 em (bold W): a short string fits
# without measuring.
_WIDEST_EM = 2.05
_WIDEST_LATIN1_EM = 1.11


@lru_cache(maxsize=50_000)
def width_of(text: str, font: str, size: float) -> float:
    """Width in points; cached because amounts and dates repeat across a register."""
    return _font(font).stringWidth(text, size)


_ZERO_DIGITS = str.maketrans("123456789", "000000000")


def figure_width(text: str, font: str, size: float) -> float:
    """Width of an amount or a date. DejaVu's digits all have one width (a test checks it), so the text with
    every digit a zero measures the same and repeats: "12 345,00 kr" and "98 765,43 kr" are one look-up.
    (Only for short figures: on long text the translation costs more than measuring.)"""
    return width_of(text.translate(_ZERO_DIGITS), font, size)


@lru_cache(maxsize=16)
def _font(name: str):
    """The registered font itself: measuring through it skips reportlab's lookup by name on every string."""
    return getFont(name)


def fit(text: str, font: str, size: float, width: float) -> str:
    """Cut `text` with an ellipsis so that it fits in `width` points."""
    short = len(text) * size
    if (short * _WIDEST_EM <= width or (short * _WIDEST_LATIN1_EM <= width and _LATIN1_PRINTABLE.fullmatch(text))
            or width_of(text, font, size) <= width):
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def wrap(text: object, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Word-wrap into at most `max_lines` lines (the last one cut with an ellipsis when needed)."""
    words = printable(text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, font, size) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            break
    else:
        if current:
            lines.append(current)
        return [fit(line, font, size, width) for line in lines]
    lines[-1] = fit(lines[-1] + " …", font, size, width)  # more words than lines
    return [fit(line, font, size, width) for line in lines]
