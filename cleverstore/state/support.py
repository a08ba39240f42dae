"""The customer's side of support (T18): threads, new message, replies, unread count."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import (
    SupportAccessGrant,
    SupportAccessView,
    SupportMessage,
    SupportThread,
)
from cleverstore.services.register import items as inventory
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.support import register_access as support_access
from cleverstore.services.support import threads as support
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


def access_summary(thread: SupportThread, grant: SupportAccessGrant | None, live: bool, lang: str) -> dict[str, str]:
    """What the customer is told about support's access on this thread, and which button fits."""
    if live:
        text = translate("support_access.live", lang, until=_when(grant.expires_at))
    elif grant is not None and grant.ended_reason in ("withdrawn", "closed"):
        text = translate(f"support_access.ended_{grant.ended_reason}", lang, when=_when(grant.ended_at))
    elif grant is not None:
        text = translate("support_access.ended_expired", lang, when=_when(grant.expires_at))
    else:
        text = translate("support_access.none", lang)
    return {"live": "1" if live else "", "text": text, "can_give": "1" if not live and thread.status != "closed" else ""}


def view_rows(views: list[SupportAccessView], lang: str) -> list[dict[str, str]]:
    """Every look support took: when, who (staff stay "Support" to the customer) and what."""
    who = translate("support_access.who_support", lang)
    return [{"id": str(v.id), "when": _when(v.created_at), "who": who, "what": v.detail} for v in views]


class SupportState(AppState):
    threads: list[dict[str, str]] = []
    thread: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    objects: list[dict[str, str]] = []
    access: dict[str, str] = {}
    access_views: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    message: str = ""
    not_found: bool = False
    loaded: bool = False
    form_key: int = 0

    def _load_list(self, account_id: int) -> None:
        with tenant_scope(account_id) as db:
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
            with tenant_scope(caller.account_id) as db:
                thread = support.open_thread(db, caller.account_id, fields.get("subject"), fields.get("body"),
                                             fields.get("item_id"))
                thread_id = thread.id
                if fields.get("grant_access") in ("on", "true", "1"):
                    support_access.grant(db, caller.account_id, thread_id)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.errors = {}
        self.form_key += 1
        return rx.redirect(f"/support/thread?id={thread_id}")

    def _thread_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show_thread(self, account_id: int, thread_id: object) -> None:
        with tenant_scope(account_id) as db:
            thread = support.thread_for_customer(db, account_id, thread_id)
            support.mark_read_by_customer(db, thread)
            self.thread = thread_row(thread, self.lang)
            self.messages = message_rows(support.messages(db, thread.id), self.lang)
            live = support_access.grant_for_thread(db, thread.id, account_id)
            latest = live or support_access.latest_grant(db, account_id, thread.id)
            self.access = access_summary(thread, latest, live is not None, self.lang)
            self.access_views = view_rows(support_access.views(db, account_id, thread.id), self.lang)

    @rx.event
    def load_thread(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        self.errors, self.message, self.not_found = {}, "", False
        try:
            self._show_thread(caller.account_id, self._thread_id())
        except NotFound:
            self.thread, self.messages, self.access, self.access_views, self.not_found = {}, [], {}, [], True
        self.loaded = True
        return None

    @rx.event
    def reply(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            with tenant_scope(caller.account_id) as db:
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

    def _change_access(self, change):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            with tenant_scope(caller.account_id) as db:
                done_key, values = change(db, caller.account_id, self.thread.get("id", ""))
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            self.message = ""
            self._show_thread(caller.account_id, self.thread["id"])
            return None
        except NotFound:
            self.thread, self.messages, self.access, self.access_views, self.not_found = {}, [], {}, [], True
            return None
        self._show_thread(caller.account_id, self.thread["id"])
        self.errors = {}
        self.message = self._t(done_key, **values)
        return None

    @rx.event
    def grant_access(self):
        """The customer lets support read the register for this thread (14 days at most)."""
        def give(db, account_id, thread_id):
            granted = support_access.grant(db, account_id, thread_id)
            return "support_access.granted", {"until": _when(granted.expires_at)}
        return self._change_access(give)

    @rx.event
    def withdraw_access(self):
        def take_back(db, account_id, thread_id):
            ended = support_access.withdraw(db, account_id, thread_id)
            return ("support_access.withdrawn" if ended else "support_access.nothing_to_withdraw"), {}
        return self._change_access(take_back)
