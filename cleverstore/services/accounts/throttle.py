"""Login throttling per e-mail address and per client address prefix.

Failures are counted in the database so every worker sees the same numbers. The
e-mail key is used whether or not an account exists, so the answer never tells
whether an address is registered.

An attempt is taken before the password is checked (`take_attempt`): its row is written
and counted under a lock (SQLite's single writer; a transaction advisory lock on
PostgreSQL), so parallel attempts never get more checks than the limit. A successful
login gives its attempt back (`give_back`).
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, func, text
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


def _lock(db: Session, *keys: str) -> None:
    """Serialise attempts on the same keys within this transaction (PostgreSQL; SQLite has one writer)."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(keys):
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        db.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})


def take_attempt(db: Session, email: str, address_prefix: str) -> tuple[int, int] | None:
    """Count one login attempt before its password is checked, atomically; None when the e-mail or
    the network is throttled (nothing is counted then). The rows count as failures until
    `give_back` removes them after a success."""
    email_key, address_key = _keys(email, address_prefix)
    _lock(db, email_key, address_key)
    rows = [LoginFailure(key_hash=email_key), LoginFailure(key_hash=address_key)]
    db.add_all(rows)
    db.flush()  # the insert comes first: on SQLite it takes the write lock before the count
    if _recent(db, email_key) > MAX_PER_EMAIL or _recent(db, address_key) > MAX_PER_ADDRESS:
        for row in rows:
            db.delete(row)
        db.flush()
        return None
    return rows[0].id, rows[1].id


def give_back(db: Session, attempt: tuple[int, ...]) -> None:
    """A successful login is not a failure: its attempt stops counting."""
    db.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt)))


def just_locked(db: Session, email: str) -> bool:
    """True when the e-mail's failures have just reached the limit (to tell the owner once)."""
    return _recent(db, _keys(email, "")[0]) == MAX_PER_EMAIL


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


def take(db: Session, scope: str, key: str, limit: int) -> int | None:
    """Count one event of `scope` for `key` before the work it guards, atomically like
    `take_attempt`; None (nothing counted) when `key` had `limit` events in the window already.
    The returned row id may be given back with `give_back` when the event turned out good."""
    hashed = token_hash(f"{scope}:{key}")
    _lock(db, hashed)
    row = LoginFailure(key_hash=hashed)
    db.add(row)
    db.flush()
    if _recent(db, hashed) > limit:
        db.delete(row)
        db.flush()
        return None
    return row.id


def count(db: Session, scope: str, key: str) -> int:
    """How many events of `scope` `key` had within the window."""
    return _recent(db, token_hash(f"{scope}:{key}"))


def too_many(db: Session, scope: str, key: str, limit: int) -> bool:
    """True when `key` already had `limit` events of `scope` within the window."""
    return _recent(db, token_hash(f"{scope}:{key}")) >= limit
