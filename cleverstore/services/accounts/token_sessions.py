"""Cookie sessions and single-use login tickets, shared by customers and administrators.

Each kind has its own tables (a customer token can never act as an admin one);
the rules are the same: random tokens, only their keyed hash stored, idle and
absolute expiry, revocation effective on the next request.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from sqlalchemy import bindparam
from sqlmodel import Session, select, update

from cleverstore.models.base import utcnow
from cleverstore.services.shared.tokens import new_token, token_hash

# last_seen_at is written at most this often, so most reads stay reads.
TOUCH_EVERY = timedelta(seconds=60)
MAX_TOKEN_LENGTH = 100


def create_ticket(db: Session, ticket_model, owner: dict, *, seconds: int) -> str:
    ticket = new_token()
    db.add(ticket_model(**owner, ticket_hash=token_hash(ticket), expires_at=utcnow() + timedelta(seconds=seconds)))
    db.flush()
    return ticket


def redeem_ticket(db: Session, ticket_model, owner_column, ticket: str) -> int | None:
    """The owner id of a fresh unused ticket, marking it used in the same statement."""
    if not ticket or len(ticket) > MAX_TOKEN_LENGTH:
        return None
    now = utcnow()
    row = db.execute(
        update(ticket_model)
        .where(ticket_model.ticket_hash == token_hash(ticket), ticket_model.used_at.is_(None),
               ticket_model.expires_at > now)
        .values(used_at=now)
        .returning(owner_column)
    ).first()
    return row[0] if row else None


def start(db: Session, session_model, owner: dict, *, hours: int, **extra) -> str:
    token = new_token()
    now = utcnow()
    db.add(session_model(**owner, token_hash=token_hash(token), created_at=now, last_seen_at=now,
                         expires_at=now + timedelta(hours=hours), **extra))
    db.flush()
    return token


@lru_cache(maxsize=8)
def _by_hash(session_model):
    """The row of a token's hash (read on every event and request): one statement per kind of session, built once."""
    return select(session_model).where(session_model.token_hash == bindparam("token_hash"))


@lru_cache(maxsize=8)
def _with_owner_by_hash(session_model, owner_model):
    """A token's session row and its owner's row in one statement (built once per kind)."""
    return (select(session_model, owner_model).join(owner_model, owner_model.id == session_model.account_id)
            .where(session_model.token_hash == bindparam("token_hash")))


def find_live(db: Session, session_model, token: str, *, idle_minutes: int):
    """The live session row for a token (refreshing its idle timer), or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    session = db.exec(_by_hash(session_model), params={"token_hash": token_hash(token)}).first()
    return _live(db, session, idle_minutes)


def find_live_with_owner(db: Session, session_model, owner_model, token: str, *, idle_minutes: int):
    """(session, owner row) for a live token, read together (every event asks for both), or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = db.exec(_with_owner_by_hash(session_model, owner_model), params={"token_hash": token_hash(token)}).first()
    if row is None or _live(db, row[0], idle_minutes) is None:
        return None
    return row[0], row[1]


def _live(db: Session, session, idle_minutes: int):
    """The session when it is neither revoked, expired nor idle too long; its idle timer refreshed."""
    now = utcnow()
    if session is None or session.revoked_at is not None or session.expires_at <= now:
        return None
    if now - session.last_seen_at > timedelta(minutes=idle_minutes):
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        session.last_seen_at = now
        db.add(session)
        db.flush()
    return session


def revoke(db: Session, session_model, token: str) -> None:
    if token:
        db.execute(
            update(session_model)
            .where(session_model.token_hash == token_hash(token), session_model.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
