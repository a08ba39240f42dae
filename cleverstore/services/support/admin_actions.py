"""Use cases of support for administrators: each opens its own unit of work.

The admin inbox, one thread and its answer; and reading a customer's register, read-only, while the
customer's grant on the thread is live. Every look checks the grant again (in `register_access`), and a
refused look is kept in the audit log in a transaction of its own (the refused one rolls back).
Admin work runs in `session_scope()`: support reads across customers, as the staff it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cleverstore.db import session_scope
from cleverstore.models import Account
from cleverstore.services.register import FileBytes, FileInfo, ItemQuery, ItemView
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.support import register_access, threads
from cleverstore.services.support.threads import MessageInfo, ThreadInfo

__all__ = [
    "AdminInbox", "AdminThread", "CustomerObjectLook", "CustomerRegisterLook", "LiveGrant", "admin_support_inbox", "admin_support_thread", "answer_support_thread",
    "browse_customer_register", "live_support_grant", "open_customer_object", "read_customer_file",
    "support_inbox_status",
]


def support_inbox_status(status: str) -> str:
    """The inbox filter: one of the thread statuses, or "" for every thread."""
    return status if status in threads.STATUSES else ""


@dataclass(frozen=True)
class AdminInbox:
    rows: tuple[ThreadInfo, ...]
    matching: int
    page: int
    pages: int
    unread: int  # unread customer messages over all threads


def admin_support_inbox(status: str = "", page: int = 1) -> AdminInbox:
    """Threads with unread customer messages first, then the most recently updated."""
    with session_scope() as db:
        inbox = threads.inbox(db, status, page)
        rows = tuple(threads.thread_info(t) for t in inbox.rows)
        unread = threads.admin_unread(db)
    return AdminInbox(rows, inbox.matching, inbox.page, inbox.pages, unread)


@dataclass(frozen=True)
class AdminThread:
    thread: ThreadInfo
    messages: tuple[MessageInfo, ...]
    customer_name: str
    customer_number: str | None
    access_until: datetime | None  # the expiry of the customer's live grant on this thread


def admin_support_thread(thread_id: object) -> AdminThread:
    """One thread for an admin, now read by the admins; NotFound for an unknown id."""
    with session_scope() as db:
        thread = threads.thread_for_admin(db, thread_id)
        threads.mark_read_by_admin(db, thread)
        shown = threads.message_infos(db, thread.id)
        account = db.get(Account, thread.account_id)
        live = register_access.grant_for_thread(db, thread.id)
        return AdminThread(threads.thread_info(thread, db), shown, account.name, account.customer_number,
                           live.expires_at if live else None)


def answer_support_thread(admin_id: int, thread_id: object, body: str) -> None:
    """The answer is stored, the customer's unread count goes up, an e-mail tells them; audited."""
    with session_scope() as db:
        threads.admin_reply(db, admin_id, thread_id, body)


@dataclass(frozen=True)
class LiveGrant:
    thread_id: int
    expires_at: datetime


def live_support_grant(account_id: int) -> LiveGrant | None:
    """The customer's newest live grant on any thread (the admin's customer page)."""
    with session_scope() as db:
        live = register_access.active_grant(db, account_id)
        return LiveGrant(live.thread_id, live.expires_at) if live else None


# ---- the customer's register under the grant: every function checks the live grant -----------------------

def _refuse(admin_id: int, thread_id: object) -> None:
    with session_scope() as db:
        register_access.record_refusal(db, admin_id, thread_id)


@dataclass(frozen=True)
class CustomerRegisterLook:
    rows: list[ItemView]
    matching: int
    page: int
    pages: int
    customer_name: str
    customer_number: str | None
    access_until: datetime


def browse_customer_register(admin_id: int, thread_id: object, search: str = "", page: int = 1) -> CustomerRegisterLook:
    """One page of the customer's objects, logged as a list or a search.

    NotFound (after the refusal is audited) when there is no live grant on the thread.
    """
    query = ItemQuery.from_untrusted(search=search, page=page)
    try:
        with session_scope() as db:
            look = register_access.browse(db, admin_id, thread_id, query)
            return CustomerRegisterLook(look.page.rows, look.page.matching, look.page.page, look.page.pages,
                                        look.owner.name, look.owner.customer_number, look.grant.expires_at)
    except NotFound:
        _refuse(admin_id, thread_id)
        raise


@dataclass(frozen=True)
class CustomerObjectLook:
    view: ItemView
    files: tuple[FileInfo, ...]
    main_thumb_id: int | None  # the main photo's file, when it has a thumbnail


def open_customer_object(admin_id: int, thread_id: object, item_id: object) -> CustomerObjectLook | None:
    """One object of the customer, logged. None for an id that is not this customer's (as if it did not
    exist); NotFound (after the refusal is audited) when there is no live grant on the thread."""
    try:
        with session_scope() as db:
            look = register_access.open_object(db, admin_id, thread_id, item_id)
    except NotFound:
        with session_scope() as db:
            still_granted = register_access.grant_for_thread(db, thread_id) is not None
        if still_granted:
            return None
        _refuse(admin_id, thread_id)
        raise
    shown = tuple(FileInfo(id=f.id, kind=f.kind, original_name=f.original_name, content_type=f.content_type,
                           is_main=bool(f.is_main), thumb_name=f.thumb_name, size_bytes=f.size_bytes)
                  for f in look.files)
    main = next((f for f in shown if f.is_main and f.thumb_name), None)
    return CustomerObjectLook(look.view, shown, main.id if main else None)


def read_customer_file(admin_id: int, thread_id: object, file_id: object, *, thumbnail: bool) -> FileBytes | None:
    """A customer's photo or document while the grant is live (logged); None, with the refusal audited, else."""
    with session_scope() as db:
        try:
            return register_access.read_file(db, admin_id, thread_id, file_id, thumbnail=thumbnail)
        except NotFound:
            register_access.record_refusal(db, admin_id, thread_id)
            return None
