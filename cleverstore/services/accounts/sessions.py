"""Customer login sessions: a random token in an HttpOnly cookie, only its hash in the database.

Idle timeout and absolute lifetime come from settings (30 min / 12 h). A login
event cannot set an HttpOnly cookie, so it creates a single-use ticket that an
HTTP route exchanges for the session cookie.
"""
from __future__ import annotations

import ipaddress
import re
from datetime import timedelta

from sqlmodel import Session, update

from cleverstore.config import get_settings
from cleverstore.models import Account, AccountKind, AuthSession, LoginTicket
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import token_sessions

COOKIE_NAME = "cs_session"
# Where a login may continue: only our own pages, never another site (no open redirect).
SAFE_NEXT = re.compile(r"^/(l/[A-Za-z0-9_-]{1,40}|object\?id=\d{1,12}|register|reports|support|profile|members)$")


def safe_next(value: str) -> str:
    return value if SAFE_NEXT.match(value or "") else "/register"


def create_login_ticket(db: Session, account_id: int) -> str:
    return token_sessions.create_ticket(
        db, LoginTicket, {"account_id": account_id}, seconds=get_settings().login_ticket_seconds
    )


def redeem_login_ticket(db: Session, ticket: str) -> int | None:
    return token_sessions.redeem_ticket(db, LoginTicket, LoginTicket.account_id, ticket)


def start_session(db: Session, account_id: int, *, ip_prefix: str = "", device_id: int | None = None) -> str:
    """A brand-new session (a new id at every login); returns the cookie token."""
    return token_sessions.start(
        db, AuthSession, {"account_id": account_id}, hours=get_settings().session_absolute_hours, ip_prefix=ip_prefix,
        device_id=device_id,
    )


def resolve(db: Session, token: str) -> tuple[Account, AuthSession] | None:
    """The account behind a cookie token, refreshing the idle timer; None if not live or suspended."""
    found = token_sessions.find_live_with_owner(db, AuthSession, Account, token,
                                                idle_minutes=get_settings().session_idle_minutes)
    if found is None:
        return None
    session, account = found
    if account.suspended_at is not None or account.kind == AccountKind.REGISTER.value:
        return None  # a company register never has a session of its own
    return account, session


def revoke(db: Session, token: str) -> None:
    token_sessions.revoke(db, AuthSession, token)


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
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
