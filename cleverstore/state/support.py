"""The customer's side of support: threads, new message, replies, unread count."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.shared import NotFound, ValidationFailed, local_text
from cleverstore.services.support import (
    find_support_objects,
    grant_support_access,
    open_support_thread,
    reply_to_support_thread,
    show_support_thread,
    support_overview,
    withdraw_support_access,
)
from cleverstore.state.base import AppState
from cleverstore.state.guards import signed_in
from cleverstore.state.presenters.support import (
    access_summary,
    message_rows,
    thread_row,
    view_rows,
)

__all__ = ["SupportState", "access_summary", "message_rows", "thread_row", "view_rows"]


class SupportState(AppState):
    threads: list[dict[str, str]] = []
    thread: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    objects: list[dict[str, str]] = []  # the picker's matches for what was typed
    object_note: str = ""
    chosen_object: dict[str, str] = {}
    access: dict[str, str] = {}
    access_views: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    message: str = ""
    not_found: bool = False
    loaded: bool = False
    form_key: int = 0

    def _load_list(self, account_id: int) -> None:
        overview = support_overview(account_id)
        self.threads = [thread_row(t, self.lang) for t in overview.threads]

    @rx.event
    @signed_in
    def on_load(self, caller: Caller):
        self.errors, self.message = {}, ""
        self.objects, self.object_note, self.chosen_object = [], "", {}
        self._load_list(caller.account_id)
        self.loaded = True
        return None

    @rx.event
    @signed_in
    def search_objects(self, caller: Caller, text: str):
        """The object picker: matches from the whole register for what the customer typed."""
        found = find_support_objects(caller.account_id, str(text)[:200])
        self.objects = [{"id": str(o.id), "name": o.name} for o in found.objects]
        if found.matching > len(found.objects):
            self.object_note = self._t("support.object_matches", shown=len(found.objects), total=found.matching)
        elif str(text).strip() and not found.objects:
            self.object_note = self._t("support.object_none_found")
        else:
            self.object_note = ""
        return None

    @rx.event
    def choose_object(self, item_id: str):
        """Only an object the search found for this customer can be chosen (the save checks it again)."""
        self.chosen_object = next((dict(o) for o in self.objects if o["id"] == str(item_id)), {})
        self.objects, self.object_note = [], ""

    @rx.event
    def clear_object(self):
        self.chosen_object = {}

    @rx.event
    @signed_in
    def open_thread(self, caller: Caller, form: dict):
        try:
            thread_id = open_support_thread(caller.account_id, form)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.errors, self.chosen_object, self.objects = {}, {}, []
        self.form_key += 1
        return rx.redirect(f"/support/thread?id={thread_id}")

    def _thread_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show_thread(self, account_id: int, thread_id: object) -> None:
        page = show_support_thread(account_id, thread_id)
        self.thread = thread_row(page.thread, self.lang)
        self.messages = message_rows(page.messages, self.lang)
        self.access = access_summary(page.access, self.lang)
        self.access_views = view_rows(page.views, self.lang)

    @rx.event
    @signed_in
    def load_thread(self, caller: Caller):
        self.errors, self.message, self.not_found = {}, "", False
        try:
            self._show_thread(caller.account_id, self._thread_id())
        except NotFound:
            self.thread, self.messages, self.access, self.access_views, self.not_found = {}, [], {}, [], True
        self.loaded = True
        return None

    @rx.event
    @signed_in
    def reply(self, caller: Caller, form: dict):
        try:
            reply_to_support_thread(caller.account_id, self.thread.get("id", ""), form.get("body"))
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
            return self._to_login()
        try:
            done_key, values = change(caller.account_id, self.thread.get("id", ""))
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
        def give(account_id, thread_id):
            return "support_access.granted", {"until": local_text(grant_support_access(account_id, thread_id))}
        return self._change_access(give)

    @rx.event
    def withdraw_access(self):
        def take_back(account_id, thread_id):
            ended = withdraw_support_access(account_id, thread_id)
            return ("support_access.withdrawn" if ended else "support_access.nothing_to_withdraw"), {}
        return self._change_access(take_back)
