"""The change history of objects: one row per changed field, with who changed it and when.

A history row is written once and never changed: it is what a customer (or an insurer) relies on to see
what an object looked like before. Rows go only with their object or their account (a delete, an erasure).
Any UPDATE of one is refused here, whichever way it is sent (a changed row at flush, an ORM or Core update
statement, raw SQL); on PostgreSQL a trigger refuses it too (migration e5f1a2b3c401).

The actor is stored by id (`actor_account_id`, `actor_admin_id`) and named when the row is shown: a person
who changes their name shows the new one, an erased person's name is not kept here.
"""
from __future__ import annotations

import re

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from cleverstore.models import Account, ItemChange
from cleverstore.services.shared.actors import FORMER_MEMBER, Actor, as_actor

MAX_VALUE = 2000
ADMIN_NAME = "CleverStore"


class HistoryIsPermanent(RuntimeError):
    """An attempt to change a written history row (a bug: no code path may do it)."""


def columns_of(actor: Actor | str | None) -> dict:
    """The history row's actor columns for `actor` (also for the importer's bulk inserts)."""
    who = as_actor(actor)
    return {"actor": who.label[:200], "actor_account_id": who.account_id, "actor_admin_id": who.admin_id}


def record_changes(db: Session, account_id: int, item_id: int, actor: Actor | str | None,
                   before: dict[str, str], after: dict[str, str]) -> int:
    """Store every field whose value differs; returns how many."""
    changed = 0
    who = columns_of(actor)
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, ""), after.get(name, "")
        if old != new:
            db.add(ItemChange(account_id=account_id, item_id=item_id, field_name=name[:60],
                              old_value=old[:MAX_VALUE], new_value=new[:MAX_VALUE], **who))
            changed += 1
    db.flush()
    return changed


def changes(db: Session, account_id: int, item_id: int, limit: int = 100) -> list[ItemChange]:
    """Newest first; scoped by account so a foreign item id gives nothing."""
    statement = (
        select(ItemChange)
        .where(ItemChange.account_id == account_id, ItemChange.item_id == item_id)
        .order_by(ItemChange.created_at.desc(), ItemChange.id.desc())
        .limit(limit)
    )
    return list(db.exec(statement).all())


def actor_names(db: Session, rows: list[ItemChange]) -> dict[int, str]:
    """Row id → who made the change, named now: the person's current name, "CleverStore" for an admin,
    the stored label for older rows and the operator; FORMER_MEMBER for a person who is no longer there
    (the register outlives only a household member's erasure; the page says "former member")."""
    people = {row.actor_account_id for row in rows if row.actor_account_id}
    names = dict(db.exec(select(Account.id, Account.name).where(Account.id.in_(people))).all()) if people else {}
    shown = {}
    for row in rows:
        if row.actor_account_id:
            shown[row.id] = names.get(row.actor_account_id, FORMER_MEMBER)
        elif row.actor_admin_id:
            shown[row.id] = ADMIN_NAME
        else:
            shown[row.id] = row.actor
    return shown


# --- the guard ------------------------------------------------------------------------------------------

@event.listens_for(ItemChange, "before_update")
def _refuse_changed_row(_mapper, _connection, _target) -> None:
    raise HistoryIsPermanent("history rows are never updated")


@event.listens_for(OrmSession, "before_flush")
def _refuse_dirty_rows(session, _context, _instances) -> None:
    """Refuse at flush any loaded history row whose columns were changed (before any SQL is sent)."""
    for row in session.dirty:
        if isinstance(row, ItemChange) and session.is_modified(row, include_collections=False):
            raise HistoryIsPermanent("history rows are never updated")


_UPDATE = re.compile(r'^\s*UPDATE\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?itemchange"?\s', re.IGNORECASE)


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_update_statement(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    """The last word: whatever built it (ORM bulk update, Core, text), an UPDATE of the table is refused."""
    if statement.lstrip()[:6].upper() == "UPDATE" and _UPDATE.match(statement):
        raise HistoryIsPermanent("history rows are never updated")
