"""Maintenance mode: customers see a message instead of the app; administrators keep working."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from cleverstore.models import MaintenanceWindow
from cleverstore.models.base import utcnow
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_text

# asked on every customer event: built once
_LATEST = select(MaintenanceWindow).order_by(MaintenanceWindow.id.desc()).limit(1)


def current(db: Session, now: datetime | None = None) -> MaintenanceWindow | None:
    """The maintenance window in force, if any (an end time in the past switches it off by itself)."""
    latest = db.exec(_LATEST).first()
    if latest is None or not latest.enabled:
        return None
    if latest.ends_at is not None and latest.ends_at <= (now or utcnow()):
        return None
    return latest


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
