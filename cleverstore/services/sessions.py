"""Login sessions: a random token in an HttpOnly cookie, only its hash in the database.

Idle timeout and absolute lifetime come from settings (30 min / 12 h). A login
event cannot set an HttpOnly cookie, so it creates a single-use ticket that an
HTTP route exchanges for the session cookie.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select, update

from cleverstore.config import get_settings
from cleverstore.models import Account, AuthSession, LoginTicket
from cleverstore.models.base import utcnow
from cleverstore.services.tokens import new_token, token_hash

COOKIE_NAME = "cs_session"
# last_seen_at is written at most this often, so reads stay reads.
_TOUCH_EVERY = timedelta(seconds=60)


def create_login_ticket(db: Session, account_id: int) -> str:
    ticket = new_token()
    expires = utcnow() + timedelta(seconds=get_settings().login_ticket_seconds)
    db.add(LoginTicket(account_id=account_id, ticket_hash=token_hash(ticket), expires_at=expires))
    db.flush()
    return ticket


def redeem_login_ticket(db: Session, ticket: str) -> int | None:
    """The account id for a fresh unused ticket, marking it used; None otherwise."""
    if not ticket or len(ticket) > 100:
        return None
    now = utcnow()
    result = db.execute(
        update(LoginTicket)
        .where(
            LoginTicket.ticket_hash == token_hash(ticket),
            LoginTicket.used_at.is_(None),
            LoginTicket.expires_at > now,
        )
        .values(used_at=now)
        .returning(LoginTicket.account_id)
    )
    row = result.first()
    return row[0] if row else None


def start_session(db: Session, account_id: int, *, ip_prefix: str = "", device_id: int | None = None) -> str:
    """A brand-new session (a new id at every login); returns the cookie token."""
    token = new_token()
    now = utcnow()
    db.add(
        AuthSession(
            account_id=account_id,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=get_settings().session_absolute_hours),
            ip_prefix=ip_prefix,
            device_id=device_id,
        )
    )
    db.flush()
    return token


def _live_session(db: Session, token: str, now: datetime) -> AuthSession | None:
    if not token or len(token) > 100:
        return None
    session = db.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).first()
    if session is None or session.revoked_at is not None or session.expires_at <= now:
        return None
    idle_limit = timedelta(minutes=get_settings().session_idle_minutes)
    if now - session.last_seen_at > idle_limit:
        return None
    return session


def resolve(db: Session, token: str) -> tuple[Account, AuthSession] | None:
    """The account behind a cookie token, refreshing the idle timer; None if not live."""
    now = utcnow()
    session = _live_session(db, token, now)
    if session is None:
        return None
    account = db.get(Account, session.account_id)
    if account is None:
        return None
    if now - session.last_seen_at >= _TOUCH_EVERY:
        session.last_seen_at = now
        db.add(session)
        db.flush()
    return account, session


def revoke(db: Session, token: str) -> None:
    if not token:
        return
    db.execute(
        update(AuthSession)
        .where(AuthSession.token_hash == token_hash(token), AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all(db: Session, account_id: int, *, keep_session_id: int | None = None) -> int:
    """End every session of the account (but one, when given). Returns how many ended."""
    query = update(AuthSession).where(AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None))
    if keep_session_id is not None:
        query = query.where(AuthSession.id != keep_session_id)
    return db.execute(query.values(revoked_at=utcnow())).rowcount or 0


def purge_expired(db: Session) -> int:
    """Delete ended sessions (a day after their end) and used or expired login tickets."""
    from sqlalchemy import delete, or_

    cutoff = utcnow() - timedelta(days=1)
    ended = db.execute(delete(AuthSession).where(
        or_(AuthSession.expires_at <= cutoff, AuthSession.revoked_at <= cutoff))).rowcount or 0
    tickets = db.execute(delete(LoginTicket).where(
        or_(LoginTicket.expires_at <= utcnow(), LoginTicket.used_at.is_not(None)))).rowcount or 0
    return ended + tickets


def ip_prefix(address: str) -> str:
    """The /24 of an IPv4 address or the /48 of an IPv6 one: enough for throttling, not a person."""
    import ipaddress

    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
