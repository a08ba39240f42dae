"""Reminders by e-mail and in the app: a warranty that ends, a lent object not returned, an insurance policy
that renews, the yearly re-inventory, a card that expires before the renewal. The customer picks the kinds
and whether mail goes at once or in a monthly summary; each reminder goes once for its occasion."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Account, AccountKind
from cleverstore.models.base import utcnow
from cleverstore.services.reminders import finding, mailing, settings
from cleverstore.services.reminders.finding import Reminder
from cleverstore.services.reminders.settings import CADENCES, KINDS, ReminderChoices
from cleverstore.services.shared.timefmt import STOCKHOLM

log = logging.getLogger("cleverstore.reminders")

__all__ = [
    "CADENCES", "KINDS", "CurrentReminder", "Reminder", "ReminderChoices", "current_reminders", "reminder_choices",
    "save_reminder_choices", "send_reminders",
]


def _today(now: datetime) -> date:
    return now.astimezone(STOCKHOLM).date()


def reminder_choices(account_id: int) -> ReminderChoices:
    with tenant_scope(account_id) as db:
        return settings.choices_of(db, account_id)


def save_reminder_choices(account_id: int, form: dict) -> ReminderChoices:
    """The profile's reminder settings; ValidationFailed (nothing saved) for a value the form cannot send."""
    with tenant_scope(account_id) as db:
        return settings.save_choices(db, account_id, form)


@dataclass(frozen=True)
class CurrentReminder:
    """A reminder as the in-app list shows it: its kind, its words in the asked language and where it leads."""

    kind: str
    text: str
    path: str
    occasion: date


def current_reminders(account_id: int, lang: str, now: datetime | None = None) -> list[CurrentReminder]:
    """The reminders due today of the kinds the customer wants, whether or not mail went."""
    today = _today(now or utcnow())
    with tenant_scope(account_id) as db:
        kinds = settings.choices_of(db, account_id).kinds
        found = finding.due(db, account_id, today, kinds)
    return [CurrentReminder(r.kind, mailing.line(r, lang), r.path, r.occasion) for r in found]


def send_reminders(now: datetime | None = None) -> int:
    """The scheduled job: note and mail each customer's due reminders (one unit of work per customer, so one
    customer's failure never holds back another's) and send the monthly summaries. Returns how many
    reminders were noted. A second run the same day notes nothing."""
    now = now or utcnow()
    today = _today(now)
    with session_scope() as db:
        wanted = finding.candidates(db, today)
        ids = [] if not wanted else db.exec(select(Account.id).where(
            Account.id.in_(wanted), Account.kind != AccountKind.REGISTER.value,
            Account.suspended_at.is_(None)).order_by(Account.id)).all()
    noted = 0
    for account_id in ids:
        try:
            noted += _remind(account_id, today, now)
        except SQLAlchemyError as failed:  # rolled back: this customer is tried again at the next run
            log.warning("reminders for account %s wait for the next run (%s)", account_id, type(failed).__name__)
    return noted


def _remind(account_id: int, today: date, now: datetime) -> int:
    with tenant_scope(account_id) as db:
        account = db.get(Account, account_id)
        if not mailing.may_be_reminded(db, account, now):
            return 0
        noted = mailing.note_and_send(db, account, today, now)
        mailing.send_summary(db, account, today, now)
        return noted
