"""The reports page: start a report in the background, follow its progress, download it when done."""
from __future__ import annotations

import asyncio
import logging

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.reports import (
    check_claim_pack,
    make_claim_pack,
    make_label_sheet,
    make_register_report,
    reports_overview,
)
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.progress import JobProgress
from cleverstore.state.presenters.reports import job_row, option_rows
from cleverstore.state.register import RegisterState

POLL_SECONDS = 0.25
logger = logging.getLogger("cleverstore.services.reports.pdf")


class ReportsState(AppState):
    jobs: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    locations: list[dict[str, str]] = []
    policies: list[dict[str, str]] = []  # the report of one insurance policy
    running: bool = False
    progress: int = 0
    notice: str = ""
    over_limit: bool = False  # the last refusal was a plan limit: the page offers the upgrade
    loaded: bool = False
    selected_count: int = 0
    claim_errors: dict[str, str] = {}
    claim_key: int = 0

    def _refresh(self, account_id: int) -> None:
        overview = reports_overview(account_id)
        self.jobs = [job_row(job, self.lang) for job in overview.jobs]
        self.categories = option_rows(overview.categories)
        self.locations = option_rows(overview.locations)
        self.policies = option_rows(overview.policies)

    async def _selection(self) -> list[int]:
        """The objects ticked on the register page (kept on the server, never sent by the client)."""
        register = await self.get_state(RegisterState)
        return list(register._selected)

    @rx.event
    @in_register
    async def on_load(self, caller: Caller):
        self._refresh(caller.account_id)
        self.selected_count = len(await self._selection())
        self.notice, self.claim_errors = "", {}
        self.loaded = True
        return None

    @rx.event(background=True)
    async def make_claim_pack(self, form: dict):
        async with self:
            selected = await self._selection()
            try:
                event = check_claim_pack(form, selected)
            except ValidationFailed as failed:
                self.claim_errors = self._messages(failed)
                return
            self.claim_errors = {}
        async for output in self._run(lambda account_id, lang, progress: make_claim_pack(
                account_id, selected, event, lang, progress)):
            yield output

    @rx.event(background=True)
    async def make_register_report(self, form: dict):
        form = dict(form)
        async for event in self._run(lambda account_id, lang, progress: make_register_report(
                account_id, form, lang, progress)):
            yield event

    @rx.event(background=True)
    async def make_labels(self, form: dict):
        form = dict(form)
        async for event in self._run(lambda account_id, lang, progress: make_label_sheet(
                account_id, form, lang, progress)):
            yield event

    async def _run(self, make):
        """Run `make(account_id, lang, progress)` in a thread, showing its progress; offer the file when done."""
        async with self:
            caller = self._require_register_access()
            if caller is None:
                yield self._to_login()
                return
            if self.running:
                self.notice = self._t("reports.busy")
                return
            self.running, self.progress, self.notice = True, 0, self._t("reports.working")
            self.over_limit = False
            lang = self.lang
        progress = JobProgress()
        task = asyncio.ensure_future(asyncio.to_thread(make, caller.account_id, lang, progress.update))
        while not task.done():
            await asyncio.wait({task}, timeout=POLL_SECONDS)
            async with self:
                self.progress = progress.percent
        async with self:
            self.running = False
            error = task.exception()
            failed = error is not None
            reason = next((error.errors[key] for key in ("job", "limit") if key in error.errors), "") \
                if isinstance(error, ValidationFailed) else ""
            if failed and not reason:
                logger.error("Report failed", exc_info=error)
            self.progress = 0 if failed else 100
            self.over_limit = bool(failed and isinstance(error, ValidationFailed) and "limit" in error.errors)
            self.notice = self._t(reason) if reason else \
                self._t("reports.failed" if failed else "reports.ready")
            self._refresh(caller.account_id)
        if not failed:
            yield rx.download(url=f"/reports/{task.result().public_id}")
