"""The adjuster's side of a link: the token found (live, its owner neither suspended nor locked), the access
code checked and throttled, an opening's own session, and what the link shows — nothing else.

Unknown, expired and ended tokens, and the links of a locked or suspended owner, are all the same "none".
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from cleverstore.models import Account, Item, ItemFile, SharedLink, SharedLinkItem, SharedLinkVisit
from cleverstore.models.base import utcnow
from cleverstore.models.register import FileKind
from cleverstore.services.accounts import registers, throttle
from cleverstore.services.billing import rules as billing_rules
from cleverstore.services.register import catalogue
from cleverstore.services.shared import security_log, worth
from cleverstore.services.shared.tokens import token_hash
from cleverstore.services.sharing import links, log

SESSION_HOURS = 12  # an opening's cookie lives this long, never past the link's end
CODE_SCOPE, NETWORK_SCOPE = "share-code", "share-code-net"
MAX_CODES_PER_LINK = 5  # wrong codes per link in the throttle's window (15 minutes)
MAX_CODES_PER_NETWORK = 20
MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class Opened:
    """A new opening: its session token (the cookie's value) and how long it lives, in seconds."""

    session_token: str
    max_age: int


@dataclass(frozen=True)
class NeedsCode:
    """The link asks for its code: none typed yet, a wrong one, or too many wrong ones (`throttled`)."""

    wrong: bool = False
    throttled: bool = False


def _aware(moment: datetime, now: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def live_link(db: Session, token: str, now: datetime | None = None) -> SharedLink | None:
    """The link of this token while it works: not ended, not expired, its register open, its owner not
    suspended. Unscoped: the token names the register."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    now = now or utcnow()
    link = db.exec(select(SharedLink).where(SharedLink.token_hash == token_hash(token))).first()
    if link is None or link.ended_at is not None or _aware(link.expires_at, now) <= now:
        return None
    owner = db.get(Account, registers.owner_id_of(db, link.account_id))
    register = db.get(Account, link.account_id)
    if owner is None or register is None or owner.suspended_at is not None or register.suspended_at is not None:
        return None
    if not billing_rules.register_open(db, link.account_id, now):
        return None
    return link


def _start(db: Session, link: SharedLink, prefix: str, now: datetime) -> Opened:
    session_token = secrets.token_urlsafe(32)
    log.note(db, link, "opened", "", prefix, cookie_hash=token_hash(session_token))
    ends = min(now + timedelta(hours=SESSION_HOURS), _aware(link.expires_at, now))
    return Opened(session_token, max(1, int((ends - now).total_seconds())))


def open_link(db: Session, token: str, code: str | None, prefix: str,
              now: datetime | None = None) -> Opened | NeedsCode | None:
    """Open a link from `prefix` (the /24 or /48): a new logged opening, or the code asked for. A wrong code
    is counted per link and per network before it is checked, and logged in the security log."""
    now = now or utcnow()
    link = live_link(db, token, now)
    if link is None:
        return None
    if link.code_hash is None:
        return _start(db, link, prefix, now)
    if code is None or not str(code).strip():
        return NeedsCode()
    per_link = throttle.take(db, CODE_SCOPE, str(link.id), MAX_CODES_PER_LINK)
    per_network = throttle.take(db, NETWORK_SCOPE, prefix, MAX_CODES_PER_NETWORK) if per_link else None
    if per_link is None or per_network is None:
        if per_link is not None:
            throttle.give_back(db, (per_link,))
        security_log.record(db, "wrong_share_code", link=str(link.id))
        return NeedsCode(wrong=True, throttled=True)
    if not secrets.compare_digest(links.code_hash(link.token_hash, code), link.code_hash):
        security_log.record(db, "wrong_share_code", link=str(link.id))
        return NeedsCode(wrong=True)
    throttle.give_back(db, (per_link, per_network))
    return _start(db, link, prefix, now)


def opening(db: Session, token: str, session_token: str, now: datetime | None = None) -> SharedLink | None:
    """The live link when `session_token` is one of its openings' and not older than SESSION_HOURS."""
    now = now or utcnow()
    link = live_link(db, token, now)
    if link is None or not session_token or len(session_token) > MAX_TOKEN_LENGTH:
        return None
    visit = db.exec(select(SharedLinkVisit).where(SharedLinkVisit.cookie_hash == token_hash(session_token),
                                                  SharedLinkVisit.link_id == link.id,
                                                  SharedLinkVisit.kind == "opened")).first()
    if visit is None or _aware(visit.created_at, now) <= now - timedelta(hours=SESSION_HOURS):
        return None
    return link


def shown_item_ids(db: Session, link: SharedLink) -> list[int]:
    """The register's owned objects the link shows: its chosen ones, or those in its place and the places
    inside it (a removed place shows none)."""
    query = select(Item.id).where(Item.account_id == link.account_id, worth.owned())
    if link.location_id is not None:
        places = catalogue.location_with_descendants(db, link.account_id, link.location_id)
        query = query.where(Item.location_id.in_(places))
    else:
        chosen = select(SharedLinkItem.item_id).where(SharedLinkItem.link_id == link.id,
                                                      SharedLinkItem.account_id == link.account_id)
        query = query.where(Item.id.in_(chosen))
    return sorted(db.exec(query).all())


def shown_files(db: Session, link: SharedLink, item_ids: list[int]) -> list[ItemFile]:
    """The files the link shows: the objects' photos, and their documents only when the owner chose so."""
    if not item_ids:
        return []
    query = select(ItemFile).where(ItemFile.account_id == link.account_id, ItemFile.item_id.in_(item_ids))
    if not link.show_receipts:
        query = query.where(ItemFile.kind == FileKind.PHOTO.value)
    return list(db.exec(query.order_by(ItemFile.item_id, ItemFile.is_main.desc(), ItemFile.id)).all())


def shown_file(db: Session, link: SharedLink, file_id: object) -> ItemFile | None:
    """One file of the link's objects by its id; None for every other id (of the register or not)."""
    text = str(file_id).strip()[:12]
    if not text.isdigit():
        return None
    for record in shown_files(db, link, shown_item_ids(db, link)):
        if record.id == int(text):
            return record
    security_log.record(db, "denied_id", table="itemfile", id=text)
    return None
