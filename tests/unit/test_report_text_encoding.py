"""The report's fast text encoding must give exactly the bytes reportlab's own encoding gives."""
from __future__ import annotations

import io
import random

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from cleverstore.reports.fonts import FONT_DIR, RepeatAwareTTFont, register_fonts, REGULAR
from cleverstore.reports.pdf_text import TextWriter

SAMPLES = ["Soffa", "Åre åäö ÅÄÖ", "12 345,67\u00a0kr", "Straße ł é ß", "Kök · Sovrum", "2026-12-06", "–",
           "Ñandú € “quoted” …", "Ελληνικά", "Кириллица", "ascii (parens) \\ back", "", "Soffa", "åäö"]


def _encodings(font: TTFont, strings: list[str]) -> list:
    canvas = Canvas(io.BytesIO())
    return [font.splitString(text, canvas._doc) for text in strings]


def test_fast_encoding_matches_reportlab_for_every_string_in_order():
    rng = random.Random(7)
    alphabet = "abcåäöÅÄÖéßł€·–…\u00a0 0123456789ΑΒΓабв"
    strings = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    fast = RepeatAwareTTFont("FastCheck", str(FONT_DIR / "DejaVuSans.ttf"))
    plain = TTFont("PlainCheck", str(FONT_DIR / "DejaVuSans.ttf"))
    assert _encodings(fast, strings) == _encodings(plain, strings)


def test_text_writer_lines_extract_as_written():
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out)
    writer = TextWriter(canvas)
    lines = ["Soffa åäö", "12 345,67 kr", "Straße · ł", "Soffa åäö", "(parens) \\ done"]
    writer.draw((0, 0, 0), [writer.line(50, 800 - 20 * i, REGULAR, 10, text) for i, text in enumerate(lines)],
                rule=(50, 500, 700))
    canvas.drawString(50, 600, "after the fast lines")  # the canvas' own text still works afterwards
    canvas.save()
    extracted = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    for text in lines + ["after the fast lines"]:
        assert text in extracted
    assert extracted.count("Soffa åäö") == 2
