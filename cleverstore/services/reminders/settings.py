"""What each customer wants to be reminded of: each kind on or off, and at once or in a monthly summary.

A customer who never opened the settings has every kind on, mailed at once: a reminder is why they keep
the register, and every mail says how to turn it off.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from cleverstore.models import ReminderSettings
from cleverstore.models.base import utcnow
from cleverstore.services.shared.errors import ValidationFailed

KINDS = ("warranty", "lent", "policy", "reinventory", "card")
CADENCES = ("at_once", "monthly")
_ON_WORDS = {"on", "true", "1", "yes"}
_OFF_WORDS = {"off", "false", "0", "no", ""}


@dataclass(frozen=True)
class ReminderChoices:
    """The kinds the customer wants (a tuple in KINDS order) and how often mail goes."""

    kinds: tuple[str, ...]
    cadence: str

    def wants(self, kind: str) -> bool:
        return kind in self.kinds


DEFAULT = ReminderChoices(KINDS, "at_once")


def _row(db: Session, account_id: int) -> ReminderSettings | None:
    return db.exec(select(ReminderSettings).where(ReminderSettings.account_id == account_id)).first()


def choices_of(db: Session, account_id: int) -> ReminderChoices:
    row = _row(db, account_id)
    if row is None:
        return DEFAULT
    return ReminderChoices(tuple(k for k in KINDS if getattr(row, k)), row.cadence)


def _switch(form: dict, kind: str) -> bool:
    word = str(form.get(kind, "")).strip().lower()
    if word in _ON_WORDS:
        return True
    if word in _OFF_WORDS:
        return False
    raise ValidationFailed({kind: "reminders.error.switch"})


def save_choices(db: Session, account_id: int, form: dict) -> ReminderChoices:
    """Store the form's choices: a kind is on when its box is ticked (missing means off); the cadence must
    be one of CADENCES. Refused input changes nothing."""
    cadence = str(form.get("cadence", "")).strip()
    errors: dict[str, str] = {}
    if cadence not in CADENCES:
        errors["cadence"] = "reminders.error.cadence"
    switches: dict[str, bool] = {}
    for kind in KINDS:
        try:
            switches[kind] = _switch(form, kind)
        except ValidationFailed as failed:
            errors.update(failed.errors)
    if errors:
        raise ValidationFailed(errors)
    row = _row(db, account_id) or ReminderSettings(account_id=account_id)
    for kind, on in switches.items():
        setattr(row, kind, on)
    row.cadence, row.updated_at = cadence, utcnow()
    db.add(row)
    db.flush()
    return choices_of(db, account_id)
