"""Every opening of a link and every download through it, with the time and the coarse address (the /24 of
IPv4 or the /48 of IPv6, never the full address), shown to the owner; and the purge of old links.

Openings of a link that has ended or expired are kept 90 days, the link itself 90 days after it ended.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from cleverstore.models import SharedLink, SharedLinkItem, SharedLinkVisit
from cleverstore.models.base import utcnow

KINDS = ("opened", "report", "file")
KEPT = timedelta(days=90)


def note(db: Session, link: SharedLink, kind: str, detail: str, prefix: str,
         cookie_hash: str | None = None) -> SharedLinkVisit:
    """Log one opening or download on the owner's link."""
    if kind not in KINDS:
        raise ValueError(kind)
    visit = SharedLinkVisit(link_id=link.id, account_id=link.account_id, kind=kind, detail=str(detail)[:200],
                            address_prefix=str(prefix)[:50], cookie_hash=cookie_hash)
    db.add(visit)
    db.flush()
    return visit


def purge_expired(db: Session, now: datetime | None = None) -> int:
    """Delete links 90 days after they ended or expired (their openings go with them), and openings older
    than 90 days of links that no longer work. Returns how many links went."""
    now = now or utcnow()
    cutoff = now - KEPT
    gone = db.exec(select(SharedLink.id).where(or_(SharedLink.expires_at <= cutoff,
                                                   SharedLink.ended_at <= cutoff))).all()
    if gone:
        db.execute(delete(SharedLinkVisit).where(SharedLinkVisit.link_id.in_(gone)))
        db.execute(delete(SharedLinkItem).where(SharedLinkItem.link_id.in_(gone)))
        db.execute(delete(SharedLink).where(SharedLink.id.in_(gone)))
    over = select(SharedLink.id).where(or_(SharedLink.expires_at <= now, SharedLink.ended_at.is_not(None)))
    db.execute(delete(SharedLinkVisit).where(SharedLinkVisit.created_at <= cutoff,
                                             SharedLinkVisit.link_id.in_(over)))
    return len(gone)
