"""The yearly re-inventory: the customer walks through the home place by place and answers, for each
object, "still here", "moved to …", "gone" (sold, discarded or lost) or "new photo". Every answer
stamps the object's last-checked day (`Item.last_checked_on`), so a register believed after a loss
says when it was last seen true.

A round is the last twelve months, rolling: an object counts as checked when it was confirmed on or
after the same day a year ago. Why rolling rather than a round the customer starts: what an insurer
asks is whether the register was true within the past year, whatever day the walk began. Nothing has
to be opened or closed, a walk spread over several weekends counts as one, and an object confirmed
eleven months ago is not asked about again until its year has passed (a started round would throw
away the checks made the week before it).

The walk holds the objects still owned, and those answered "gone" in this round: the count
("12 av 40 kontrollerade") does not shrink under the customer's thumb as they sell and discard.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from cleverstore.db import tenant_scope
from cleverstore.models import FileKind, Item, ItemFile, ItemStatus
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue, files, history, search_index
from cleverstore.services.register.ownership import get_item
from cleverstore.services.shared import activity, worth
from cleverstore.services.shared.actors import Actor
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import FieldError, clean_date

__all__ = [
    "ANSWERS", "GONE_STATUSES", "NO_PLACE_KEY", "CheckedItem", "InventoryWalk", "ObjectToCheck", "PlaceProgress",
    "check_item", "inventory_walk", "round_start",
]

ANSWERS = ("still_here", "moved", "gone", "new_photo")
GONE_STATUSES = (ItemStatus.SOLD.value, ItemStatus.DISCARDED.value, ItemStatus.LOST.value)
NO_PLACE_KEY = "none"  # the walk's stop for objects that have no place yet
PHOTO_TAKEN_WITHIN = timedelta(hours=1)  # "new photo" answers the capture just made, not an old picture


def round_start(today: date) -> date:
    """The first day of the round that ends today: the same day a year ago (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def is_checked(last_checked_on: date | None, today: date) -> bool:
    return last_checked_on is not None and round_start(today) <= last_checked_on <= today


def _in_walk(today: date):
    """Owned objects, and those that left the register by an answer of this round."""
    return or_(worth.owned(), Item.last_checked_on >= round_start(today))


def _checked(today: date):
    return and_(Item.last_checked_on.is_not(None), Item.last_checked_on >= round_start(today),
                Item.last_checked_on <= today)


@dataclass(frozen=True)
class PlaceProgress:
    """One stop of the walk: a place (its full path; `key` is its id, or NO_PLACE_KEY) and how far it is."""

    key: str
    path: str
    depth: int
    checked: int
    total: int

    @property
    def done(self) -> bool:
        return self.checked >= self.total


@dataclass(frozen=True)
class ObjectToCheck:
    id: int
    name: str
    status: str
    last_checked_on: date | None
    checked: bool
    photo_id: int | None


@dataclass(frozen=True)
class InventoryWalk:
    """The register's progress, every place's, the chosen place's objects (not yet checked first) and
    the places an object can be moved to ((id, path) in tree order)."""

    today: date
    checked: int
    total: int
    places: tuple[PlaceProgress, ...]
    place: PlaceProgress | None
    objects: tuple[ObjectToCheck, ...]
    move_targets: tuple[tuple[str, str], ...]
    last_checked_on: date | None


@dataclass(frozen=True)
class CheckedItem:
    """What an answer did: the object, its answer and the day it was checked."""

    item_id: int
    name: str
    answer: str
    checked_on: date


def places_progress(db: Session, account_id: int, today: date) -> list[PlaceProgress]:
    """Every place that holds objects of the walk, in tree order; objects without a place last."""
    counts = {location_id: (int(total), int(done or 0)) for location_id, total, done in db.exec(
        select(Item.location_id, func.count(Item.id), func.sum(case((_checked(today), 1), else_=0)))
        .where(Item.account_id == account_id, _in_walk(today)).group_by(Item.location_id)).all()}
    shown = [PlaceProgress(str(node.id), node.path, node.depth, counts[node.id][1], counts[node.id][0])
             for node in catalogue.location_tree(db, account_id) if node.id in counts]
    if None in counts:
        shown.append(PlaceProgress(NO_PLACE_KEY, "", 0, counts[None][1], counts[None][0]))
    return shown


def objects_of_place(db: Session, account_id: int, key: str, today: date) -> list[ObjectToCheck]:
    """The place's objects of the walk: those not yet checked in this round first, then by name."""
    where = Item.location_id.is_(None) if key == NO_PLACE_KEY else Item.location_id == int(key)
    rows = db.exec(select(Item.id, Item.name, Item.status, Item.last_checked_on)
                   .where(Item.account_id == account_id, _in_walk(today), where)).all()
    ids = [row[0] for row in rows]
    photos = dict(db.exec(select(ItemFile.item_id, func.min(ItemFile.id))
                          .where(ItemFile.item_id.in_(ids), ItemFile.kind == FileKind.PHOTO.value, ItemFile.is_main)
                          .group_by(ItemFile.item_id)).all()) if ids else {}
    shown = [ObjectToCheck(item_id, name, status, checked_on, is_checked(checked_on, today), photos.get(item_id))
             for item_id, name, status, checked_on in rows]
    return sorted(shown, key=lambda o: (o.checked, (o.name or "").lower(), o.id))


def not_checked_condition(today: date):
    """SQL: an owned object the yearly walk has not yet confirmed in this round."""
    return and_(worth.owned(), ~_checked(today))


def not_checked(db: Session, account_id: int, today: date) -> int:
    """How many owned objects the yearly walk has not yet confirmed in this round (the dashboard's reminder)."""
    return int(db.exec(select(func.count(Item.id)).where(Item.account_id == account_id,
                                                       not_checked_condition(today))).one())


def last_checked(db: Session, account_id: int) -> date | None:
    """The latest day any object was checked: the day the register was last confirmed true."""
    return db.exec(select(func.max(Item.last_checked_on)).where(Item.account_id == account_id)).one()


def _stamp(db: Session, account_id: int, item: Item, answer: str, before: dict[str, str], after: dict[str, str],
           actor: Actor | str, today: date) -> CheckedItem:
    before = {**before, "last_checked": item.last_checked_on.isoformat() if item.last_checked_on else ""}
    item.last_checked_on = today
    after = {**after, "last_checked": today.isoformat()}
    db.add(item)
    db.flush()
    history.record_changes(db, account_id, item.id, actor, before, after)
    activity.record(db, account_id, f"item_checked_{answer}", item.name)
    return CheckedItem(item.id, item.name, answer, today)


def still_here(db: Session, account_id: int, item: Item, actor: Actor | str, today: date) -> CheckedItem:
    """Seen where it should be; a lost object seen again is in use again."""
    before = {"status": item.status, "lost_date": _day(item.lost_date)}
    if item.status == ItemStatus.LOST.value:
        item.status, item.lost_date = ItemStatus.IN_USE.value, None
    after = {"status": item.status, "lost_date": _day(item.lost_date)}
    return _stamp(db, account_id, item, "still_here", before, after, actor, today)


def moved(db: Session, account_id: int, item: Item, place_id: object, actor: Actor | str, today: date) -> CheckedItem:
    """Found in another of the register's places (a foreign or missing place is NotFound)."""
    if not str(place_id or "").strip():
        raise ValidationFailed({"location": "inventory.choose_place"})
    place = catalogue.get_location(db, account_id, place_id)
    paths = catalogue.location_paths(db, account_id)
    before = {"location": paths.get(item.location_id, "")}
    item.location_id = place.id
    search_index.refresh(db, account_id, [item.id])  # the new place's path is searched
    return _stamp(db, account_id, item, "moved", before, {"location": paths.get(place.id, "")}, actor, today)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def gone(db: Session, account_id: int, item: Item, gone_as: str, sold_date: object, actor: Actor | str,
         today: date) -> CheckedItem:
    """Sold (with the day it was sold, as the object form asks), discarded, or lost (lost today)."""
    if gone_as not in GONE_STATUSES:
        raise ValidationFailed({"status": "error.choose_status"})
    try:
        sold_on = clean_date(sold_date, allow_future=False, today=today) if gone_as == ItemStatus.SOLD.value else None
    except FieldError as refused:
        raise ValidationFailed({"sold_date": refused.key}) from None
    if gone_as == ItemStatus.SOLD.value and sold_on is None:
        raise ValidationFailed({"sold_date": "error.sold_date_required"})
    before = {"status": item.status, "sold_date": _day(item.sold_date), "lost_date": _day(item.lost_date)}
    item.status = gone_as
    if sold_on is not None:
        item.sold_date = sold_on
    if gone_as == ItemStatus.LOST.value and item.lost_date is None:
        item.lost_date = today
    after = {"status": item.status, "sold_date": _day(item.sold_date), "lost_date": _day(item.lost_date)}
    return _stamp(db, account_id, item, "gone", before, after, actor, today)


def new_photo(db: Session, account_id: int, item: Item, actor: Actor | str, today: date) -> CheckedItem:
    """After the photo capture: the newest photo shows the object as it is now, so it becomes the main one.
    Refused unless a photo was saved within PHOTO_TAKEN_WITHIN (a failed upload checks nothing)."""
    newest = db.exec(select(ItemFile).where(ItemFile.account_id == account_id, ItemFile.item_id == item.id,
                                            ItemFile.kind == FileKind.PHOTO.value,
                                            ItemFile.created_at >= utcnow() - PHOTO_TAKEN_WITHIN)
                     .order_by(ItemFile.id.desc())).first()
    if newest is None:
        raise ValidationFailed({"photo": "inventory.no_photo"})
    files.set_main(db, account_id, newest.id)
    return _stamp(db, account_id, item, "new_photo", {}, {}, actor, today)


def answer(db: Session, account_id: int, item_id: object, what: str, *, place_id: object = "", gone_as: str = "",
           sold_date: object = "", actor: Actor | str = "", today: date) -> CheckedItem:
    """One answer about one object of this register (another register's object is NotFound)."""
    if what not in ANSWERS:
        raise ValidationFailed({"answer": "inventory.choose_answer"})
    item = get_item(db, account_id, item_id)
    if what == "moved":
        return moved(db, account_id, item, place_id, actor, today)
    if what == "gone":
        return gone(db, account_id, item, gone_as, sold_date, actor, today)
    if what == "new_photo":
        return new_photo(db, account_id, item, actor, today)
    return still_here(db, account_id, item, actor, today)


# --- actions --------------------------------------------------------------------------

def inventory_walk(account_id: int, place: str = "", *, today: date | None = None) -> InventoryWalk:
    """The walk: the register's and every place's progress, and one place's objects. An unknown `place`
    (or none) opens the first place with objects left to check, else the first place."""
    today = today or date.today()
    with tenant_scope(account_id) as db:
        places = places_progress(db, account_id, today)
        chosen = next((p for p in places if p.key == str(place)), None) \
            or next((p for p in places if not p.done), None) or (places[0] if places else None)
        objects = objects_of_place(db, account_id, chosen.key, today) if chosen else []
        targets = tuple((str(node.id), node.path) for node in catalogue.location_tree(db, account_id))
        latest = last_checked(db, account_id)
    return InventoryWalk(today=today, checked=sum(p.checked for p in places), total=sum(p.total for p in places),
                         places=tuple(places), place=chosen, objects=tuple(objects), move_targets=targets,
                         last_checked_on=latest)


def check_item(account_id: int, item_id: object, what: str, *, place_id: object = "", gone_as: str = "",
               sold_date: object = "", actor: Actor | str = "", today: date | None = None) -> CheckedItem:
    """Record one answer of the walk ("still_here", "moved" to `place_id`, "gone" as `gone_as` with
    `sold_date` when sold, "new_photo" after the capture). ValidationFailed changes nothing; NotFound
    for an object or place that is not this register's."""
    with tenant_scope(account_id) as db:
        return answer(db, account_id, item_id, what, place_id=place_id, gone_as=gone_as, sold_date=sold_date,
                      actor=actor, today=today or date.today())
