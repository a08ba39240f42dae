"""The insurance claim report: the event, then one section per object with its photos, receipts and values."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader

from cleverstore.i18n import translate
from cleverstore.services.reports.pdf.canvas_kit import (
    ACCENT,
    BOTTOM,
    MARGIN,
    MUTED,
    PAGE_WIDTH,
    TOP,
    day,
    money,
    text,
)
from cleverstore.services.reports.pdf.appendix import draw_appendix
from cleverstore.services.reports.pdf.fonts import REGULAR, register_fonts
from cleverstore.services.reports.pdf.model import Owner
from cleverstore.services.reports.pdf.numbered_canvas import NumberedCanvas
from cleverstore.services.reports.pdf.text import wrap
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.shared.worth import line_total

PHOTO_SIZE = 110.0
PHOTO_GAP = 8.0
DESCRIPTION_LINES = 12


@dataclass(frozen=True)
class ClaimEvent:
    kind: str  # burglary, fire, water, theft, other
    event_date: date
    police_report: str = ""
    description: str = ""


@dataclass
class ClaimObject:
    name: str
    category: str = ""
    location: str = ""
    manufacturer: str = ""
    model: str = ""
    serial_number: str = ""
    description: str = ""
    quantity: int = 1
    purchase_date: date | None = None
    purchase_price_ore: int | None = None
    replacement_ore: int | None = None
    estimated_ore: int | None = None
    photos: list = field(default_factory=list)  # loaders returning image bytes
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind label, file name)


@dataclass
class ClaimReport:
    report_id: str
    created: datetime
    lang: str
    owner: Owner
    event: ClaimEvent | None  # None: the objects without an event (a read-only link's report)
    objects: list[ClaimObject]
    # the objects' photos and documents with their fingerprints: the appendix (`pdf/appendix.py`)
    files: list = field(default_factory=list)
    heading_key: str = "claim.title"
    show_prices: bool = True  # False: no purchase prices anywhere in the report


class _Flow:
    def __init__(self, canvas: NumberedCanvas):
        self.canvas, self.y = canvas, TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.canvas.showPage()
            self.y = TOP

    def line(self, value: str, *, size: float = 9, bold: bool = False, color=None, gap: float = 4) -> None:
        self.need(size + gap)
        text(self.canvas, MARGIN, self.y - size, value, size=size, bold=bold, width=PAGE_WIDTH - 2 * MARGIN,
             **({"color": color} if color else {}))
        self.y -= size + gap

    def pair(self, label: str, value: str) -> None:
        self.need(13)
        text(self.canvas, MARGIN, self.y - 9, label, size=8.5, color=MUTED)
        text(self.canvas, MARGIN + 150, self.y - 9, value or "–", size=9, width=PAGE_WIDTH - 2 * MARGIN - 150)
        self.y -= 13


def _photo_row(flow: _Flow, loaders: list) -> None:
    per_row = int((PAGE_WIDTH - 2 * MARGIN + PHOTO_GAP) // (PHOTO_SIZE + PHOTO_GAP))
    for start in range(0, len(loaders), per_row):
        flow.need(PHOTO_SIZE + PHOTO_GAP)
        for index, load in enumerate(loaders[start:start + per_row]):
            data = load()
            if not data:
                continue
            x = MARGIN + index * (PHOTO_SIZE + PHOTO_GAP)
            try:
                flow.canvas.drawImage(ImageReader(io.BytesIO(data)), x, flow.y - PHOTO_SIZE, PHOTO_SIZE, PHOTO_SIZE,
                                      preserveAspectRatio=True, anchor="c")
            except (OSError, ValueError):
                continue  # an unreadable image leaves a gap, the report still comes out
        flow.y -= PHOTO_SIZE + PHOTO_GAP


def _values(obj: ClaimObject, t, lang: str, show_prices: bool = True) -> list[tuple[str, str]]:
    """Per-piece values; with more than one piece they say "á-pris" and the sums follow."""
    values = ((t("report.price"), obj.purchase_price_ore), (t("report.replacement_value"), obj.replacement_ore),
              (t("report.current_value"), obj.estimated_ore))[0 if show_prices else 1:]
    if obj.quantity <= 1:
        return [(label, money(value, lang)) for label, value in values]
    each, total = t("worth.unit_price").lower(), t("worth.sum").lower()
    return ([(f"{label}, {each}", money(value, lang)) for label, value in values]
            + [(f"{label}, {total}", money(line_total(value, obj.quantity), lang)) for label, value in values])


def render_claim_report(report: ClaimReport, out: BinaryIO, *, deterministic: bool = False) -> int:
    """Write the claim PDF; returns its page count."""
    register_fonts()
    lang = report.lang

    def t(key: str, **values) -> str:
        return translate(key, lang, **values)

    heading = t(report.heading_key)
    canvas = NumberedCanvas(out, pagesize=A4, pageCompression=1, invariant=1 if deterministic else 0, lang=lang,
                            report_id=report.report_id, heading=heading)
    canvas.setTitle(heading)
    canvas.setAuthor("CleverStore")
    flow = _Flow(canvas)
    flow.line("CleverStore", size=20, bold=True, color=ACCENT, gap=8)
    flow.line(heading, size=15, bold=True, gap=14)
    owner, event = report.owner, report.event
    event_lines = () if event is None else ((t("claim.event_kind"), t(f"claim.kind_{event.kind}")),
                                            (t("claim.event_date"), day(event.event_date)),
                                            (t("claim.police_report"), event.police_report))
    for label, value in ((t("claim.policyholder"), owner.name), (t("admin.address"), ", ".join(owner.address_lines)),
                         (t("report.customer_number"), owner.customer_number), (t("field.org_number"), owner.org_number),
                         *event_lines,
                         (t("report.date"), local_text(report.created)), (t("report.id"), report.report_id)):
        if value:
            flow.pair(label, value)
    for line in wrap(event.description if event else "", REGULAR, 9, PAGE_WIDTH - 2 * MARGIN, DESCRIPTION_LINES):
        flow.line(line)
    total_replacement = sum(line_total(o.replacement_ore, o.quantity) or 0 for o in report.objects)
    total_estimated = sum(line_total(o.estimated_ore, o.quantity) or 0 for o in report.objects)
    total_purchase = sum(line_total(o.purchase_price_ore, o.quantity) or 0 for o in report.objects)
    flow.y -= 8
    flow.line(t("claim.totals", count=len(report.objects)), size=11, bold=True)
    if report.show_prices:
        flow.pair(t("report.purchase_value"), money(total_purchase, lang))
    flow.pair(t("report.replacement_value"), money(total_replacement, lang))
    flow.pair(t("report.current_value"), money(total_estimated, lang))
    for number, obj in enumerate(report.objects, start=1):
        flow.y -= 10
        flow.need(80)
        canvas.setStrokeColorRGB(*MUTED)
        canvas.line(MARGIN, flow.y, PAGE_WIDTH - MARGIN, flow.y)
        flow.y -= 4
        flow.line(f"{number}. {obj.name}" + (f"  × {obj.quantity}" if obj.quantity > 1 else ""), size=12, bold=True)
        for label, value in ((t("field.category"), obj.category), (t("field.location"), obj.location),
                             (t("field.manufacturer"), obj.manufacturer), (t("field.model"), obj.model),
                             (t("field.serial_number"), obj.serial_number),
                             (t("field.purchase_date"), day(obj.purchase_date) if obj.purchase_date else ""),
                             *_values(obj, t, lang, report.show_prices)):
            flow.pair(label, value)
        for line in wrap(obj.description, REGULAR, 8.5, PAGE_WIDTH - 2 * MARGIN, DESCRIPTION_LINES):
            flow.line(line, size=8.5, gap=3)
        if obj.photos:
            flow.line(t("claim.photos", count=len(obj.photos)), size=9, bold=True)
            _photo_row(flow, obj.photos)
        flow.line(t("claim.documents"), size=9, bold=True)
        if obj.documents:
            for kind, name in obj.documents:
                flow.line(f"• {kind}: {name}", size=8.5, gap=3)
        else:
            flow.line(t("claim.no_documents"), size=8.5, color=MUTED)
    canvas.showPage()
    draw_appendix(canvas, report.files, lang, canvas.showPage)
    pages = len(canvas._saved_pages)
    canvas.save()
    return pages
