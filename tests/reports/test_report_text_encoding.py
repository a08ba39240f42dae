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


def test_every_digit_has_one_width_so_figures_are_measured_as_zeros():
    """`figure_width` measures "98 765,43 kr" as "00 000,00 kr": true only while the fonts' digits are tabular."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from cleverstore.services.reports.pdf.fonts import BOLD
    from cleverstore.services.reports.pdf.text import figure_width

    register_fonts()
    for font in (REGULAR, BOLD):
        assert len({stringWidth(digit, font, 10) for digit in "0123456789"}) == 1
        for figure in ("98 765,43\u00a0kr", "SEK 1,234.56", "2019-07-31", "–", "117\u00a0kr"):
            assert figure_width(figure, font, 7.8) == stringWidth(figure, font, 7.8)


def test_the_latin1_shortcuts_give_what_measuring_and_cleaning_give():
    """`printable` and `fit` skip work for printable Latin-1 text; the result must be the one the long way gives."""
    import unicodedata

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from cleverstore.services.reports.pdf.fonts import BOLD
    from cleverstore.services.reports.pdf.text import fit, printable

    drawable = register_fonts()
    latin1 = [chr(code) for code in [*range(0x20, 0x7F), *range(0xA0, 0x100)]]
    assert all(ord(ch) in drawable and unicodedata.normalize("NFC", ch) == ch for ch in latin1)
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(latin1) for _ in range(rng.randint(0, 60)))
        assert printable(text) == text
        for font in (REGULAR, BOLD):
            width = rng.uniform(20, 300)
            cut = fit(text, font, 8.5, width)
            assert stringWidth(cut, font, 8.5) <= width
            assert cut == text or (stringWidth(text, font, 8.5) > width and cut.endswith("…"))
    assert printable("tab\there\x85 and\u200b zero") == "tab here and zero"  # controls still go the long way
