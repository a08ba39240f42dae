"""The reminders' rows for the pages: the in-app list and the profile's choices (no Reflex here)."""
from __future__ import annotations

from cleverstore.services.reminders import KINDS, CurrentReminder, ReminderChoices


def reminder_row(reminder: CurrentReminder) -> dict[str, str]:
    return {"kind": reminder.kind, "text": reminder.text, "href": reminder.path}


def choice_values(choices: ReminderChoices) -> dict[str, str]:
    """Each kind "on" or "" for the check boxes, and the cadence for the select."""
    return {**{kind: "on" if choices.wants(kind) else "" for kind in KINDS}, "cadence": choices.cadence}
