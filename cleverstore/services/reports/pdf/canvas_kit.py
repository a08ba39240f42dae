"""Shared drawing pieces: the A4 canvas, page flow with known page count, footer, money and dates."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from cleverstore.i18n import translate
from cleverstore.services.reports.pdf.fonts import BOLD, REGULAR, register_fonts
from cleverstore.services.reports.pdf.pdf_text import writer_for
from cleverstore.services.reports.pdf.text import fit, printable, width_of
from cleverstore.services.shared.money import format_ore

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 40.0
TOP = PAGE_HEIGHT - 48.0
BOTTOM = 48.0
INK = (0.09, 0.13, 0.17)
MUTED = (0.36, 0.40, 0.45)
ACCENT = (0.04, 0.43, 0.41)


class _CompressingCanvas(Canvas):
    """Compresses each page as soon as it is finished.

    reportlab keeps every page's drawing operators as text until `save()` and only then compresses
    them and wraps them in ASCII85 (a 7-bit encoding no PDF reader needs); a report of 100 000
    objects (2 500 pages) held some 100 MB of text. Deflated at once, a page takes a fraction of
    that until the file is written, and the file is a fifth smaller without the ASCII85 layer.
    """

    def showPage(self):  # noqa: N802 (reportlab's name)
        super().showPage()
        page = self._doc.Pages.pages[-1]
        if page.stream and page.compression and not page.Contents:
            page.Contents = pdfdoc.PDFStream(
                dictionary=pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFArray([pdfdoc.PDFName(
                    pdfdoc.PDFZCompress.pdfname)])}),
                content=pdfdoc.PDFZCompress.encode(page.stream))
            page.stream = None


def new_canvas(out: BinaryIO, *, title: str, deterministic: bool) -> Canvas:
    register_fonts()
    canvas = _CompressingCanvas(out, pagesize=A4, pageCompression=1, invariant=1 if deterministic else 0)
    canvas.setTitle(title)
    canvas.setAuthor("CleverStore")
    canvas.setCreator("CleverStore")
    return canvas


def money(ore: int | None, lang: str) -> str:
    return format_ore(ore, lang) if ore is not None else "–"


def day(value: date | None) -> str:
    return value.isoformat() if value else "–"


@dataclass
class Flow:
    """Places fixed-height blocks top to bottom and says when a new page starts.

    The same flow runs twice: once only counting pages (for "sida 3 av 41"), once drawing.
    """

    top: float = TOP
    bottom: float = BOTTOM
    y: float = TOP
    page: int = 1

    def place(self, height: float, *, keep_with_next: float = 0.0) -> bool:
        """Reserve `height`; True when the block starts a new page."""
        if self.y - height - keep_with_next < self.bottom:
            self.page += 1
            self.y = self.top - height
            return True
        self.y -= height
        return False


def text(canvas: Canvas, x: float, y: float, value: object, *, size: float = 8.0, bold: bool = False,
         width: float | None = None, color=INK, align: str = "left") -> None:
    """One line of customer or label text, made printable, cut to `width`, left or right aligned at x."""
    font = BOLD if bold else REGULAR
    line = printable(value)
    if width is not None:
        line = fit(line, font, size, width)
    if align == "right":
        x -= width_of(line, font, size)
    writer = writer_for(canvas)
    writer.draw(color, [writer.line(x, y, font, size, line)])


def footer(canvas: Canvas, lang: str, report_id: str, page: int, pages: int, heading: str) -> None:
    canvas.setStrokeColorRGB(*MUTED)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, 34, PAGE_WIDTH - MARGIN, 34)
    text(canvas, MARGIN, 22, f"{heading} · {translate('report.id', lang)} {report_id}", size=7, color=MUTED)
    text(canvas, PAGE_WIDTH - MARGIN, 22, translate("report.page_of", lang, page=page, pages=pages), size=7,
         color=MUTED, align="right")


ProgressCallback = Callable[[int, int], None]
