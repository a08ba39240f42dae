"""Importing a CSV file: preview what would happen, then import every row or none."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.services.register import csv_io
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.base import AppState

PREVIEW_ROWS = 10
SHOWN_ERRORS = 100
PREVIEW_COLUMNS = ("name", "category", "location", "quantity", "purchase_price")


class ImportState(AppState):
    has_file: bool = False
    source: str = ""
    row_count: int = 0
    preview: list[dict[str, str]] = []
    row_errors: list[dict[str, str]] = []
    error_count: int = 0
    ignored: str = ""
    file_error: str = ""
    done_message: str = ""
    importing: bool = False
    loaded: bool = False

    def _clear(self) -> None:
        self.has_file, self.source, self.row_count, self.preview = False, "", 0, []
        self.row_errors, self.error_count, self.ignored, self.file_error = [], 0, "", ""

    def _column_label(self, column: str) -> str:
        if column.startswith(("field:", "HB.field.")):
            return column.split("field", 1)[1].lstrip(":.")
        return self._t(f"history_field.{column}")

    def _build_preview(self, account_id: int) -> None:
        self._clear()
        try:
            with tenant_scope(account_id) as db:
                data = csv_io.pending(db, account_id)
                if data is None:
                    return
                self.has_file = True
                result = csv_io.preview_import(db, account_id, data)
        except ValidationFailed as failed:
            self.file_error = self._t(next(iter(failed.errors.values())))
            return
        self.source = self._t(f"import.source_{result.source}")
        self.row_count = len(result.rows)
        self.preview = [{c: row.get(c, "") for c in PREVIEW_COLUMNS} for row in result.rows[:PREVIEW_ROWS]]
        self.error_count = len(result.errors)
        self.row_errors = [{"row": str(e.row), "column": self._column_label(e.column), "message": self._t(e.key)}
                           for e in result.errors[:SHOWN_ERRORS]]
        self.ignored = ", ".join(result.ignored_columns)

    @rx.event
    def on_load(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        self.done_message, self.importing = "", False
        self._build_preview(caller.account_id)
        self.loaded = True
        return None

    @rx.event
    def reload(self):
        """After the file was sent (over HTTP): show its preview."""
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        self.done_message = ""
        self._build_preview(caller.account_id)
        return None

    @rx.event
    def discard(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            csv_io.discard_pending(db, caller.account_id)
        self._clear()
        return None

    @rx.event
    async def confirm(self):
        """Import all rows in one transaction, in a thread; the page says "importing" meanwhile."""
        caller = self._require_register_access()
        if caller is None:
            yield rx.redirect("/login")
            return
        with tenant_scope(caller.account_id) as db:
            data = csv_io.pending(db, caller.account_id)
        if data is None or self.error_count or not self.row_count or self.importing:
            return
        self.importing = True
        yield

        def work() -> int:
            with tenant_scope(caller.account_id) as db:
                count = csv_io.run_import(db, caller.account_id, data, actor=caller.name)
                csv_io.discard_pending(db, caller.account_id)
                return count

        try:
            count = await asyncio.to_thread(work)
        except ValidationFailed:
            self.importing = False
            self._build_preview(caller.account_id)
            return
        self._clear()
        self.importing = False
        self.done_message = self._t("import.done", count=count)
