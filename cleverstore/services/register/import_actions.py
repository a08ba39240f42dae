"""Use cases of CSV files: export the register, keep an uploaded file, preview it, import it or discard it.

Each opens its own unit of work under `tenant_scope(account_id)`.
"""
from __future__ import annotations

from cleverstore.db import tenant_scope
from cleverstore.services.register import csv_io
from cleverstore.services.register.csv_io import (
    MAX_IMPORT_BYTES,
    ImportPreview,
    RowError,
    custom_column_name,
)
from cleverstore.services.shared import activity
from cleverstore.services.shared.job_limits import job_slot

__all__ = [
    "MAX_IMPORT_BYTES", "ImportPreview", "RowError", "custom_column_name",
    "export_register_csv", "keep_import_file", "pending_import", "import_preview", "commit_import", "discard_import",
]


def export_register_csv(account_id: int, *, separator: str = ",", lang: str = "sv") -> bytes:
    """The whole register as CSV (UTF-8 with BOM; "," unless `separator` is ";"), noted in the activity log.
    One of the customer's limited jobs (ValidationFailed({"job": …}) when refused)."""
    with job_slot(account_id, "export"), tenant_scope(account_id) as db:
        data = csv_io.export_csv(db, account_id, separator=separator, lang=lang)
        activity.record(db, account_id, "register_exported", "CSV")
        return data


def keep_import_file(account_id: int, data: bytes) -> None:
    """Keep an uploaded CSV until it is imported or discarded (the latest wins); ValidationFailed when too big."""
    with tenant_scope(account_id) as db:
        csv_io.store_pending(db, account_id, data)


def pending_import(account_id: int) -> bytes | None:
    """The CSV waiting for the customer's confirmation, if any."""
    with tenant_scope(account_id) as db:
        return csv_io.pending(db, account_id)


def import_preview(account_id: int) -> ImportPreview | None:
    """What importing the waiting file would do (nothing is saved); None without a file.
    ValidationFailed (`file`) when the waiting file cannot be read at all."""
    with tenant_scope(account_id) as db:
        data = csv_io.pending(db, account_id)
        if data is None:
            return None
        return csv_io.preview_import(db, account_id, data)


def commit_import(account_id: int, data: bytes, *, actor: str = "") -> int:
    """Import every row of `data` (the waiting file) in one transaction, or none (ValidationFailed),
    then forget the waiting file; returns how many objects were added."""
    with job_slot(account_id, "import"), tenant_scope(account_id) as db:
        count = csv_io.run_import(db, account_id, data, actor=actor)
        csv_io.discard_pending(db, account_id)
        return count


def discard_import(account_id: int) -> None:
    with tenant_scope(account_id) as db:
        csv_io.discard_pending(db, account_id)
