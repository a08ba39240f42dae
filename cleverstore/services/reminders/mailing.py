"""Reminder mail: each reminder is noted once for its occasion (`ReminderSent`), then mailed at once or
gathered into the month's summary, in the customer's language, with absolute links to the object or page
and to the reminder settings (how to turn it off).

Who gets none: an account that is suspended, locked (not paid), waiting for its erasure (an erased one
has no row left), a company register (no login of its own), or a customer who turned the kind off.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.i18n import translate
from cleverstore.models import Account, AccountKind, ErasureRequest, ReminderSent
from cleverstore.services.billing import rules
from cleverstore.services.reminders import finding, settings
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.money import format_ore

SETTINGS_PATH = "/profile#reminders"


def link(path: str) -> str:
    return f"{get_settings().base_url}{path}"


def line(reminder: finding.Reminder, lang: str) -> str:
    """The reminder in words, in `lang` (amounts too)."""
    values = {name.removesuffix("_ore"): format_ore(int(value), lang) if name.endswith("_ore") else value
              for name, value in reminder.values.items()}
    return translate(f"reminders.line.{reminder.kind}", lang, **values)


def may_be_reminded(db: Session, account: Account | None, now: datetime) -> bool:
    """A customer who can act on a reminder: not suspended, the register paid for, no erasure pending."""
    if account is None or account.kind == AccountKind.REGISTER.value or account.suspended_at is not None:
        return False
    if db.exec(select(ErasureRequest.id).where(ErasureRequest.account_id == account.id)).first() is not None:
        return False
    return rules.register_open(db, account.id, now)


def _noted(db: Session, account_id: int, reminder: finding.Reminder) -> bool:
    return db.exec(select(ReminderSent.id).where(
        ReminderSent.account_id == account_id, ReminderSent.kind == reminder.kind,
        ReminderSent.subject == reminder.subject, ReminderSent.occasion == reminder.occasion)).first() is not None


def _queue(db: Session, account: Account, kind: str, subject_values: dict[str, str], text: str) -> None:
    lang = account.language
    body = translate("reminders.mail.body", lang, name=account.name, text=text,
                     settings=link(SETTINGS_PATH))
    queue_mail(db, to=account.email, subject=translate(f"reminders.mail.subject.{kind}", lang, **subject_values),
               body=body, kind=f"reminder_{kind}", account_id=account.id)


def note_and_send(db: Session, account: Account, today: date, now: datetime) -> int:
    """Note every due reminder the customer wants that was not noted for its occasion; mail each at once,
    or leave it for the monthly summary. Returns how many were noted."""
    choices = settings.choices_of(db, account.id)
    noted = 0
    for reminder in finding.due(db, account.id, today, choices.kinds):
        if _noted(db, account.id, reminder):
            continue
        text = f"{line(reminder, account.language)}\n{link(reminder.path)}"
        row = ReminderSent(account_id=account.id, kind=reminder.kind, subject=reminder.subject,
                           occasion=reminder.occasion, text=text[:600], noted_at=now)
        if choices.cadence == "at_once":
            _queue(db, account, reminder.kind, reminder.values, text)
            row.mailed_at = now
        db.add(row)
        db.flush()
        noted += 1
    return noted


def send_summary(db: Session, account: Account, today: date, now: datetime) -> bool:
    """The monthly summary: once a month has ended, its waiting reminders (of the kinds still wanted) go in
    one mail; a customer who changed to "at once" gets what waited at the next run. Lines of a kind turned
    off meanwhile are settled without mail."""
    choices = settings.choices_of(db, account.id)
    month_start = today.replace(day=1)
    waiting = db.exec(select(ReminderSent).where(ReminderSent.account_id == account.id,
                                                 ReminderSent.mailed_at.is_(None))
                      .order_by(ReminderSent.noted_at, ReminderSent.id)).all()
    if choices.cadence == "monthly":
        waiting = [r for r in waiting if finding.local_day(r.noted_at) < month_start]
    if not waiting:
        return False
    wanted = [r for r in waiting if choices.wants(r.kind)]
    if wanted:
        lang = account.language
        text = "\n\n".join(f"• {r.text}" for r in wanted)
        body = translate("reminders.mail.summary_body", lang, name=account.name, count=len(wanted), text=text,
                         settings=link(SETTINGS_PATH))
        queue_mail(db, to=account.email, subject=translate("reminders.mail.summary_subject", lang, count=len(wanted)),
                   body=body, kind="reminder_summary", account_id=account.id)
    for row in waiting:
        row.mailed_at = now
        db.add(row)
    db.flush()
    return bool(wanted)
