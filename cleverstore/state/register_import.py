"""Importing a CSV file: preview what would happen, then import every row or none."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.register import (
    commit_import,
    discard_import,
    import_preview,
    pending_import,
)
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.presenters.register import row_error_view

PREVIEW_ROWS = 10
SHOWN_ERRORS = 100
PREVIEW_COLUMNS = ("name", "category", "location", "quantity", "purchase_price")
# The upload's own status line (filled by assets/upload.js): emptied once the file is imported or thrown away.
CLEAR_UPLOAD_STATUS = "var s=document.getElementById('import-status'); if (s) { s.textContent=''; }"


class ImportState(AppState):
    has_file: bool = False
    source: str = ""
    row_count: int = 0
    preview: list[dict[str, str]] = []
    row_errors: list[dict[str, str]] = []
    error_count: int = 0
    ignored: str = ""
    preview_note: str = ""
    file_error: str = ""
    done_message: str = ""
    importing: bool = False
    loaded: bool = False

    def _clear(self) -> None:
        self.has_file, self.source, self.row_count, self.preview = False, "", 0, []
        self.row_errors, self.error_count, self.ignored, self.file_error = [], 0, "", ""
        self.preview_note = ""

    def _build_preview(self, account_id: int) -> None:
        self._clear()
        try:
            result = import_preview(account_id)
        except ValidationFailed as failed:  # a waiting file that cannot be read at all
            self.has_file = True
            self.file_error = self._t(next(iter(failed.errors.values())))
            return
        if result is None:
            return
        self.has_file = True
        self.source = self._t(f"import.source_{result.source}")
        self.row_count = len(result.rows)
        self.preview = [{c: row.get(c, "") for c in PREVIEW_COLUMNS} for row in result.rows[:PREVIEW_ROWS]]
        if self.row_count > len(self.preview):
            self.preview_note = self._t("import.preview_shown", shown=len(self.preview), total=self.row_count)
        self.error_count = len(result.errors)
        self.row_errors = [row_error_view(e, self.lang) for e in result.errors[:SHOWN_ERRORS]]
        self.ignored = ", ".join(result.ignored_columns)

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        self.done_message, self.importing = "", False
        self._build_preview(caller.account_id)
        self.loaded = True
        return None

    @rx.event
    @in_register
    def reload(self, caller: Caller):
        """After the file was sent (over HTTP): show its preview."""
        self.done_message = ""
        self._build_preview(caller.account_id)
        return None

    @rx.event
    @in_register
    def discard(self, caller: Caller):
        discard_import(caller.account_id)
        self._clear()
        return rx.call_script(CLEAR_UPLOAD_STATUS)

    @rx.event
    @in_register
    async def confirm(self, caller: Caller):
        """Import all rows in one transaction, in a thread; the page says "importing" meanwhile."""
        data = pending_import(caller.account_id)
        if data is None or self.error_count or not self.row_count or self.importing:
            return
        self.importing = True
        yield
        try:
            count = await asyncio.to_thread(commit_import, caller.account_id, data, actor=caller.name)
        except ValidationFailed as failed:
            self.importing = False
            if "job" in failed.errors:  # another import, report or export of theirs is running, or too many
                self.file_error = self._t(failed.errors["job"])
                return
            self._build_preview(caller.account_id)
            return
        self._clear()
        self.importing = False
        self.done_message = self._t("import.done", count=count)
        yield rx.call_script(CLEAR_UPLOAD_STATUS)
