"""One customer's row by the id a client sent: anything not theirs (or not a number) is NotFound.

Every lookup of an object, category, place or field by a client's id goes through here, so the
owner filter is written once and cannot be forgotten.
"""
from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, select

from cleverstore.models import Item
from cleverstore.services.shared import security_log
from cleverstore.services.shared.errors import NotFound

Row = TypeVar("Row")


def wanted_id(value: object) -> int:
    """The id a client sent, as a number; anything else is NotFound (never a 500)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise NotFound() from None


def owned_row(db: Session, model: type[Row], account_id: int, row_id: object) -> Row:
    """The row of `model` with this id in this account's register."""
    found = db.exec(select(model).where(model.id == wanted_id(row_id), model.account_id == account_id)).first()
    if found is None:
        refused(db, model, row_id)
    return found


def refused(db: Session, model: type, row_id: object) -> None:
    """A client asked for an id that is not this customer's: logged and counted, then NotFound."""
    security_log.record(db, "denied_id", table=model.__tablename__, id=str(row_id)[:20])
    raise NotFound()


def get_item(db: Session, account_id: int, item_id: object) -> Item:
    return owned_row(db, Item, account_id, item_id)


def owned_ids(db: Session, account_id: int, ids: list[int]) -> list[int]:
    """The given ids that belong to the account; the rest are silently dropped."""
    if not ids:
        return []
    return list(db.exec(select(Item.id).where(Item.account_id == account_id, Item.id.in_(ids))).all())
