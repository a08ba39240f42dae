"""Login throttling per e-mail address and per client address prefix.

Failures are counted in the database so every worker sees the same numbers. The
e-mail key is used whether or not an account exists, so the answer never tells
whether an address is registered.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from cleverstore.models import LoginFailure
from cleverstore.models.base import utcnow
from cleverstore.services.shared.tokens import token_hash

WINDOW = timedelta(minutes=15)
MAX_PER_EMAIL = 5
MAX_PER_ADDRESS = 30


def _keys(email: str, address_prefix: str) -> tuple[str, str]:
    return token_hash("email:" + email.strip().lower()), token_hash("ip:" + address_prefix)


def _recent(db: Session, key: str) -> int:
    since = utcnow() - WINDOW
    query = select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key_hash == key, LoginFailure.created_at > since
    )
    return db.exec(query).one()


def is_throttled(db: Session, email: str, address_prefix: str) -> bool:
    email_key, address_key = _keys(email, address_prefix)
    return _recent(db, email_key) >= MAX_PER_EMAIL or _recent(db, address_key) >= MAX_PER_ADDRESS


def record_failure(db: Session, email: str, address_prefix: str) -> None:
    for key in _keys(email, address_prefix):
        db.add(LoginFailure(key_hash=key))
    db.flush()


def clear_for_email(db: Session, email: str) -> None:
    """A successful login forgets that address's failures (not the network's)."""
    email_key, _ = _keys(email, "")
    db.execute(delete(LoginFailure).where(LoginFailure.key_hash == email_key))


def purge_old(db: Session) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.created_at <= utcnow() - WINDOW))


def note(db: Session, scope: str, key: str) -> None:
    """Count one event of `scope` (e.g. "reset-mail") for `key`, in the same table and window."""
    db.add(LoginFailure(key_hash=token_hash(f"{scope}:{key}")))
    db.flush()


def too_many(db: Session, scope: str, key: str, limit: int) -> bool:
    """True when `key` already had `limit` events of `scope` within the window."""
    return _recent(db, token_hash(f"{scope}:{key}")) >= limit
