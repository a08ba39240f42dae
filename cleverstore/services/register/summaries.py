"""Figures that take a second to make at 100 000 objects, kept until a row they are made of changes.

The dashboard and the insurance check sum the whole register on every page load. Most loads find the
register as the last one left it, so their figures are kept (`registersummary`) with the register's
revision and the day. The database counts the revision up itself, in a trigger on every row the figures
are made of (migration f9b9c9d0eb09), so no write path can forget to; figures kept under an older
revision, or on another day (values depreciate, warranties run out), are made again.

The revision is read before the figures are made, in the same statement as the kept figures: a write that
lands while they are being made counts the revision past the one they are kept under, so they are never
shown for a register they do not describe. Keeping them is a write of its own, after the reading
transaction; when it cannot be made (the database busy with an import), the figures are simply made again
next time.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import and_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from cleverstore.db import tenant_scope
from cleverstore.models import Account, RegisterRevision, RegisterSummary

log = logging.getLogger("cleverstore.summaries")
Made = TypeVar("Made")


@dataclass(frozen=True)
class Recalled:
    revision: int | None  # None: the account has no counter (nothing is kept for it)
    figures: Any = None   # the kept figures (decoded JSON) when they still hold, else None
    # when the register was created: with its id and revision, names this state of this register for good
    # (SQLite may give an erased register's id to a new one, whose revision starts again)
    created_at: datetime | None = None

    @property
    def version(self) -> tuple[datetime, int] | None:
        """(created, revision): what figures remembered outside the database are kept under; None: none."""
        return None if self.revision is None or self.created_at is None else (self.created_at, self.revision)


def recall(db: Session, account_id: int, kind: str, today: date) -> Recalled:
    """The register's revision now and, when they still hold, the figures kept of this kind."""
    row = db.execute(
        select(RegisterRevision.revision, RegisterSummary.revision, RegisterSummary.day, RegisterSummary.figures,
               Account.created_at)
        .select_from(RegisterRevision)
        .join(Account, Account.id == RegisterRevision.account_id)
        .outerjoin(RegisterSummary, and_(RegisterSummary.account_id == RegisterRevision.account_id,
                                         RegisterSummary.kind == kind))
        .where(RegisterRevision.account_id == account_id)).first()
    if row is None:
        return Recalled(None)
    current, kept_at, day, figures, created_at = row
    if kept_at == current and day == today:
        return Recalled(current, json.loads(figures), created_at)
    return Recalled(current, created_at=created_at)


def keep(account_id: int, kind: str, revision: int, today: date, figures: Any) -> bool:
    """Keep figures made at `revision` (a later revision already kept wins); False when it could not be."""
    row = {"account_id": account_id, "kind": kind, "revision": revision, "day": today,
           "figures": json.dumps(figures, separators=(",", ":"))}
    try:
        with tenant_scope(account_id) as db:
            insert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
            statement = insert(RegisterSummary).values(**row)
            db.execute(statement.on_conflict_do_update(
                index_elements=["account_id", "kind"],
                set_={name: statement.excluded[name] for name in ("revision", "day", "figures")},
                where=RegisterSummary.revision <= statement.excluded.revision))
    except OperationalError:  # busy or locked: nothing lost, the figures are made again next time
        log.info("register summary not kept (database busy): account %s, %s", account_id, kind)
        return False
    return True


def remembered(account_id: int, kind: str, today: date, make: Callable[[Session], Made],
               encode: Callable[[Made], Any], decode: Callable[[Any], Made]) -> Made:
    """The figures of `kind` for the register: as kept when they still hold, else made (`make`) and kept."""
    with tenant_scope(account_id) as db:
        recalled = recall(db, account_id, kind, today)
        if recalled.figures is not None:
            try:
                return decode(recalled.figures)
            except (KeyError, IndexError, TypeError, ValueError):  # kept by a version that kept another shape
                log.info("register summary of another shape made again: account %s, %s", account_id, kind)
        made = make(db)
    if recalled.revision is not None:
        keep(account_id, kind, recalled.revision, today, encode(made))
    return made
