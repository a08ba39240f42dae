"""A finished report's file as the tests read it: its bytes from the shared file store, written to a
temporary file (PDF readers and zipfile take a path)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from cleverstore.services.reports import jobs

_FOLDER = Path(tempfile.mkdtemp(prefix="cleverstore-test-reports-"))


def report_file(job) -> Path:
    """The report's bytes in a file of its own; AssertionError when the store does not hold them."""
    data = jobs.read_file(job)
    assert data is not None, f"report {job.public_id} is not in the file store"
    path = _FOLDER / f"{job.stored_name}{'.zip' if job.file_name.endswith('.zip') else '.pdf'}"
    path.write_bytes(data)
    return path
