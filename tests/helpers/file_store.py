"""The file store's settings as a test needs them."""
from __future__ import annotations

from contextlib import contextmanager

from cleverstore.config import reset_settings

GRACE = "CLEVERSTORE_ORPHAN_FILE_GRACE_SECONDS"


@contextmanager
def no_orphan_grace(monkeypatch):
    """Stored bytes count as old at once, so the orphan sweep does not wait for its grace period."""
    monkeypatch.setenv(GRACE, "-5")
    reset_settings()
    try:
        yield
    finally:
        monkeypatch.delenv(GRACE)
        reset_settings()
