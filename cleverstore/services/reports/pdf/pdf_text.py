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

from cleverstore.services.reports.pdf.fonts import FirstSubsetTTFont

# Distinct strings remembered per document; beyond this they are encoded again (memory stays bounded).
CACHE_LIMIT = 50_000


class _Style:
    """One font at one size in one document: the runs already encoded, the first subset's `Tf`."""

    __slots__ = ("font", "size", "runs", "first_subset_prefix", "encoder", "assignments")

    def __init__(self, font, size: float, doc):
        self.font, self.size = font, size
        self.runs: dict[str, str] = {}
        self.first_subset_prefix = f"{font.getSubsetInternalName(0, doc)} {size:g} Tf ("
        self.encoder = None
        # the document's character → code table, which grows as new characters are drawn
        self.assignments = font.state[doc].assignments if isinstance(font, FirstSubsetTTFont) else None


class TextWriter:
    """Collects positioned lines of text and writes them as one text object (BT … ET)."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self._doc = canvas._doc  # the document the font subsets belong to
        self._styles: dict[tuple[str, float], _Style] = {}
        self._positions: dict[tuple[float, float], str] = {}
        self._fills: dict[tuple, str] = {}  # (r, g, b) → its fill colour operators
        self._rules: dict[tuple, str] = {}  # (x1, x2, y) → the line's path operators
        self._cached = 0

    def _style(self, font_name: str, size: float) -> _Style:
        style = self._styles[(font_name, size)] = _Style(pdfmetrics.getFont(font_name), size, self._doc)
        return style

    def _encode(self, style: _Style, text: str) -> str:
        """`Tf` and `Tj` operators for `text`, switching subset where the TrueType font needs it."""
        font = style.font
        encoder = style.encoder
        if style.assignments is not None and (encoder is None or encoder.size != len(style.assignments)):
            encoder = style.encoder = font.first_subset_encoder(self._doc)
        if encoder is not None and not encoder.outside.search(text):
            run = style.first_subset_prefix + text.translate(encoder.escaped) + ") Tj"
        else:
            run = " ".join(f"{font.getSubsetInternalName(subset, self._doc)} {style.size:g} Tf ({escapePDF(chunk)}) Tj"
                           for subset, chunk in font.splitString(text, self._doc))
        if self._cached < CACHE_LIMIT:
            self._cached += 1
            style.runs[text] = run
        return run

    def line(self, x: float, y: float, font_name: str, size: float, text: str) -> str:
        """Operators that draw `text` with its baseline starting at (x, y)."""
        if not text:
            return ""
        style = self._styles.get((font_name, size)) or self._style(font_name, size)
        run = style.runs.get(text) or self._encode(style, text)
        position = self._positions.get((x, y))
        if position is None:
            position = f"1 0 0 1 {x:.2f} {y:.2f} Tm "
            if len(self._positions) < CACHE_LIMIT:
                self._positions[(x, y)] = position
        return position + run

    def draw(self, color: tuple[float, float, float], lines: list[str], *, rule: tuple[float, float, float] = ()) -> None:
        """Write the lines as one text object in `color`, after an optional horizontal rule (x1, x2, y)
        in the canvas' current stroke colour; the canvas' own colour and font are left as they were."""
        body = " ".join([line for line in lines if line])
        path = (self._rules.get(rule) or _remember(self._rules, rule, "{:.2f} {:.2f} m {:.2f} {:.2f} l S ".format(
            rule[0], rule[2], rule[1], rule[2]))) if rule else ""
        if body or path:
            fill = self._fills.get(color) or _remember(self._fills, color, "q BT {:g} {:g} {:g} rg ".format(*color))
            self.canvas.addLiteral(f"{path}{fill}{body} ET Q")


def _remember(operators: dict[tuple, str], key: tuple, text: str) -> str:
    """Operators for a colour or a rule, which repeat on every row (bounded like the runs)."""
    if len(operators) < CACHE_LIMIT:
        operators[key] = text
    return text


def writer_for(canvas: Canvas) -> TextWriter:
    """The canvas' text writer (one per canvas, so every line of a document shares the encoded runs)."""
    writer = getattr(canvas, "_cleverstore_text", None)
    if writer is None:
        writer = canvas._cleverstore_text = TextWriter(canvas)
    return writer
