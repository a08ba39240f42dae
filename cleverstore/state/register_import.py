"""Importing a file: a format we know goes straight to the preview; any other spreadsheet first asks which
column fills which field. The preview counts what will be added, updated and refused; the customer imports
the good rows (with a progress bar) and downloads the refused ones to fix, or imports nothing."""
from __future__ import annotations

import asyncio
import logging

import reflex as rx

from cleverstore.services.access import EDIT, Caller
from cleverstore.services.imports import (
    ASK,
    PendingView,
    commit_import,
    discard_import,
    forget_mapping,
    import_preview,
    keep_mapping,
    mapping_targets,
    refused_rows_file,
)
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.guards import edits_register, in_register
from cleverstore.state.progress import JobProgress
from cleverstore.state.presenters.imports import column_rows, number, over_limit_count, refused_row, target_options

SHOWN_REFUSED = 100
PREVIEW_COLUMNS = ("name", "category", "location", "quantity", "purchase_price")
POLL_SECONDS = 0.25
# The upload's own status line (filled by assets/upload.js): emptied once the file is imported or thrown away.
CLEAR_UPLOAD_STATUS = "var s=document.getElementById('import-status'); if (s) { s.textContent=''; }"
logger = logging.getLogger("cleverstore.services.imports")


class ImportState(AppState):
    has_file: bool = False
    step: str = ""                       # "map" (choose the columns) or "preview"
    source: str = ""
    row_count: int = 0
    will_add: int = 0
    will_update: int = 0
    refused_count: int = 0
    warned_count: int = 0
    over_limit: int = 0                  # new objects the plan has no room for (refused with the limit as reason)
    preview: list[dict[str, str]] = []
    refused_rows: list[dict[str, str]] = []
    refused_note: str = ""
    preview_note: str = ""
    ignored: str = ""
    columns: list[dict[str, str]] = []
    options: list[dict[str, str]] = []
    kept: bool = False
    mapping_error: str = ""
    file_error: str = ""
    done_message: str = ""
    importing: bool = False
    progress: int = 0
    refused_ready: bool = False          # the last import's refused rows can be downloaded
    loaded: bool = False
    _headers: list[str] = []
    _chosen: dict[str, str] = {}         # the customer's column choice in use; empty = the file's own format
    _refused_file: bytes = b""
    _refused_name: str = ""

    def _clear(self) -> None:
        self.has_file, self.step, self.source, self.row_count, self.preview = False, "", "", 0, []
        self.will_add = self.will_update = self.refused_count = self.warned_count = self.over_limit = 0
        self.refused_rows, self.refused_note, self.preview_note, self.ignored = [], "", "", ""
        self.columns, self.kept, self.mapping_error, self.file_error = [], False, "", ""
        self._headers = []

    def _show(self, view: PendingView | None) -> None:
        self._clear()
        if view is None:
            return
        self.has_file, self.row_count, self._headers = True, view.rows, view.headers
        self.kept = view.kept
        self.options = target_options(mapping_targets(), self.lang)
        self.columns = column_rows(view, self.lang)
        if view.needs_mapping:
            self.step = "map"
            return
        result = view.preview
        self.step = "preview"
        self.source = self._t(f"import.source_{view.format}")
        self.will_add, self.will_update, self.refused_count = result.will_add, result.will_update, len(result.refused)
        self.warned_count = len({line for line, _key in result.warnings})
        self.over_limit = over_limit_count(result.refused)
        self.preview = [{c: row.get(c, "") for c in PREVIEW_COLUMNS} for row in view.sample]
        if self.row_count > len(self.preview):
            self.preview_note = self._t("import.preview_shown", shown=len(self.preview),
                                        total=number(self.row_count, self.lang))
        self.refused_rows = [refused_row(r, self.lang) for r in result.refused[:SHOWN_REFUSED]]
        if self.refused_count > len(self.refused_rows):
            self.refused_note = self._t("import.preview_shown", shown=len(self.refused_rows),
                                        total=number(self.refused_count, self.lang))
        self.ignored = ", ".join(h for h in result.ignored_columns if h)

    def _build(self, account_id: int, chosen: dict[str, str] | None = None, format_key: str | None = None) -> None:
        """Show the waiting file: its preview, or the column choice it needs; a file that cannot be read says why."""
        try:
            view = import_preview(account_id, chosen or None, format_key=format_key)
        except ValidationFailed as failed:
            if "mapping" in failed.errors:
                self.mapping_error = self._t(failed.errors["mapping"])
                return
            self._clear()
            self.has_file = True
            self.file_error = self._t(next(iter(failed.errors.values())))
            return
        self._chosen = dict(chosen or {})
        self._show(view)

    def _choice(self, form: dict) -> dict[str, str]:
        return {header: str(form.get(f"col_{index}", "")) for index, header in enumerate(self._headers)}

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        self.done_message, self.importing, self.progress, self.refused_ready = "", False, 0, False
        self._refused_file, self._refused_name = b"", ""
        self._build(caller.account_id)
        self.loaded = True
        return None

    @rx.event
    @in_register
    def reload(self, caller: Caller):
        """After the file was sent (over HTTP): show its preview or ask for its columns."""
        self.done_message, self.refused_ready = "", False
        self._build(caller.account_id)
        return None

    @rx.event
    @edits_register
    def choose_columns(self, caller: Caller):
        """Map the columns by hand, also for a file whose format we know."""
        self._build(caller.account_id, format_key=ASK)
        return None

    @rx.event
    @edits_register
    def apply_columns(self, caller: Caller, form: dict):
        """The customer's column choice: preview with it, and keep it when they ask."""
        chosen = self._choice(form)
        self.mapping_error = ""
        self._build(caller.account_id, chosen)
        if self.mapping_error or self.step != "preview":
            return None
        if str(form.get("keep", "")).lower() in ("on", "true", "1"):
            keep_mapping(caller.account_id, chosen)
            self.kept = True
        return None

    @rx.event
    @edits_register
    def forget_columns(self, caller: Caller):
        forget_mapping(caller.account_id)
        self._build(caller.account_id, format_key=ASK)
        self.done_message = self._t("import.map_forgotten")
        return None

    @rx.event
    @edits_register
    def discard(self, caller: Caller):
        discard_import(caller.account_id)
        self._clear()
        self._chosen = {}
        return rx.call_script(CLEAR_UPLOAD_STATUS)

    @rx.event
    @edits_register
    def download_refused(self, caller: Caller):
        """The refused rows as a CSV to fix: of the last import, or of the waiting file."""
        if self.refused_ready and self._refused_file:
            return rx.download(data=self._refused_file, filename=self._refused_name, mime_type="text/csv")
        try:
            found = refused_rows_file(caller.account_id, self._chosen or None, lang=self.lang)
        except ValidationFailed:
            return None
        if found is None:
            return None
        name, data = found
        return rx.download(data=data, filename=name, mime_type="text/csv")

    @rx.event(background=True)
    async def confirm(self):
        """Import the good rows in a thread, the progress bar following it; then offer the refused rows."""
        async with self:
            caller = self._require_register_access(EDIT)
            if caller is None:
                yield self._refused()
                return
            if self.importing or self.step != "preview" or not (self.will_add + self.will_update):
                return
            self.importing, self.progress, self.done_message, self.file_error = True, 0, "", ""
            chosen, lang = dict(self._chosen) or None, self.lang
        progress = JobProgress()
        task = asyncio.ensure_future(asyncio.to_thread(
            commit_import, caller.account_id, chosen, skip_refused=True, actor=caller.actor,
            progress=progress.update, lang=lang))
        while not task.done():
            await asyncio.wait({task}, timeout=POLL_SECONDS)
            async with self:
                self.progress = progress.percent
        async with self:
            self.importing = False
            error = task.exception()
            if isinstance(error, ValidationFailed):
                message = error.errors.get("job") or error.errors.get("file") or error.errors.get("mapping")
                self.file_error = self._t(message or "import.has_errors")
                return
            if error is not None:
                logger.error("Import failed", exc_info=error)
                self.file_error = self._t("import.unreadable")
                return
            outcome = task.result()
            self._clear()
            self._chosen = {}
            self.progress = 100
            parts = [self._t("import.done", count=outcome.added)]
            if outcome.updated:
                parts.append(self._t("import.done_updated", count=outcome.updated))
            if outcome.refused:
                parts.append(self._t("import.done_refused", count=outcome.refused))
            self.done_message = " ".join(parts)
            self._refused_file, self._refused_name = outcome.refused_file, outcome.refused_filename
            self.refused_ready = bool(outcome.refused_file)
        yield rx.call_script(CLEAR_UPLOAD_STATUS)
