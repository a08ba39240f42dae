"""Device recognition at login without fingerprinting.

A device is a random first-party cookie (only its keyed hash stored), a keyed
hash of the browser string, a coarse label ("Chrome på Linux") and the address
prefix. A login from a device the account has not used, or from a known device on a network
prefix it was not last seen on (a copied cookie), sends a notice e-mail.
The same cookie across accounts lets admins see one browser used for many.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.models import Account, AuthSession, Device, LoginFailure
from cleverstore.models.base import utcnow
from cleverstore.services.shared import activity, notices
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.shared.tokens import new_token, token_hash

COOKIE_NAME = "cs_device"
COOKIE_MAX_AGE = 365 * 24 * 3600

_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("Linux", "Linux"))


def agent_hash(user_agent: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"ua:" + user_agent.encode(), hashlib.sha256).hexdigest()[:32]


def label_for(user_agent: str) -> str:
    """A coarse, human label; never the raw browser string."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    return " / ".join(part for part in (browser, system) if part)[:80]


@dataclass(frozen=True)
class DeviceLogin:
    device_id: int
    cookie_token: str
    is_new: bool


def remember_login(db: Session, account_id: int, cookie_token: str, user_agent: str, address_prefix: str) -> DeviceLogin:
    """Find or record the device for this login; a new one (not the account's first) gets a notice."""
    now = utcnow()
    token = cookie_token if cookie_token and len(cookie_token) <= 100 else new_token()
    known = db.exec(select(Device).where(Device.account_id == account_id, Device.cookie_hash == token_hash(token),
                                         Device.revoked_at.is_(None))).first()
    if known is not None:
        # A known cookie from another network may be a copied cookie: the owner hears of it as of a new device.
        moved = bool(known.ip_prefix) and known.ip_prefix != address_prefix
        known.last_seen_at = now
        known.ip_prefix = address_prefix
        known.agent_hash = agent_hash(user_agent)
        known.label = label_for(user_agent)
        db.add(known)
        db.flush()
        if moved:
            _tell_owner(db, account_id, known.label, address_prefix, now)
        return DeviceLogin(known.id, token, moved)
    first_ever = db.exec(select(Device.id).where(Device.account_id == account_id)).first() is None
    device = Device(account_id=account_id, cookie_hash=token_hash(token), agent_hash=agent_hash(user_agent),
                    label=label_for(user_agent), ip_prefix=address_prefix, first_seen_at=now, last_seen_at=now)
    db.add(device)
    db.flush()
    if not first_ever:
        _tell_owner(db, account_id, device.label, address_prefix, now)
    return DeviceLogin(device.id, token, True)


def _tell_owner(db: Session, account_id: int, label: str, address_prefix: str, now: datetime) -> None:
    account = db.get(Account, account_id)
    notices.send(db, account, "new_device", device=label or "?", prefix=address_prefix,
                 when=local_text(now, with_zone=True), link=notices.link("/security"))
    activity.record(db, account_id, "new_device", label)


@dataclass(frozen=True)
class SessionView:
    session_id: int
    device_label: str
    ip_prefix: str
    started: datetime
    last_seen: datetime
    current: bool


def live_sessions(db: Session, account_id: int, current_session_id: int | None = None) -> list[SessionView]:
    now = utcnow()
    rows = db.exec(
        select(AuthSession, Device)
        .join(Device, Device.id == AuthSession.device_id, isouter=True)
        .where(AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)
        .order_by(AuthSession.last_seen_at.desc())
    ).all()
    return [
        SessionView(s.id, (d.label if d else "") or "?", s.ip_prefix, s.created_at, s.last_seen_at,
                    s.id == current_session_id)
        for s, d in rows
    ]


def known_devices(db: Session, account_id: int) -> list[Device]:
    """The account's remembered devices, most recently used first."""
    return list(db.exec(select(Device).where(Device.account_id == account_id, Device.revoked_at.is_(None))
                        .order_by(Device.last_seen_at.desc(), Device.id.desc())).all())


def sign_out_session(db: Session, account_id: int, session_id: int) -> None:
    """End one of the account's own sessions; a foreign or unknown id is NotFound."""
    ended = db.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    if ended != 1:
        raise NotFound()
    activity.record(db, account_id, "session_ended")


def forget_device(db: Session, account_id: int, device_id: int) -> None:
    """Revoke a device: its sessions end and its next login counts as new."""
    device = db.exec(select(Device).where(Device.id == device_id, Device.account_id == account_id,
                                          Device.revoked_at.is_(None))).first()
    if device is None:
        raise NotFound()
    device.revoked_at = utcnow()
    db.add(device)
    db.execute(update(AuthSession).where(AuthSession.device_id == device_id, AuthSession.revoked_at.is_(None))
               .values(revoked_at=utcnow()))
    activity.record(db, account_id, "device_forgotten", device.label)


@dataclass(frozen=True)
class MisuseSignal:
    kind: str  # "device_accounts", "prefix_accounts" or "prefix_failures"
    key: str  # a short keyed-hash prefix or an address prefix: never a raw fingerprint
    count: int


def misuse_signals(db: Session, threshold: int = 3) -> list[MisuseSignal]:
    """For admins: one browser or address prefix behind many accounts, or many failed logins."""
    signals: list[MisuseSignal] = []
    for column, kind in ((Device.cookie_hash, "device_accounts"), (Device.ip_prefix, "prefix_accounts")):
        rows = db.exec(
            select(column, func.count(func.distinct(Device.account_id)))
            .group_by(column)
            .having(func.count(func.distinct(Device.account_id)) >= threshold)
        ).all()
        signals += [MisuseSignal(kind, key[:12] if kind == "device_accounts" else key, n) for key, n in rows]
    prefixes = {token_hash("ip:" + p): p for p in db.exec(select(Device.ip_prefix).distinct()).all()}
    failures = db.exec(
        select(LoginFailure.key_hash, func.count()).group_by(LoginFailure.key_hash)
        .having(func.count() >= threshold)
    ).all()
    signals += [MisuseSignal("prefix_failures", prefixes[key], n) for key, n in failures if key in prefixes]
    return signals
