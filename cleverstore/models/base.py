"""Shared column helpers. Times are timezone-aware UTC (SQLModel's UTCDateTime stores them)."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
