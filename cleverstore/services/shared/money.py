"""Money is integer öre. Parsing accepts Swedish and English writing; display follows the language."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"
MAX_ORE = 10_000_000_000_00  # ten billion kronor: far above anything a register holds

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_AMOUNT = re.compile(r"\d+(\.\d{1,2})?")


def parse_kronor(text: str) -> int | None:
    """'12 345,50', '12345.50', '12 345 kr' -> öre. Empty -> None. Raises ValueError on junk."""
    cleaned = _SPACES.sub("", (text or "").strip().lower())
    for suffix in ("kr", "sek", ":-"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
    if cleaned.endswith(":-") or cleaned.endswith("-"):
        cleaned = cleaned.rstrip(":-")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        # "12.345,50" (Swedish thousands dots) or "12,345.50" (English)
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError("not an amount")
    try:
        ore = int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation as exc:  # pragma: no cover - regex above rules this out
        raise ValueError("not an amount") from exc
    if ore > MAX_ORE:
        raise ValueError("too large")
    return ore


def format_ore(ore: int | None, lang: str = "sv") -> str:
    """12345600 -> '123 456,00 kr' (sv) or 'SEK 123,456.00' (en). None -> ''.

    Written out by hand (same output as Babel's sv_SE/en_GB patterns, checked by a
    test): registers and reports format thousands of amounts, and Babel's pattern
    engine costs ~50 µs each.
    """
    if ore is None:
        return ""
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), 100)
    grouped = f"{kronor:,}"
    if lang == "en":
        return f"SEK {sign}{grouped}.{rest:02d}"
    # A no-break space groups the digits, as babel does for sv_SE: no line break inside a sum.
    return f"{sign}{grouped.replace(',', NBSP)},{rest:02d}{NBSP}kr"


def ore_to_input(ore: int | None, lang: str = "sv") -> str:
    """The value as the user would type it back into a form: '12345,50'."""
    if ore is None:
        return ""
    kronor, rest = divmod(ore, 100)
    sep = "." if lang == "en" else ","
    return f"{kronor}{sep}{rest:02d}"
