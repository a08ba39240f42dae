"""Use cases of support for customers: each opens its own unit of work.

The customer's threads, a new thread (optionally with support access to the register), replies,
and the time-limited grant that lets support read the register: given and withdrawn by the customer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cleverstore.db import tenant_scope
from cleverstore.services.register import items
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.support import register_access
from cleverstore.services.support import threads as support
from cleverstore.services.support.threads import (
    MessageInfo,
    ThreadInfo,
    message_infos,
    thread_info,
)

__all__ = [
    "AccessInfo", "MessageInfo", "ObjectChoice", "ObjectMatches", "SupportOverview", "ThreadInfo", "ThreadPage",
    "ViewInfo", "find_support_objects", "grant_support_access", "open_support_thread", "reply_to_support_thread",
    "show_support_thread", "support_overview", "withdraw_support_access",
]

MAX_FIELD = 6000  # what a form field may bring at most; the rules of each field then apply
_TICKED = ("on", "true", "1")


@dataclass(frozen=True)
class ObjectChoice:
    """An object the customer may link a new thread to."""

    id: int
    name: str


@dataclass(frozen=True)
class ObjectMatches:
    """The objects of the whole register that match what the customer typed (the first page of them)."""

    objects: tuple[ObjectChoice, ...]
    matching: int


@dataclass(frozen=True)
class SupportOverview:
    threads: tuple[ThreadInfo, ...]
    objects: tuple[ObjectChoice, ...]


@dataclass(frozen=True)
class AccessInfo:
    """What the customer is told about support's access on a thread.

    `state`: "live", "withdrawn", "closed", "expired" (the newest grant ended that way) or "none";
    `when`: until when (live), when it ended (withdrawn, closed) or expired; `can_give`: a grant may be given now.
    """

    state: str
    when: datetime | None
    can_give: bool


@dataclass(frozen=True)
class ViewInfo:
    """One look support took at the register (staff stay anonymous to the customer)."""

    id: int
    created_at: datetime
    detail: str


@dataclass(frozen=True)
class ThreadPage:
    thread: ThreadInfo
    messages: tuple[MessageInfo, ...]
    access: AccessInfo
    views: tuple[ViewInfo, ...]


def _clip(value: object) -> str:
    return str(value)[:MAX_FIELD]


def support_overview(account_id: int) -> SupportOverview:
    """The customer's threads and the objects a new thread may be about."""
    with tenant_scope(account_id) as db:
        threads = tuple(thread_info(t) for t in support.customer_threads(db, account_id))
        page = items.list_items(db, account_id, ItemQuery(page=1))
        objects = tuple(ObjectChoice(view.item.id, view.item.name) for view in page.rows)
    return SupportOverview(threads, objects)


def find_support_objects(account_id: int, text: object) -> ObjectMatches:
    """Search the customer's whole register (name, maker, model, serial number…) for the object a new
    thread is about; nothing for an empty search."""
    wanted = str(text or "")[:200].strip()
    if not wanted:
        return ObjectMatches((), 0)
    with tenant_scope(account_id) as db:
        page = items.list_items(db, account_id, ItemQuery.from_untrusted(search=wanted))
        found = tuple(ObjectChoice(view.item.id, view.item.name) for view in page.rows)
    return ObjectMatches(found, page.matching)


def open_support_thread(account_id: int, form: dict) -> int:
    """A new thread with its first message; support may read the register when the box is ticked.
    Returns the thread's id; ValidationFailed when a field is refused (nothing is saved)."""
    fields = {key: _clip(value) for key, value in dict(form).items()}
    with tenant_scope(account_id) as db:
        thread = support.open_thread(db, account_id, fields.get("subject"), fields.get("body"),
                                     fields.get("item_id"))
        thread_id = thread.id
        if fields.get("grant_access") in _TICKED:
            register_access.grant(db, account_id, thread_id)
    return thread_id


def _access(thread, latest, live: bool) -> AccessInfo:
    if live:
        state, when = "live", latest.expires_at
    elif latest is not None and latest.ended_reason in ("withdrawn", "closed"):
        state, when = latest.ended_reason, latest.ended_at
    elif latest is not None:
        state, when = "expired", latest.expires_at
    else:
        state, when = "none", None
    return AccessInfo(state, when, not live and thread.status != "closed")


def show_support_thread(account_id: int, thread_id: object) -> ThreadPage:
    """One of the customer's threads (now read): messages, support's access and its looks. NotFound when
    the thread is not theirs or does not exist."""
    with tenant_scope(account_id) as db:
        thread = support.thread_for_customer(db, account_id, thread_id)
        support.mark_read_by_customer(db, thread)
        live = register_access.grant_for_thread(db, thread.id, account_id)
        latest = live or register_access.latest_grant(db, account_id, thread.id)
        views = tuple(ViewInfo(v.id, v.created_at, v.detail) for v in register_access.views(db, account_id, thread.id))
        return ThreadPage(thread_info(thread, db), message_infos(db, thread.id),
                          _access(thread, latest, live is not None), views)


def reply_to_support_thread(account_id: int, thread_id: object, body: object) -> None:
    """The customer's answer on their thread; ValidationFailed (empty or too long), NotFound (not theirs)."""
    with tenant_scope(account_id) as db:
        support.customer_reply(db, account_id, thread_id, _clip(body or ""))


def grant_support_access(account_id: int, thread_id: object) -> datetime:
    """Support may read the register for this thread (GRANT_DAYS at most); returns until when.
    ValidationFailed on a closed thread, NotFound when it is not theirs."""
    with tenant_scope(account_id) as db:
        return register_access.grant(db, account_id, thread_id).expires_at


def withdraw_support_access(account_id: int, thread_id: object) -> bool:
    """The thread's grant ends now; False when there was none to end. NotFound when it is not theirs."""
    with tenant_scope(account_id) as db:
        return register_access.withdraw(db, account_id, thread_id)
