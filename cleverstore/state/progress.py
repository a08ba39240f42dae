"""How far a long job (a report, an import) has come: written by its worker thread, read by the event loop
that shows the progress bar."""
from __future__ import annotations

import threading


class JobProgress:
    """A percentage kept below 100 until the job has really finished (the state says "done" itself)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.percent = 0

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self.percent = min(99, int(100 * done / total)) if total else 0
