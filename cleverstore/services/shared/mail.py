"""Outgoing e-mail is queued in the database in the same transaction as its cause.

A separate delivery step (SMTP, or the local dev mailbox without SMTP settings)
sends the queued messages, so a failing mail server never undoes a saved change.
"""
from __future__ import annotations

from sqlmodel import Session

from cleverstore.models import OutgoingMail


def queue_mail(db: Session, *, to: str, subject: str, body: str, kind: str, account_id: int | None = None) -> OutgoingMail:
    mail = OutgoingMail(account_id=account_id, to_address=to, subject=subject[:300], body=body, kind=kind[:40])
    db.add(mail)
    db.flush()
    return mail
