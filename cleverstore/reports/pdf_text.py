"""Lines of text written straight as PDF operators: the fast path for the register report's rows.

reportlab's text object works out, for every string, the font subsets, the
cursor advance and the number formats again. A report row only needs "this
string, this font, at this point": the same operators, built once per distinct
string and document and then reused (dates, amounts, statuses and categories
repeat thousands of times in a large register).
"""
from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cleverstore.reports.fonts import RepeatAwareTTFont

# Distinct strings remembered per document; beyond this they are encoded again (memory stays bounded).
CACHE_LIMIT = 50_000


class TextWriter:
    """Collects positioned lines of text and writes them as one text object (BT … ET)."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self._doc = canvas._doc  # the document the font subsets belong to
        self._runs: dict[tuple[str, float, str], str] = {}
        self._fonts: dict[str, object] = {}
        self._subset_names: dict[tuple[str, int], str] = {}

    def _run(self, font_name: str, size: float, text: str) -> str:
        """`Tf` and `Tj` operators for `text`, switching subset where the TrueType font needs it."""
        font = self._fonts.get(font_name)
        if font is None:
            font = self._fonts[font_name] = pdfmetrics.getFont(font_name)
        encoder = font.first_subset_encoder(self._doc) if isinstance(font, RepeatAwareTTFont) else None
        if encoder is not None and not encoder.outside.search(text):
            run = f"{self._subset_name(font, 0)} {size:g} Tf ({text.translate(encoder.escaped)}) Tj"
        else:
            run = " ".join(f"{self._subset_name(font, subset)} {size:g} Tf ({escapePDF(chunk)}) Tj"
                           for subset, chunk in font.splitString(text, self._doc))
        if len(self._runs) < CACHE_LIMIT:
            self._runs[(font_name, size, text)] = run
        return run

    def _subset_name(self, font, subset: int) -> str:
        """The PDF name of a font subset (fixed for the document once the subset exists)."""
        key = (font.fontName, subset)
        name = self._subset_names.get(key)
        if name is None:
            name = self._subset_names[key] = font.getSubsetInternalName(subset, self._doc)
        return name

    def line(self, x: float, y: float, font_name: str, size: float, text: str) -> str:
        """Operators that draw `text` with its baseline starting at (x, y)."""
        if not text:
            return ""
        run = self._runs.get((font_name, size, text)) or self._run(font_name, size, text)
        return f"1 0 0 1 {x:.2f} {y:.2f} Tm {run}"

    def draw(self, color: tuple[float, float, float], lines: list[str], *, rule: tuple[float, float, float] = ()) -> None:
        """Write the lines as one text object in `color`, after an optional horizontal rule (x1, x2, y)
        in the canvas' current stroke colour; the canvas' own colour and font are left as they were."""
        red, green, blue = color
        body = " ".join(line for line in lines if line)
        path = f"{rule[0]:.2f} {rule[2]:.2f} m {rule[1]:.2f} {rule[2]:.2f} l S " if rule else ""
        if body or path:
            self.canvas.addLiteral(f"{path}q BT {red:g} {green:g} {blue:g} rg {body} ET Q")


def writer_for(canvas: Canvas) -> TextWriter:
    """The canvas' text writer (one per canvas, so every line of a document shares the encoded runs)."""
    writer = getattr(canvas, "_cleverstore_text", None)
    if writer is None:
        writer = canvas._cleverstore_text = TextWriter(canvas)
    return writer
