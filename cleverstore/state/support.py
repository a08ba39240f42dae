"""The customer's side of support (T18): threads, new message, replies, unread count."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.services.timefmt import local_text
from cleverstore.i18n import translate
from cleverstore.models import SupportMessage, SupportThread
from cleverstore.services import inventory, support
from cleverstore.services.errors import NotFound, ValidationFailed
from cleverstore.services.inventory import ItemQuery
from cleverstore.state.base import AppState


_when = local_text


def thread_row(thread: SupportThread, lang: str, *, for_admin: bool = False) -> dict[str, str]:
    unread = thread.admin_unread if for_admin else thread.customer_unread
    return {"id": str(thread.id), "subject": thread.subject, "status": thread.status,
            "status_label": translate(f"support.status_{thread.status}", lang), "updated": _when(thread.updated_at),
            "unread": str(unread), "account_id": str(thread.account_id)}


def message_rows(messages: list[SupportMessage], lang: str) -> list[dict[str, str]]:
    return [{"id": str(m.id), "from": translate("support.from_cleverstore" if m.from_admin else "support.from_you", lang),
             "from_admin": "yes" if m.from_admin else "", "when": _when(m.created_at), "body": m.body}
            for m in messages]


class SupportState(AppState):
    threads: list[dict[str, str]] = []
    thread: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    objects: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    message: str = ""
    not_found: bool = False
    loaded: bool = False
    form_key: int = 0

    def _load_list(self, account_id: int) -> None:
        with session_scope() as db:
            self.threads = [thread_row(t, self.lang) for t in support.customer_threads(db, account_id)]
            page = inventory.list_items(db, account_id, ItemQuery(page=1))
            self.objects = [{"id": str(view.item.id), "name": view.item.name} for view in page.rows]

    @rx.event
    def on_load(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        self.errors, self.message = {}, ""
        self._load_list(caller.account_id)
        self.loaded = True
        return None

    @rx.event
    def open_thread(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        fields = {k: str(v)[:6000] for k, v in dict(form).items()}
        try:
            with session_scope() as db:
                thread = support.open_thread(db, caller.account_id, fields.get("subject"), fields.get("body"),
                                             fields.get("item_id"))
                thread_id = thread.id
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.errors = {}
        self.form_key += 1
        return rx.redirect(f"/support/thread?id={thread_id}")

    def _thread_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show_thread(self, account_id: int, thread_id: object) -> None:
        with session_scope() as db:
            thread = support.thread_for_customer(db, account_id, thread_id)
            support.mark_read_by_customer(db, thread)
            self.thread = thread_row(thread, self.lang)
            self.messages = message_rows(support.messages(db, thread.id), self.lang)

    @rx.event
    def load_thread(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        self.errors, self.message, self.not_found = {}, "", False
        try:
            self._show_thread(caller.account_id, self._thread_id())
        except NotFound:
            self.thread, self.messages, self.not_found = {}, [], True
        self.loaded = True
        return None

    @rx.event
    def reply(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            with session_scope() as db:
                support.customer_reply(db, caller.account_id, self.thread.get("id", ""),
                                       str(form.get("body") or "")[:6000])
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        except NotFound:
            self.not_found = True
            return None
        self._show_thread(caller.account_id, self.thread["id"])
        self.errors = {}
        self.message = self._t("support.reply_sent")
        self.form_key += 1
        return None
