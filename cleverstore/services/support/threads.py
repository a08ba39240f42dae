"""Support messages inside the service: the customer writes, an admin answers, both see the thread."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import Account, Item, SupportMessage, SupportThread
from cleverstore.models.base import utcnow
from cleverstore.services.shared import activity, audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.mail import queue_mail
from cleverstore.services.shared.validation import FieldError, clean_text

PAGE_SIZE = 25
STATUSES = ("open", "answered", "closed")


@dataclass
class Inbox:
    rows: list[SupportThread]
    matching: int
    page: int
    pages: int


@dataclass(frozen=True)
class ThreadInfo:
    """A thread as the pages show it (customer and admin alike)."""

    id: int
    account_id: int
    subject: str
    status: str
    updated_at: datetime
    customer_unread: int
    admin_unread: int
    item_id: int | None = None  # the object the thread is about (None: no object, or it was deleted)
    item_name: str = ""


@dataclass(frozen=True)
class MessageInfo:
    id: int
    from_admin: bool
    created_at: datetime
    body: str


def thread_info(thread: SupportThread, db: Session | None = None) -> ThreadInfo:
    """With `db`, also the object the thread is about (when it still exists in the thread's register)."""
    item_id, item_name = None, ""
    if db is not None and thread.item_id is not None:
        item = db.exec(select(Item).where(Item.id == thread.item_id, Item.account_id == thread.account_id)).first()
        if item is not None:
            item_id, item_name = item.id, item.name
    return ThreadInfo(thread.id, thread.account_id, thread.subject, thread.status, thread.updated_at,
                      thread.customer_unread, thread.admin_unread, item_id, item_name)


def message_infos(db: Session, thread_id: int) -> tuple[MessageInfo, ...]:
    """The thread's messages, oldest first, as plain values."""
    return tuple(MessageInfo(m.id, m.from_admin, m.created_at, m.body) for m in messages(db, thread_id))


def _clean_body(body: object) -> str:
    try:
        return clean_text(body, max_length=5000, required=True, multiline=True)
    except FieldError as exc:
        raise ValidationFailed({"body": exc.key}) from exc


def open_thread(db: Session, account_id: int, subject: object, body: object, item_id: object = None) -> SupportThread:
    errors: dict[str, str] = {}
    try:
        clean_subject = clean_text(subject, max_length=200, required=True)
    except FieldError as exc:
        errors["subject"] = exc.key
    try:
        clean_body = _clean_body(body)
    except ValidationFailed as failed:
        errors.update(failed.errors)
    linked = None
    if item_id not in (None, "", "0"):
        try:
            wanted = int(str(item_id))
        except ValueError:
            wanted = -1
        linked = db.exec(select(Item.id).where(Item.id == wanted, Item.account_id == account_id)).first()
        if linked is None:
            errors["item_id"] = "error.choose_object"
    if errors:
        raise ValidationFailed(errors)
    thread = SupportThread(account_id=account_id, subject=clean_subject, item_id=linked, admin_unread=1)
    db.add(thread)
    db.flush()
    db.add(SupportMessage(thread_id=thread.id, account_id=account_id, body=clean_body))
    activity.record(db, account_id, "support_opened", clean_subject)
    db.flush()
    return thread


def thread_for_customer(db: Session, account_id: int, thread_id: object) -> SupportThread:
    try:
        wanted = int(str(thread_id))
    except (TypeError, ValueError):
        raise NotFound() from None
    thread = db.exec(select(SupportThread).where(SupportThread.id == wanted,
                                                 SupportThread.account_id == account_id)).first()
    if thread is None:
        raise NotFound()
    return thread


def thread_for_admin(db: Session, thread_id: object) -> SupportThread:
    try:
        thread = db.get(SupportThread, int(str(thread_id)))
    except (TypeError, ValueError):
        thread = None
    if thread is None:
        raise NotFound()
    return thread


def messages(db: Session, thread_id: int) -> list[SupportMessage]:
    return list(db.exec(select(SupportMessage).where(SupportMessage.thread_id == thread_id)
                        .order_by(SupportMessage.created_at, SupportMessage.id)).all())


def customer_reply(db: Session, account_id: int, thread_id: object, body: object) -> SupportThread:
    thread = thread_for_customer(db, account_id, thread_id)
    db.add(SupportMessage(thread_id=thread.id, account_id=thread.account_id, body=_clean_body(body)))
    thread.status, thread.updated_at = "open", utcnow()
    thread.admin_unread += 1
    db.add(thread)
    db.flush()
    return thread


def admin_reply(db: Session, admin_id: int, thread_id: object, body: object) -> SupportThread:
    """The answer is stored, the customer's unread count goes up and an e-mail tells them."""
    thread = thread_for_admin(db, thread_id)
    text = _clean_body(body)
    db.add(SupportMessage(thread_id=thread.id, account_id=thread.account_id, from_admin=True, admin_id=admin_id,
                          body=text))
    thread.status, thread.updated_at = "answered", utcnow()
    thread.customer_unread += 1
    thread.admin_unread = 0
    db.add(thread)
    account = db.get(Account, thread.account_id)
    lang = account.language
    queue_mail(
        db, to=account.email, kind="support_answer", account_id=account.id,
        subject=translate("support.mail_subject", lang, subject=thread.subject),
        body=translate("support.mail_body", lang, name=account.name, subject=thread.subject),
    )
    audit.record(db, admin_id, "support_answered", "support_thread", thread.id)
    db.flush()
    return thread


def mark_read_by_customer(db: Session, thread: SupportThread) -> None:
    if thread.customer_unread:
        thread.customer_unread = 0
        db.add(thread)
        db.flush()


def mark_read_by_admin(db: Session, thread: SupportThread) -> None:
    if thread.admin_unread:
        thread.admin_unread = 0
        db.add(thread)
        db.flush()


def customer_threads(db: Session, account_id: int) -> list[SupportThread]:
    return list(db.exec(select(SupportThread).where(SupportThread.account_id == account_id)
                        .order_by(SupportThread.updated_at.desc(), SupportThread.id.desc()).limit(100)).all())


def customer_unread_count(account_id: int):
    """The customer's unread answers as a column expression: read with the other figures of every event."""
    return (select(func.coalesce(func.sum(SupportThread.customer_unread), 0))
            .where(SupportThread.account_id == account_id).scalar_subquery())


def admin_unread(db: Session) -> int:
    return int(db.exec(select(func.coalesce(func.sum(SupportThread.admin_unread), 0))).one())


def inbox(db: Session, status: str = "", page: int = 1) -> Inbox:
    statement = select(SupportThread)
    count = select(func.count(SupportThread.id))
    if status in STATUSES:
        statement = statement.where(SupportThread.status == status)
        count = count.where(SupportThread.status == status)
    matching = db.exec(count).one()
    pages = max(1, math.ceil(matching / PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.exec(statement.order_by(SupportThread.admin_unread.desc(), SupportThread.updated_at.desc())
                   .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return Inbox(list(rows), matching, page, pages)
