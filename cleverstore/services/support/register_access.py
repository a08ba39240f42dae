"""Support's read-only look at a customer's register, granted by the customer on one support thread.

A grant ends when the customer withdraws it, when its thread is closed, or after
GRANT_DAYS at the latest; ending is final (granting again makes a new row). Every
admin function here checks the live grant itself, so a state or route cannot
forget to, and every look is kept three times: the append-only audit log (who
among the staff), the customer's activity log, and the thread's list of views.
Audit rows hold only ids, so they say nothing about an erased customer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import (
    Account,
    ItemFile,
    SupportAccessGrant,
    SupportAccessView,
    SupportThread,
)
from cleverstore.models.base import utcnow
from cleverstore.services.register import files, items
from cleverstore.services.register.files import FileBytes
from cleverstore.services.register.items import ItemPage, ItemQuery, ItemView
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.support import threads

GRANT_DAYS = 14
VIEW_KINDS = ("list", "search", "object", "file")


def _end(db: Session, grant: SupportAccessGrant, reason: str) -> None:
    grant.ended_at, grant.ended_reason = utcnow(), reason
    db.add(grant)
    db.flush()


def is_live(db: Session, grant: SupportAccessGrant) -> bool:
    """Not ended, not expired, and its thread still open (closing the thread ends the grant for good)."""
    if grant.ended_at is not None or grant.expires_at <= utcnow():
        return False
    thread = db.get(SupportThread, grant.thread_id)
    if thread is None or thread.status == "closed":
        _end(db, grant, "closed")
        return False
    return True


def _thread_number(thread_id: object) -> int:
    try:
        return int(str(thread_id))
    except (TypeError, ValueError):
        raise NotFound() from None


def grant_for_thread(db: Session, thread_id: object, account_id: int | None = None) -> SupportAccessGrant | None:
    """The live grant on this thread (of this customer, when given), or None."""
    statement = (select(SupportAccessGrant)
                 .where(SupportAccessGrant.thread_id == _thread_number(thread_id),
                        SupportAccessGrant.ended_at.is_(None))
                 .order_by(SupportAccessGrant.id.desc()))
    if account_id is not None:
        statement = statement.where(SupportAccessGrant.account_id == account_id)
    return next((g for g in db.exec(statement).all() if is_live(db, g)), None)


def active_grant(db: Session, account_id: int) -> SupportAccessGrant | None:
    """The customer's newest live grant on any thread (for the admin's customer page)."""
    statement = (select(SupportAccessGrant)
                 .where(SupportAccessGrant.account_id == account_id, SupportAccessGrant.ended_at.is_(None))
                 .order_by(SupportAccessGrant.id.desc()))
    return next((g for g in db.exec(statement).all() if is_live(db, g)), None)


def latest_grant(db: Session, account_id: int, thread_id: int) -> SupportAccessGrant | None:
    """The newest grant on the thread, live or ended (the customer sees when and why it ended)."""
    return db.exec(select(SupportAccessGrant)
                   .where(SupportAccessGrant.account_id == account_id, SupportAccessGrant.thread_id == thread_id)
                   .order_by(SupportAccessGrant.id.desc())).first()


def grant(db: Session, account_id: int, thread_id: object, days: int = GRANT_DAYS) -> SupportAccessGrant:
    """The customer lets support read the register for this thread (at most GRANT_DAYS days).

    Another customer's thread is NotFound; a closed thread is refused; a live grant is kept as it is.
    """
    thread = threads.thread_for_customer(db, account_id, thread_id)
    if thread.status == "closed":
        raise ValidationFailed({"access": "support_access.thread_closed"})
    live = grant_for_thread(db, thread.id)
    if live is not None:
        return live
    now = utcnow()
    row = SupportAccessGrant(account_id=account_id, thread_id=thread.id, granted_at=now,
                             expires_at=now + timedelta(days=min(max(1, int(days)), GRANT_DAYS)))
    db.add(row)
    db.flush()
    activity.record(db, account_id, "support_access_granted", f"{thread.subject} · {local_text(row.expires_at)}")
    return row


def withdraw(db: Session, account_id: int, thread_id: object) -> bool:
    """The customer ends the thread's grant now; False when there was none to end."""
    thread = threads.thread_for_customer(db, account_id, thread_id)
    live = grant_for_thread(db, thread.id, account_id)
    if live is None:
        return False
    _end(db, live, "withdrawn")
    activity.record(db, account_id, "support_access_withdrawn", thread.subject)
    return True


def views(db: Session, account_id: int, thread_id: int, limit: int = 200) -> list[SupportAccessView]:
    """Every look support took under the thread's grants, newest first."""
    return list(db.exec(
        select(SupportAccessView)
        .join(SupportAccessGrant, SupportAccessGrant.id == SupportAccessView.grant_id)
        .where(SupportAccessGrant.thread_id == thread_id, SupportAccessView.account_id == account_id)
        .order_by(SupportAccessView.created_at.desc(), SupportAccessView.id.desc())
        .limit(limit)
    ).all())


# ---- the admin side: every function checks the live grant first -------------------------------------------

def require_grant(db: Session, thread_id: object) -> SupportAccessGrant:
    """The live grant of the thread, or NotFound (none, withdrawn, expired, closed, or no such thread)."""
    found = grant_for_thread(db, thread_id)
    if found is None:
        raise NotFound()
    return found


def record_refusal(db: Session, admin_id: int, thread_id: object) -> None:
    """An admin tried to look without a live grant (called in its own transaction: the refusal rolled back)."""
    audit.record(db, admin_id, "support_register_refused", "support_thread", str(thread_id)[:40])


def _record_view(db: Session, admin_id: int, grant_row: SupportAccessGrant, kind: str, target: tuple[str, int],
                 **values: object) -> None:
    account = db.get(Account, grant_row.account_id)
    seen = translate(f"support_access.seen_{kind}", account.language, **values)[:300]
    db.add(SupportAccessView(grant_id=grant_row.id, account_id=account.id, admin_id=admin_id, kind=kind,
                             detail=seen))
    audit.record(db, admin_id, f"support_register_{kind}", target[0], target[1],
                 reason=f"thread {grant_row.thread_id}")
    activity.record(db, account.id, "support_access_viewed", seen)


@dataclass
class RegisterLook:
    grant: SupportAccessGrant
    owner: Account
    page: ItemPage


def browse(db: Session, admin_id: int, thread_id: object, query: ItemQuery) -> RegisterLook:
    """One page of the customer's objects (the register's own query), logged as a list or a search."""
    live = require_grant(db, thread_id)
    page = items.list_items(db, live.account_id, query)
    kind = "search" if query.search else "list"
    _record_view(db, admin_id, live, kind, ("account", live.account_id), page=page.page, search=query.search)
    return RegisterLook(live, db.get(Account, live.account_id), page)


@dataclass
class ObjectLook:
    grant: SupportAccessGrant
    view: ItemView
    files: list[ItemFile]


def open_object(db: Session, admin_id: int, thread_id: object, item_id: object) -> ObjectLook:
    live = require_grant(db, thread_id)
    item = items.get_item(db, live.account_id, item_id)
    _record_view(db, admin_id, live, "object", ("item", item.id), name=item.name)
    return ObjectLook(live, items.view_of(db, live.account_id, item), files.files_of(db, live.account_id, item.id))


def read_file(db: Session, admin_id: int, thread_id: object, file_id: object, *, thumbnail: bool) -> FileBytes:
    live = require_grant(db, thread_id)
    record = files.get_file(db, live.account_id, file_id)
    found = files.read(db, live.account_id, record.id, thumbnail=thumbnail)
    _record_view(db, admin_id, live, "file", ("item_file", record.id), name=record.original_name)
    return found
