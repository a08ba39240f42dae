"""Times are stored in UTC and shown in Swedish time: the one place that formats them."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

DATE = "%Y-%m-%d"
MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"
WITH_ZONE = "%Y-%m-%d %H:%M %Z"  # in mail: "2026-03-01 14:05 CET"


def local_text(value: datetime | None, *, seconds: bool = False, date_only: bool = False,
               with_zone: bool = False) -> str:
    """A UTC time as a Swede reads it: minutes by default, or with seconds, only the date, or with the zone name."""
    if value is None:
        return ""
    if date_only:
        pattern = DATE
    elif with_zone:
        pattern = WITH_ZONE
    else:
        pattern = SECONDS if seconds else MINUTES
    return value.astimezone(STOCKHOLM).strftime(pattern)
