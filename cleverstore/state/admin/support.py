"""Admin: the support inbox and one thread with its answer form."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.models import Account
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.support import register_access as support_access
from cleverstore.services.support import threads as support
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.paging import PagedList
from cleverstore.state.support import message_rows, thread_row


class AdminSupportState(PagedList, AdminBase):
    status: str = "open"
    threads: list[dict[str, str]] = []
    unread: int = 0

    def _refresh(self):
        if self._require_admin("support_inbox") is None:
            return rx.redirect("/admin/login")
        with session_scope() as db:
            inbox = support.inbox(db, self.status, self.page)
            self.threads = [thread_row(thread, self.lang, for_admin=True) for thread in inbox.rows]
            self.unread = support.admin_unread(db)
        self.page, self.pages = inbox.page, inbox.pages
        self.loaded = True
        return None

    @rx.event
    def set_status(self, status: str):
        self.status = status if status in support.STATUSES else ""
        self.page = 1
        return self._refresh()


class AdminThreadState(AdminBase):
    thread: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    customer_name: str = ""
    access_text: str = ""
    not_found: bool = False
    form_key: int = 0

    def _thread_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show(self, thread_id: object) -> None:
        with session_scope() as db:
            thread = support.thread_for_admin(db, thread_id)
            support.mark_read_by_admin(db, thread)
            self.thread = thread_row(thread, self.lang, for_admin=True)
            self.messages = message_rows(support.messages(db, thread.id), self.lang)
            account = db.get(Account, thread.account_id)
            self.customer_name = f"{account.name} ({account.customer_number})"
            live = support_access.grant_for_thread(db, thread.id)
            self.access_text = self._t("support_access.admin_live", until=local_text(live.expires_at)) if live else ""

    @rx.event
    def on_load(self):
        if self._require_admin("support_thread") is None:
            return rx.redirect("/admin/login")
        self.errors, self.message, self.not_found = {}, "", False
        try:
            self._show(self._thread_id())
        except NotFound:
            self.thread, self.messages, self.access_text, self.not_found = {}, [], "", True
        self.loaded = True
        return None

    @rx.event
    def answer(self, form: dict):
        admin_id = self._require_admin("support_answer")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            with session_scope() as db:
                support.admin_reply(db, admin_id, self.thread.get("id", ""), str(form.get("body") or "")[:6000])
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except NotFound:
            self.not_found = True
            return None
        self._show(self.thread["id"])
        self._done("support.answer_sent")
        self.form_key += 1
        return None
