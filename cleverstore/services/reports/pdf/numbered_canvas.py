"""A canvas that writes "sida X av Y" on every page once the page count is known (flowing layouts)."""
from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from cleverstore.services.reports.pdf.canvas_kit import footer


class NumberedCanvas(Canvas):
    """Pages are kept until save(); then each gets its footer with the final total."""

    def __init__(self, *args, lang: str, report_id: str, heading: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []
        self._lang, self._report_id, self._heading = lang, report_id, heading

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            footer(self, self._lang, self._report_id, number, total, self._heading)
            super().showPage()
        super().save()
