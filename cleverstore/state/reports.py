"""The reports page: start a report in the background, follow its progress, download it when done."""
from __future__ import annotations

import asyncio
import logging
import threading

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.models import ReportJob
from cleverstore.services.register import items as inventory
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import claim_pack
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.reports import runner as report_runner
from cleverstore.services.reports.pdf.labels import LAYOUTS
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.timefmt import local_text
from cleverstore.state.base import AppState
from cleverstore.state.register import RegisterState

POLL_SECONDS = 0.25
logger = logging.getLogger("cleverstore.services.reports.pdf")


class _Progress:
    """Written by the report thread, read by the event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.percent = 0

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self.percent = min(99, int(100 * done / total)) if total else 0


def _job_row(job: ReportJob, lang: str) -> dict[str, str]:
    from cleverstore.i18n import translate

    return {"id": job.public_id, "title": job.title, "status": job.status,
            "status_label": translate(f"reports.status_{job.status}", lang), "created": local_text(job.created_at),
            "expires": local_text(job.expires_at), "pages": str(job.pages),
            "size": f"{job.size_bytes / 1024:.0f} kB", "url": f"/reports/{job.public_id}"}


class ReportsState(AppState):
    jobs: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    locations: list[dict[str, str]] = []
    running: bool = False
    progress: int = 0
    notice: str = ""
    loaded: bool = False
    selected_count: int = 0
    claim_errors: dict[str, str] = {}
    claim_key: int = 0

    def _refresh(self, account_id: int) -> None:
        with tenant_scope(account_id) as db:
            self.jobs = [_job_row(job, self.lang) for job in report_jobs.recent_jobs(db, account_id)]
            options = inventory.filter_options(db, account_id)
        self.categories = [{"id": value, "label": label} for value, label in options["categories"]]
        self.locations = [{"id": value, "label": label} for value, label in options["locations"]]

    async def _selection(self) -> list[int]:
        """The objects ticked on the register page (kept on the server, never sent by the client)."""
        register = await self.get_state(RegisterState)
        return list(register._selected)

    @rx.event
    async def on_load(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        self._refresh(caller.account_id)
        self.selected_count = len(await self._selection())
        self.notice, self.claim_errors = "", {}
        self.loaded = True
        return None

    @rx.event(background=True)
    async def make_claim_pack(self, form: dict):
        async with self:
            try:
                event = claim_pack.clean_event(dict(form))
            except ValidationFailed as failed:
                self.claim_errors = self._messages(failed)
                return
            selected = await self._selection()
            if not selected:
                self.claim_errors = {"objects": self._t("error.claim_no_objects")}
                return
            self.claim_errors = {}
        async for output in self._run(lambda account_id, lang, _progress: report_runner.claim_pack(
                account_id, selected, event, lang)):
            yield output

    @rx.event(background=True)
    async def make_register_report(self, form: dict):
        query = ItemQuery.from_untrusted(location=form.get("location"), category=form.get("category"),
                                         status=form.get("status"))
        async for event in self._run(lambda account_id, lang, progress: report_runner.register_report(
                account_id, query, lang, progress)):
            yield event

    @rx.event(background=True)
    async def make_labels(self, form: dict):
        layout = str(form.get("layout") or "")
        layout = layout if layout in LAYOUTS else "3x8"
        query = ItemQuery.from_untrusted(location=form.get("location"), category=form.get("category"))
        async for event in self._run(lambda account_id, lang, progress: report_runner.label_sheet(
                account_id, query, layout, lang, progress)):
            yield event

    async def _run(self, make):
        """Run `make(account_id, lang, progress)` in a thread, showing its progress; offer the file when done."""
        async with self:
            caller = self._require_register_access()
            if caller is None:
                yield rx.redirect("/login")
                return
            if self.running:
                self.notice = self._t("reports.busy")
                return
            self.running, self.progress, self.notice = True, 0, self._t("reports.working")
            lang = self.lang
        progress = _Progress()
        task = asyncio.ensure_future(asyncio.to_thread(make, caller.account_id, lang, progress.update))
        while not task.done():
            await asyncio.wait({task}, timeout=POLL_SECONDS)
            async with self:
                self.progress = progress.percent
        async with self:
            self.running = False
            failed = task.exception() is not None
            if failed:
                logger.error("Report failed", exc_info=task.exception())
            self.progress = 0 if failed else 100
            self.notice = self._t("reports.failed" if failed else "reports.ready")
            self._refresh(caller.account_id)
        if not failed:
            yield rx.download(url=f"/reports/{task.result().public_id}")
