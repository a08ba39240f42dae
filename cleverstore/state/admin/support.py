"""Admin: the support inbox and one thread with its answer form."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.services.support import (
    admin_support_inbox,
    admin_support_thread,
    answer_support_thread,
    support_inbox_status,
)
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.guards import as_admin
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.admin import grant_text
from cleverstore.state.presenters.support import message_rows, thread_row


class AdminSupportState(PagedList, AdminBase):
    status: str = "open"
    threads: list[dict[str, str]] = []
    unread: int = 0

    def _refresh(self):
        if self._require_admin("support_inbox") is None:
            return rx.redirect("/admin/login")
        inbox = admin_support_inbox(self.status, self.page)
        self.threads = [thread_row(thread, self.lang, for_admin=True) for thread in inbox.rows]
        self.unread = inbox.unread
        self.page, self.pages = inbox.page, inbox.pages
        self.loaded = True
        return None

    @rx.event
    def set_status(self, status: str):
        self.status = support_inbox_status(status)
        self.page = 1
        return self._refresh()


class AdminThreadState(AdminBase):
    thread: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    customer_name: str = ""
    access_text: str = ""
    not_found: bool = False

    def _thread_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show(self, thread_id: object) -> None:
        shown = admin_support_thread(thread_id)
        self.thread = thread_row(shown.thread, self.lang, for_admin=True)
        self.messages = message_rows(shown.messages, self.lang, customer_name=shown.customer_name or "–")
        self.customer_name = f"{shown.customer_name} ({shown.customer_number})"
        self.access_text = grant_text(shown.access_until, self.lang)

    @rx.event
    @as_admin("support_thread")
    def on_load(self, admin_id: int):
        self.errors, self.message, self.not_found = {}, "", False
        try:
            self._show(self._thread_id())
        except NotFound:
            self.thread, self.messages, self.access_text, self.not_found = {}, [], "", True
        self.loaded = True
        return None

    @rx.event
    @as_admin("support_answer")
    def answer(self, admin_id: int, form: dict):
        try:
            answer_support_thread(admin_id, self.thread.get("id", ""), str(form.get("body") or "")[:6000])
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except NotFound:
            self.not_found = True
            return None
        self._show(self.thread["id"])
        self._done("support.answer_sent")
        return None
