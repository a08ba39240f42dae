"""Link tokens sent by e-mail: 256 random bits, only a keyed hash stored, single-use, expiring."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, select

from cleverstore.models import EmailToken
from cleverstore.models.base import utcnow
from cleverstore.services.shared.tokens import new_token, token_hash

LIFETIMES = {
    "verify": timedelta(days=3),
    "reset": timedelta(minutes=30),
}


def issue(db: Session, account_id: int, purpose: str) -> str:
    """A fresh token; older unused tokens of the same purpose stop working."""
    if purpose not in LIFETIMES:
        raise ValueError(purpose)
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
    now = utcnow()
    row = db.execute(
        update(EmailToken)
        .where(EmailToken.token_hash == token_hash(token), EmailToken.purpose == purpose,
               EmailToken.used_at.is_(None), EmailToken.expires_at > now)
        .values(used_at=now)
        .returning(EmailToken.account_id)
    ).first()
    return row[0] if row else None
