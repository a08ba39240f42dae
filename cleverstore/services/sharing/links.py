"""The owner's side of a read-only link: the choices cleaned, the link made (token and code kept hashed),
ended at once, and listed with its openings.

Only the register's owner makes, lists and ends links (never a household member); a locked register or a
suspended owner makes none. A link shows chosen objects or one place (with the places inside it), never
the whole register.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from cleverstore.models import Account, Item, SharedLink, SharedLinkItem, SharedLinkVisit
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import registers
from cleverstore.services.billing import rules as billing_rules
from cleverstore.services.register import catalogue
from cleverstore.services.shared import security_log
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.tokens import token_hash

MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 30, 14
MAX_OBJECTS = 500
# the access code the owner sends apart from the link: no 0/O, 1/I/L to misread on a phone
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


@dataclass(frozen=True)
class Choices:
    """What a link shows, cleaned: chosen objects or a place, for how many days, and with what."""

    item_ids: tuple[int, ...]
    location_id: int | None
    days: int
    show_prices: bool
    show_receipts: bool
    with_code: bool


def _ticked(value: object) -> bool:
    return str(value).strip().lower() in ("on", "true", "1", "yes")


def clean_days(value: object) -> int:
    """1–30 whole days; an empty field is the default 14."""
    text = str(value if value is not None else "").strip()[:4]
    if not text:
        return DEFAULT_DAYS
    if not text.isdigit() or not MIN_DAYS <= int(text) <= MAX_DAYS:
        raise ValidationFailed({"days": "share.error_days"})
    return int(text)


def _ids(values: object) -> list[int]:
    found = []
    for value in list(values or [])[:MAX_OBJECTS + 1]:
        text = str(value).strip()[:12]
        if not text.isdigit():
            raise ValidationFailed({"objects": "share.error_not_yours"})
        found.append(int(text))
    return sorted(set(found))


def clean_choices(db: Session, account_id: int, form: dict, item_ids: object = ()) -> Choices:
    """Chosen objects (all the register's own) or a place of the register; another customer's id (or a
    made-up one) is refused, and noted in the security log."""
    form = dict(form or {})
    errors: dict[str, str] = {}
    try:
        days = clean_days(form.get("days"))
    except ValidationFailed as failed:
        errors.update(failed.errors)
        days = DEFAULT_DAYS
    place = str(form.get("place") or "").strip()[:12]
    location_id, chosen = None, []
    if place:
        try:
            location_id = catalogue.get_location(db, account_id, place).id
        except NotFound:  # logged in the security log by the register's lookup
            errors["place"] = "share.error_place"
    else:
        try:
            chosen = _ids(item_ids)
        except ValidationFailed as failed:
            errors.update(failed.errors)
        if len(chosen) > MAX_OBJECTS:
            errors["objects"] = "share.error_too_many"
        elif chosen:
            own = set(db.exec(select(Item.id).where(Item.account_id == account_id, Item.id.in_(chosen))).all())
            foreign = [i for i in chosen if i not in own]
            if foreign:
                security_log.record(db, "denied_id", table="item", id=str(foreign[0]))
                errors["objects"] = "share.error_not_yours"
        elif "objects" not in errors:
            errors["objects"] = "share.error_no_objects"
    if errors:
        raise ValidationFailed(errors)
    return Choices(tuple(chosen), location_id, days, _ticked(form.get("show_prices")),
                   _ticked(form.get("show_receipts")), _ticked(form.get("with_code")))


def may_share(db: Session, account_id: int, person_id: int) -> bool:
    """The register's owner (the paying customer, also of a company register), not suspended, register open."""
    if registers.owner_id_of(db, account_id) != person_id:
        return False
    owner = db.get(Account, person_id)
    return owner is not None and owner.suspended_at is None and billing_rules.register_open(db, account_id)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_hash(link_token_hash: str, code: str) -> str:
    """The code as typed (spaces, dashes and case ignored), hashed with the link it belongs to."""
    typed = "".join(ch for ch in str(code).upper() if ch.isalnum())[:40]
    return token_hash(f"share-code:{link_token_hash}:{typed}")


def make_link(db: Session, account_id: int, choices: Choices, now: datetime | None = None) -> tuple[str, str]:
    """Store a link; its token (≥ 256 random bits) and code (or "") are returned once and kept only hashed."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    hashed = token_hash(token)
    code = new_code() if choices.with_code else ""
    link = SharedLink(account_id=account_id, token_hash=hashed, location_id=choices.location_id,
                      show_prices=choices.show_prices, show_receipts=choices.show_receipts,
                      code_hash=code_hash(hashed, code) if code else None, created_at=now,
                      expires_at=now + timedelta(days=choices.days))
    db.add(link)
    db.flush()
    db.add_all([SharedLinkItem(link_id=link.id, account_id=account_id, item_id=item_id)
                for item_id in choices.item_ids])
    db.flush()
    return token, code


def end_link(db: Session, account_id: int, link_id: object, now: datetime | None = None) -> None:
    """End a link at once (an ended link stays ended); NotFound when it is not this register's."""
    text = str(link_id).strip()[:12]
    link = db.get(SharedLink, int(text)) if text.isdigit() else None
    if link is None or link.account_id != account_id:
        raise NotFound()
    if link.ended_at is None:
        link.ended_at = now or utcnow()
        db.add(link)
        db.flush()


def status(link: SharedLink, now: datetime | None = None) -> str:
    """"ended", "expired" or "live"."""
    now = now or utcnow()
    if link.ended_at is not None:
        return "ended"
    expires = link.expires_at if link.expires_at.tzinfo else link.expires_at.replace(tzinfo=now.tzinfo)
    return "expired" if expires <= now else "live"


def links_of(db: Session, account_id: int) -> list[tuple[SharedLink, int, list[SharedLinkVisit]]]:
    """The register's links, newest first, each with how many objects it names and its openings (newest first)."""
    links = db.exec(select(SharedLink).where(SharedLink.account_id == account_id)
                    .order_by(SharedLink.created_at.desc(), SharedLink.id.desc())).all()
    ids = [link.id for link in links]
    counts: dict[int, int] = {}
    visits: dict[int, list[SharedLinkVisit]] = {}
    if ids:
        for row in db.exec(select(SharedLinkItem.link_id).where(SharedLinkItem.link_id.in_(ids))).all():
            counts[row] = counts.get(row, 0) + 1
        for visit in db.exec(select(SharedLinkVisit).where(SharedLinkVisit.link_id.in_(ids))
                             .order_by(SharedLinkVisit.created_at.desc(), SharedLinkVisit.id.desc())).all():
            visits.setdefault(visit.link_id, []).append(visit)
    return [(link, counts.get(link.id, 0), visits.get(link.id, [])) for link in links]
