"""E-mails to customers, written from the i18n catalogues in the customer's own language."""
from __future__ import annotations

from sqlmodel import Session

from cleverstore.config import get_settings
from cleverstore.i18n import translate
from cleverstore.models import Account, OutgoingMail
from cleverstore.services.shared.mail import queue_mail


def link(path: str) -> str:
    """An absolute link into the app for an e-mail."""
    return get_settings().base_url + path


def send(db: Session, account: Account, kind: str, *, to: str | None = None, **values: object) -> OutgoingMail:
    """Queue the `mail.<kind>` message (subject and body keys) for the account."""
    lang = account.language
    values = {"name": account.name, **values}
    return queue_mail(
        db,
        to=to or account.email,
        subject=translate(f"mail.{kind}.subject", lang, **values),
        body=translate(f"mail.{kind}.body", lang, **values),
        kind=kind,
        account_id=account.id,
    )


def send_to_address(db: Session, to: str, kind: str, lang: str = "sv", **values: object) -> OutgoingMail:
    """A message to someone without an account here (a claimant), or after an erasure."""
    return queue_mail(db, to=to, subject=translate(f"mail.{kind}.subject", lang, **values),
                      body=translate(f"mail.{kind}.body", lang, **values), kind=kind)
