"""Link tokens sent by e-mail: 256 random bits, only a keyed hash stored, single-use, expiring."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from cleverstore.models import EmailToken
from cleverstore.models.base import utcnow
from cleverstore.services.shared.tokens import new_token, token_hash, use_once

LIFETIMES = {
    "verify": timedelta(days=3),
    "reset": timedelta(minutes=30),
    "totp_removal": timedelta(days=3),  # the customer confirms a second-factor removal two admins agreed on
    "totp_removal_stop": timedelta(days=14),  # the stop link in the waiting-period notice
}


def issue(db: Session, account_id: int, purpose: str, *, keep_earlier: bool = False) -> str:
    """A fresh token; older unused tokens of the same purpose stop working unless `keep_earlier`
    (another copy of the same link to the same address: the first mail must not die silently)."""
    if purpose not in LIFETIMES:
        raise ValueError(purpose)
    if not keep_earlier:
        db.execute(delete(EmailToken).where(EmailToken.account_id == account_id, EmailToken.purpose == purpose,
                                            EmailToken.used_at.is_(None)))
    token = new_token()
    db.add(EmailToken(account_id=account_id, purpose=purpose, token_hash=token_hash(token),
                      expires_at=utcnow() + LIFETIMES[purpose]))
    db.flush()
    return token


def revoke(db: Session, account_id: int, purpose: str) -> None:
    """Every unused token of this purpose stops working (a changed password ends all reset links)."""
    db.execute(delete(EmailToken).where(EmailToken.account_id == account_id, EmailToken.purpose == purpose,
                                        EmailToken.used_at.is_(None)))


def _usable(token: str, purpose: str) -> bool:
    return bool(token) and len(token) <= 100 and purpose in LIFETIMES


def peek(db: Session, token: str, purpose: str) -> int | None:
    """The account id of a live token, without using it up (to show the reset form)."""
    if not _usable(token, purpose):
        return None
    row = db.exec(select(EmailToken).where(
        EmailToken.token_hash == token_hash(token), EmailToken.purpose == purpose,
        EmailToken.used_at.is_(None), EmailToken.expires_at > utcnow(),
    )).first()
    return row.account_id if row else None


def consume(db: Session, token: str, purpose: str) -> int | None:
    """Use the token once, atomically; the account id, or None when missing, used or expired."""
    if not _usable(token, purpose):
        return None
    return use_once(db, EmailToken, token, EmailToken.account_id, EmailToken.purpose == purpose)
