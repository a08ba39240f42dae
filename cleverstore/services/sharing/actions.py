"""Use cases of read-only links: the owner makes, lists and ends them (in the register's `tenant_scope`); an
adjuster opens one by its token. The token names the register, so finding it is unscoped (like an heir's
link); what it shows is then read in the register's `tenant_scope`."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Account, Category, Item, SharedLink
from cleverstore.models.base import utcnow
from cleverstore.models.register import FileKind
from cleverstore.services.accounts import registers
from cleverstore.services.accounts.sessions import ip_prefix
from cleverstore.services.register import catalogue
from cleverstore.services.register import files as register_files
from cleverstore.services.register.files import FileBytes
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.reports.shared_selection import write_shared_selection
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.worth import estimated_value
from cleverstore.services.sharing import links, log, opening
from cleverstore.services.sharing.links import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS
from cleverstore.services.sharing.opening import NeedsCode, Opened

__all__ = [
    "DEFAULT_DAYS", "MAX_DAYS", "MIN_DAYS", "LinkSummary", "NeedsCode", "NewLink", "Opened", "SharedObject",
    "SharedView", "VisitInfo", "end_shared_link", "make_shared_link", "may_share_links", "open_shared_link",
    "share_places", "shared_file", "shared_links", "shared_report", "shared_view",
]


@dataclass(frozen=True)
class NewLink:
    """Shown once after making: the token (the URL's last part) and the code ("" without one)."""

    token: str
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class VisitInfo:
    at: datetime
    address_prefix: str
    kind: str  # opened, report, file
    detail: str


@dataclass(frozen=True)
class LinkSummary:
    id: int
    object_count: int
    place: str  # the place it shows ("" for chosen objects)
    show_prices: bool
    show_receipts: bool
    with_code: bool
    created_at: datetime
    expires_at: datetime
    status: str  # live, expired, ended
    visits: list[VisitInfo]


@dataclass(frozen=True)
class SharedObject:
    id: int
    name: str
    category: str
    place: str
    manufacturer: str
    model: str
    serial_number: str
    quantity: int
    purchase_price_ore: int | None  # None also when the owner hid purchase prices
    replacement_ore: int | None
    estimated_ore: int | None
    photo_ids: list[int]
    documents: list[tuple[int, str, str]]  # (file id, kind, file name): only when the owner chose so


@dataclass(frozen=True)
class SharedView:
    owner_name: str
    expires_at: datetime
    show_prices: bool
    show_receipts: bool
    objects: list[SharedObject]


# --- the owner ----------------------------------------------------------------------------------------------

def may_share_links(account_id: int, person_id: int) -> bool:
    """The register's owner with an open register (the page offers the links only then)."""
    with session_scope() as db:
        return links.may_share(db, account_id, person_id)


def _require_owner(account_id: int, person_id: int) -> None:
    if not may_share_links(account_id, person_id):
        raise ValidationFailed({"link": "share.error_not_owner"})


def share_places(account_id: int) -> list[tuple[int, str]]:
    """The register's places to share, by their full path."""
    with tenant_scope(account_id) as db:
        return [(node.id, node.path) for node in catalogue.location_tree(db, account_id)]


def make_shared_link(account_id: int, person_id: int, form: dict, item_ids: object = ()) -> NewLink:
    """A new link of chosen objects or of a place; ValidationFailed lists what to fix (and refuses anyone but
    the owner of an open register)."""
    _require_owner(account_id, person_id)
    with tenant_scope(account_id) as db:
        choices = links.clean_choices(db, account_id, form, item_ids)
        now = utcnow()
        token, code = links.make_link(db, account_id, choices, now)
    return NewLink(token, code, now + timedelta(days=choices.days))


def shared_links(account_id: int, person_id: int) -> list[LinkSummary]:
    """The register's links, newest first, with their openings; ValidationFailed for anyone but the owner."""
    _require_owner(account_id, person_id)
    now = utcnow()
    with tenant_scope(account_id) as db:
        paths = catalogue.location_paths(db, account_id)
        return [LinkSummary(link.id, count, paths.get(link.location_id, "") if link.location_id else "",
                            link.show_prices, link.show_receipts, link.code_hash is not None, link.created_at,
                            link.expires_at, links.status(link, now),
                            [VisitInfo(v.created_at, v.address_prefix, v.kind, v.detail) for v in visits])
                for link, count, visits in links.links_of(db, account_id)]


def end_shared_link(account_id: int, person_id: int, link_id: object) -> None:
    """End a link at once; NotFound when it is not this register's."""
    _require_owner(account_id, person_id)
    with tenant_scope(account_id) as db:
        links.end_link(db, account_id, link_id)


# --- the adjuster -------------------------------------------------------------------------------------------

def open_shared_link(token: str, code: str | None, client_address: str) -> Opened | NeedsCode | None:
    """Open a link: a new opening (logged with the /24 or /48), the code asked for, or None (unknown, expired,
    ended, a locked or suspended owner: all the same)."""
    with session_scope() as db:
        return opening.open_link(db, str(token)[:200], code if code is None else str(code)[:100],
                                 ip_prefix(client_address))


def _opened(token: str, session_token: str) -> tuple[SharedLink, str] | None:
    with session_scope() as db:
        link = opening.opening(db, str(token)[:200], str(session_token)[:200])
        if link is None:
            return None
        owner = db.get(Account, registers.owner_id_of(db, link.account_id))
        return link, owner.name if owner else ""


def _estimate(item: Item, life: int | None, today: date, show_prices: bool) -> int | None:
    """The estimated value; with purchase prices hidden only the owner's own current value (an estimate
    worked out from the purchase price would tell the price)."""
    if not show_prices:
        return item.current_value_ore
    return estimated_value(item.purchase_price_ore, item.current_value_ore, item.purchase_date, life, today)


def shared_view(token: str, session_token: str, today: date | None = None) -> SharedView | None:
    """What the link shows to this opening, or None."""
    found = _opened(token, session_token)
    if found is None:
        return None
    link, owner_name = found
    today = today or date.today()
    with tenant_scope(link.account_id) as db:
        ids = opening.shown_item_ids(db, link)
        paths = catalogue.location_paths(db, link.account_id)
        rows = db.exec(select(Item, Category.name, Category.useful_life_years)
                       .outerjoin(Category, Category.id == Item.category_id)
                       .where(Item.account_id == link.account_id, Item.id.in_(ids))
                       .order_by(Item.name, Item.id)).all() if ids else []
        stored = opening.shown_files(db, link, ids)
        objects = []
        for item, category, life in rows:
            own = [f for f in stored if f.item_id == item.id]
            objects.append(SharedObject(
                item.id, item.name, category or "", paths.get(item.location_id, ""), item.manufacturer, item.model,
                item.serial_number, item.quantity, item.purchase_price_ore if link.show_prices else None,
                item.replacement_value_ore,
                _estimate(item, life, today, link.show_prices),
                [f.id for f in own if f.kind == FileKind.PHOTO.value],
                [(f.id, f.kind, f.original_name) for f in own if f.kind != FileKind.PHOTO.value]))
    return SharedView(owner_name, link.expires_at, link.show_prices, link.show_receipts, objects)


def shared_file(token: str, session_token: str, file_id: object, variant: str,
                client_address: str) -> FileBytes | None:
    """A photo or (when shown) a document of the link's objects; None for every other id. A download (a
    document, or a photo's original) is logged on the owner's list."""
    found = _opened(token, session_token)
    if found is None:
        return None
    link = found[0]
    with tenant_scope(link.account_id) as db:
        record = opening.shown_file(db, link, file_id)
        if record is None:
            return None
        try:
            data = register_files.read(db, link.account_id, record.id, thumbnail=variant == "thumb",
                                       display=variant == "display")
        except NotFound:
            return None
        if variant == "download" or record.kind != FileKind.PHOTO.value:
            log.note(db, link, "file", record.original_name, ip_prefix(client_address))
        return data


def shared_report(token: str, session_token: str, lang: str, client_address: str) -> tuple[bytes, str] | None:
    """The PDF of exactly the link's objects (purchase prices and documents as the owner chose); logged."""
    found = _opened(token, session_token)
    if found is None:
        return None
    link = found[0]
    out = io.BytesIO()
    created = utcnow()
    report_id = report_jobs.new_report_id()
    with tenant_scope(link.account_id) as db:
        ids = opening.shown_item_ids(db, link)
        try:
            write_shared_selection(db, link.account_id, ids, out, report_id=report_id, created=created, lang=lang,
                                   show_prices=link.show_prices, show_documents=link.show_receipts)
        except ValidationFailed:  # nothing left to show (objects sold, deleted, the place emptied)
            return None
        log.note(db, link, "report", report_id, ip_prefix(client_address))
    return out.getvalue(), f"cleverstore-{report_id}-{created:%Y-%m-%d}.pdf"
