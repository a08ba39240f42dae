"""The embedded TrueType fonts (DejaVu Sans, shipped with the code: see LICENSE-DejaVu.txt)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


class RepeatAwareTTFont(TTFont):
    """TTFont that remembers how it encoded a string in a document.

    Reports draw the same short strings (dates, amounts, statuses, categories)
    thousands of times; reportlab re-encodes each one character by character.
    Once a string's characters are assigned to subsets the encoding never
    changes for that document, so the first result can be reused.
    """

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        cache = getattr(state, "encoded_strings", None)
        if cache is not None and text in cache:
            return cache[text]
        result = super().splitString(text, doc, encoding)
        state = self.state[doc]
        if not hasattr(state, "encoded_strings"):
            state.encoded_strings = {}
        if len(state.encoded_strings) < 50_000:
            state.encoded_strings[text] = result
        return result


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register the fonts once per process; returns the code points the regular font can draw."""
    regular = RepeatAwareTTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(RepeatAwareTTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return frozenset(code for code, glyph in regular.face.charToGlyph.items() if glyph)
