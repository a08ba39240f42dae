"""QR label sheets on A4 for common label stock. The QR holds only a random code that opens the object after login."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from cleverstore.services.reports.pdf.canvas_kit import (
    MUTED,
    PAGE_HEIGHT,
    ProgressCallback,
    new_canvas,
    text,
)
from cleverstore.services.reports.pdf.fonts import BOLD, REGULAR
from cleverstore.services.reports.pdf.text import printable, width_of, wrap

NAME_SIZES = (9.0, 8.0, 7.0, 6.0)
PLACE_SIZES = (7.5, 6.5, 5.5)
MAX_LINES = 3  # a name and a place of three lines each still leave room for the code line


def fitted(value: object, bold: bool, width: float, sizes: tuple[float, ...]) -> tuple[float, list[str]]:
    """The text whole on a label: one line (at most one step smaller), else up to three lines in the largest type
    that holds it; cut only when even three lines of the smallest type cannot hold it."""
    font = BOLD if bold else REGULAR
    line = printable(value)
    for size in sizes[:2]:
        if width_of(line, font, size) <= width:
            return size, [line]
    for size in sizes:
        lines = wrap(line, font, size, width, MAX_LINES)
        if " ".join(lines) == line:
            return size, lines
    return sizes[-1], wrap(line, font, sizes[-1], width, MAX_LINES)


@dataclass(frozen=True)
class LabelLayout:
    code: str
    columns: int
    rows: int
    width: float
    height: float
    top: float
    left: float
    gap_x: float = 0.0
    gap_y: float = 0.0


LAYOUTS = {
    # 24 labels 70 × 37 mm, no margins between (e.g. Avery 3475)
    "3x8": LabelLayout("3x8", 3, 8, 70 * mm, 37 * mm, top=0.5 * mm, left=0.0),
    # 14 labels 99.1 × 38.1 mm (e.g. Avery L7163)
    "2x7": LabelLayout("2x7", 2, 7, 99.1 * mm, 38.1 * mm, top=15.15 * mm, left=4.65 * mm, gap_x=2.5 * mm),
}


@dataclass(frozen=True)
class Label:
    url: str
    name: str
    location: str
    code: str


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def render_labels(labels: Iterable[Label], layout_code: str, out: BinaryIO, *, title: str,
                  deterministic: bool = False, total: int = 0, progress: ProgressCallback | None = None) -> int:
    """Draw the labels in reading order; returns the number of pages."""
    layout = LAYOUTS[layout_code]
    canvas = new_canvas(out, title=title, deterministic=deterministic)
    per_page = layout.columns * layout.rows
    count = 0
    for count, label in enumerate(labels, start=1):
        slot = (count - 1) % per_page
        if slot == 0 and count > 1:
            canvas.showPage()
        column, row = slot % layout.columns, slot // layout.columns
        x = layout.left + column * (layout.width + layout.gap_x)
        y = PAGE_HEIGHT - layout.top - (row + 1) * layout.height - row * layout.gap_y
        pad = 3 * mm
        qr_size = layout.height - 2 * pad
        renderPDF.draw(_qr(label.url, qr_size), canvas, x + pad, y + pad)
        text_x = x + pad + qr_size + 2 * mm
        text_width = layout.width - (text_x - x) - pad
        line_y = y + layout.height - pad - 9
        for bold, value, sizes, color in ((True, label.name, NAME_SIZES, None), (False, label.location, PLACE_SIZES, MUTED)):
            size, lines = fitted(value, bold, text_width, sizes)
            for line in lines:
                text(canvas, text_x, line_y, line, size=size, bold=bold, **({"color": color} if color else {}))
                line_y -= size + 2
            line_y -= 2
        text(canvas, text_x, y + pad + 2, "CleverStore · " + label.code[:8], size=6.5, color=MUTED, width=text_width)
        if progress is not None and count % 50 == 0:
            progress(count, total)
    pages = max(1, -(-count // per_page))
    canvas.save()
    return pages
