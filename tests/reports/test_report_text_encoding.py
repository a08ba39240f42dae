"""The report's fast text operators must be exactly the ones reportlab's own encoding gives."""
from __future__ import annotations

import io
import random

from pypdf import PdfReader
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from cleverstore.services.reports.pdf.fonts import (
    FONT_DIR,
    REGULAR,
    FirstSubsetTTFont,
    register_fonts,
)
from cleverstore.services.reports.pdf.pdf_text import TextWriter

SAMPLES = ["Soffa", "Åre åäö ÅÄÖ", "12 345,67\u00a0kr", "Straße ł é ß", "Kök · Sovrum", "2026-12-06", "–",
           "Ñandú € “quoted” …", "Ελληνικά", "Кириллица", "ascii (parens) \\ back", "", "Soffa", "åäö"]


def _reportlab_runs(strings: list[str], size: float) -> list[str]:
    """The operators reportlab's own per-character encoding gives, in a document of their own."""
    plain = TTFont("PlainCheck", str(FONT_DIR / "DejaVuSans.ttf"))
    doc = Canvas(io.BytesIO())._doc
    plain.getSubsetInternalName(0, doc)  # the first font of its document, like the one below
    return [" ".join(f"{plain.getSubsetInternalName(subset, doc)} {size:g} Tf ({escapePDF(chunk)}) Tj"
                     for subset, chunk in plain.splitString(text, doc)) for text in strings]


def test_fast_runs_match_reportlab_for_every_string_in_order():
    rng = random.Random(7)
    alphabet = "abcåäöÅÄÖéßł€·–…\u00a0 0123456789ΑΒΓабв()\\"
    strings = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    pdfmetrics.registerFont(FirstSubsetTTFont("FastCheck", str(FONT_DIR / "DejaVuSans.ttf")))
    writer = TextWriter(Canvas(io.BytesIO()))
    fast = [writer.line(0, 0, "FastCheck", 9, text).partition(" Tm ")[2] for text in strings]
    assert fast == _reportlab_runs(strings, 9)


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
