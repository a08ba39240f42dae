"""The embedded TrueType fonts (DejaVu Sans, shipped with the code: see LICENSE-DejaVu.txt)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


class FirstSubsetTTFont(TTFont):
    """TTFont that offers a faster encoder once a document's characters have their codes.

    Reports draw thousands of strings made of a few dozen distinct characters;
    reportlab encodes each string character by character. Once a character is
    assigned to a subset its code never changes for that document, so text made
    of known characters can be encoded with one translate table (see pdf_text).
    """

    def first_subset_encoder(self, doc) -> FirstSubsetEncoder | None:
        """The encoder for the characters this document has already placed in the first subset."""
        state = self.state.get(doc)
        if state is None:
            return None
        encoder = getattr(state, "first_subset_encoder", None)
        if encoder is None or encoder.size != len(state.assignments):
            encoder = state.first_subset_encoder = FirstSubsetEncoder(state.assignments)
        return encoder


class FirstSubsetEncoder:
    """Encodes, in C, text whose characters all sit in the document's first font subset.

    reportlab gives each new character a code when it is first drawn and then looks every
    character up one by one; once the characters have their codes, a translate table does
    the same in one call. `escaped` goes one step further and yields the text as it is
    written inside a PDF string literal: ( ) and \\ escaped, other bytes outside ASCII as octal.
    """

    def __init__(self, assignments: dict[int, int]):
        self.size = len(assignments)
        self.table = {code: n for code, n in assignments.items() if 0 < n < 256}
        if 32 in self.table:
            self.table[0xA0] = self.table[32]  # reportlab draws a no-break space as a space
        self.escaped = {code: _pdf_literal_byte(n) for code, n in self.table.items()}
        allowed = "".join(re.escape(chr(code)) for code in self.table)
        self.outside = re.compile(f"[^{allowed}]" if allowed else "[\\s\\S]")


def _pdf_literal_byte(n: int) -> str:
    if chr(n) in "()\\":
        return "\\" + chr(n)
    return chr(n) if 32 <= n < 127 else f"\\{n:03o}"


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register the fonts once per process; returns the code points the regular font can draw."""
    regular = FirstSubsetTTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(FirstSubsetTTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return frozenset(code for code, glyph in regular.face.charToGlyph.items() if glyph)
