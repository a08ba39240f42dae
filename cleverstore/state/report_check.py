"""/verify: anyone checks a report by its id and hash (the PDF itself goes to POST /verify/report)."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.reports import verify_report_typed
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState, FormFields


class ReportCheckState(FormFields, AppState):
    """No login: the answer is one sentence, issued or not, and says nothing else about the customer."""

    issued: bool = False

    @rx.event
    async def check(self, form: dict):
        try:
            verdict = await asyncio.to_thread(verify_report_typed, str(form.get("report_id") or "")[:100],
                                              str(form.get("sha256") or "")[:200], self._client_address())
        except ValidationFailed as failed:
            self.issued = False
            self._fail(failed)
            return None
        self.issued = verdict.issued
        self.errors, self.message = {}, verdict.words(self.lang)
        return None
