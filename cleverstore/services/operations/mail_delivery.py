"""Delivery of queued e-mail: SMTP when configured, else the local dev mailbox.

Messages are claimed in one short transaction before they are sent (rows locked by
another node skipped, each claim a conditional UPDATE), so several app nodes (or the
loop and the `send-mail` command) never send the same message twice. A failure waits
1, 2, 4 … minutes before the next try, up to MAX_ATTEMPTS.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import or_, update
from sqlmodel import Session, select

from cleverstore.config import Settings, get_settings
from cleverstore.db import session_scope
from cleverstore.models import OutgoingMail
from cleverstore.models.base import utcnow

MAX_ATTEMPTS = 6
BATCH = 50


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def build_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="cleverstore.se")
    message.set_content(mail.body)
    return message


def send_smtp(message: EmailMessage, settings: Settings) -> None:
    """One SMTP conversation (STARTTLS and login when configured)."""
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def _claim_due(db: Session, now) -> list[OutgoingMail]:
    """Take up to BATCH due messages for this worker in one short transaction, before any is sent.

    Rows another app node is taking are skipped (FOR UPDATE SKIP LOCKED on PostgreSQL), and each
    taken row's attempts and next try move on under the condition that nobody moved them first, so
    no other worker (another node, the loop and `send-mail`) sees it as due while it is being sent.
    """
    due = db.exec(
        select(OutgoingMail)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.attempts < MAX_ATTEMPTS,
               or_(OutgoingMail.next_attempt_at.is_(None), OutgoingMail.next_attempt_at <= now))
        .order_by(OutgoingMail.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    taken = []
    for mail in due:
        backoff = timedelta(minutes=2 ** mail.attempts)
        claimed = db.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail.id, OutgoingMail.sent_at.is_(None),
                   OutgoingMail.attempts == mail.attempts)
            .values(attempts=mail.attempts + 1, next_attempt_at=now + backoff)
        ).rowcount
        if claimed == 1:
            taken.append(mail)
    db.commit()
    for mail in taken:
        db.refresh(mail)
    return taken


def deliver_pending(db: Session, settings: Settings | None = None) -> DeliveryReport:
    """Send what is due. Without SMTP settings a message counts as delivered to the dev mailbox."""
    settings = settings or get_settings()
    if not settings.smtp_configured and settings.is_production:
        return DeliveryReport()
    sent = failed = 0
    now = utcnow()
    for mail in _claim_due(db, now):
        try:
            if settings.smtp_configured:
                send_smtp(build_message(mail, settings.mail_from), settings)
        except (OSError, smtplib.SMTPException) as error:
            mail.last_error = f"{type(error).__name__}: {error}"[:500]
            failed += 1
        else:
            mail.sent_at = utcnow()
            mail.last_error = ""
            sent += 1
        db.add(mail)
        db.commit()
    return DeliveryReport(sent=sent, failed=failed)


def dev_mailbox(db: Session, limit: int = 50) -> list[OutgoingMail]:
    """The newest messages, for the local mailbox page (never offered in production)."""
    return list(db.exec(select(OutgoingMail).order_by(OutgoingMail.id.desc()).limit(limit)).all())


# --- the local dev mailbox page ---------------------------------------------------------------------

@dataclass(frozen=True)
class MailboxMessage:
    subject: str
    to_address: str
    body: str
    sent: bool


def dev_mailbox_offered() -> bool:
    """The dev mailbox page exists only in development (CLEVERSTORE_ENV=dev, not merely "not prod")
    and without SMTP; the route also serves it only to this computer."""
    settings = get_settings()
    return settings.env == "dev" and not settings.smtp_configured


def dev_mailbox_messages(limit: int = 50) -> list[MailboxMessage]:
    """The newest messages for the dev mailbox page (its own unit of work)."""
    with session_scope() as db:
        return [MailboxMessage(m.subject, m.to_address, m.body, m.sent_at is not None) for m in dev_mailbox(db, limit)]
