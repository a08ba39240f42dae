"""The reports' last pages: every photo and receipt of the objects shown, with its fingerprint (upload
time, the photo's own capture date, the SHA-256 of the file as the customer sent it), so that an insurer
holding a copy of a file can see that it is the one in the register.

Fixed-height rows, so the register report can count these pages before drawing ("sida 3 av 41"). The hash
is set in Courier: 64 hex digits at 7 pt take 270 pt, well inside the page, and read without ambiguity.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.pdfgen.canvas import Canvas

from cleverstore.i18n import translate
from cleverstore.services.reports.pdf.canvas_kit import MARGIN, MUTED, PAGE_WIDTH, TOP, Flow, text
from cleverstore.services.reports.pdf.fonts import REGULAR
from cleverstore.services.reports.pdf.text import wrap
from cleverstore.services.shared.timefmt import local_text

HEADING_HEIGHT = 62.0
ROW_HEIGHT = 36.0
HASH_FONT, HASH_SIZE = "Courier", 7.0
LEAD_LINES = 3


@dataclass(frozen=True)
class FileFingerprint:
    """One stored file as the appendix lists it; None where the file was stored before we kept it."""

    object_name: str
    file_name: str
    kind_label: str
    received_at: datetime | None
    captured_on: str | None
    sha256: str | None
    is_photo: bool


def page_count(rows: int) -> int:
    """Pages the appendix takes (none without files), from the same flow the drawing uses."""
    if not rows:
        return 0
    flow = Flow()
    flow.place(HEADING_HEIGHT)
    for _ in range(rows):
        flow.place(ROW_HEIGHT)
    return flow.page


def draw_appendix(canvas: Canvas, rows: Sequence[FileFingerprint], lang: str, end_page: Callable[[], None]) -> None:
    """Draw the appendix on fresh pages; `end_page` finishes each page (footer, next page)."""
    if not rows:
        return
    flow = Flow()
    flow.place(HEADING_HEIGHT)
    text(canvas, MARGIN, TOP - 14, translate("appendix.title", lang), size=14, bold=True)
    for number, line in enumerate(wrap(translate("appendix.lead", lang), REGULAR, 7.5, PAGE_WIDTH - 2 * MARGIN,
                                       LEAD_LINES)):
        text(canvas, MARGIN, TOP - 30 - number * 9.5, line, size=7.5, color=MUTED)
    words = {key: translate(f"appendix.{key}", lang) for key in ("uploaded", "captured", "unknown",
                                                                  "no_capture_date", "sha256")}
    for row in rows:
        if flow.place(ROW_HEIGHT):
            end_page()
        _row(canvas, flow.y, row, words)
    end_page()


def _row(canvas: Canvas, y: float, row: FileFingerprint, words: dict[str, str]) -> None:
    width = PAGE_WIDTH - 2 * MARGIN
    text(canvas, MARGIN, y + 26, f"{row.object_name} · {row.file_name}", size=8, bold=True, width=width)
    received = local_text(row.received_at) if row.received_at else words["unknown"]
    facts = f"{row.kind_label} · {words['uploaded']} {received}"
    if row.is_photo:
        captured = row.captured_on[:16] if row.captured_on else (
            words["no_capture_date"] if row.received_at else words["unknown"])
        facts += f" · {words['captured']} {captured}"
    text(canvas, MARGIN, y + 16, facts, size=7, color=MUTED, width=width)
    label = f"{words['sha256']} "
    text(canvas, MARGIN, y + 6, label, size=7, color=MUTED)
    canvas.setFont(HASH_FONT, HASH_SIZE)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawString(MARGIN + 40, y + 6, row.sha256 or words["unknown"])
    canvas.setStrokeColorRGB(0.85, 0.87, 0.89)
    canvas.setLineWidth(0.3)
    canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
