"""Maintenance mode: customers see a message instead of the app; administrators keep working."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from cleverstore.models import MaintenanceWindow
from cleverstore.models.base import utcnow
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_text

_LATEST = select(MaintenanceWindow).order_by(MaintenanceWindow.id.desc()).limit(1)
# the customers' view of the same row, asked on every customer event: its columns only, built once
_LATEST_NOTICE = (select(MaintenanceWindow.enabled, MaintenanceWindow.ends_at, MaintenanceWindow.message_sv,
                         MaintenanceWindow.message_en).order_by(MaintenanceWindow.id.desc()).limit(1))


def _in_force(enabled: bool, ends_at: datetime | None, now: datetime | None) -> bool:
    """Switched on, and its end time (if any) not yet passed: a window ends by itself."""
    return bool(enabled) and (ends_at is None or ends_at > (now or utcnow()))


def current(db: Session, now: datetime | None = None) -> MaintenanceWindow | None:
    """The maintenance window in force, if any (an end time in the past switches it off by itself)."""
    latest = db.exec(_LATEST).first()
    return latest if latest is not None and _in_force(latest.enabled, latest.ends_at, now) else None


def notice(db: Session, now: datetime | None = None) -> tuple[str, str] | None:
    """The message (Swedish, English) customers see while a window is in force; None otherwise."""
    latest = db.exec(_LATEST_NOTICE).first()
    if latest is None or not _in_force(latest[0], latest[1], now):
        return None
    return latest[2], latest[3]


def switch_on(db: Session, admin_id: int, message_sv: object, message_en: object,
              ends_at: datetime | None = None) -> MaintenanceWindow:
    errors: dict[str, str] = {}
    texts = {}
    for field, value in (("message_sv", message_sv), ("message_en", message_en)):
        try:
            texts[field] = clean_text(value, max_length=1000, required=True, multiline=True)
        except FieldError as exc:
            errors[field] = exc.key
    if ends_at is not None and ends_at <= utcnow():
        errors["ends_at"] = "error.time_in_past"
    if errors:
        raise ValidationFailed(errors)
    window = MaintenanceWindow(enabled=True, ends_at=ends_at, admin_id=admin_id, **texts)
    db.add(window)
    db.flush()
    audit.record(db, admin_id, "maintenance_on", "site", "maintenance", texts["message_sv"])
    return window


def switch_off(db: Session, admin_id: int) -> None:
    db.add(MaintenanceWindow(enabled=False, admin_id=admin_id))
    db.flush()
    audit.record(db, admin_id, "maintenance_off", "site", "maintenance")
