"""The customer's activity log (T17), paged on the server: only the visible page is in state."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.services.shared import activity
from cleverstore.state.base import AppState
from cleverstore.state.security import local_time

PAGE_SIZE = 25


class ActivityState(AppState):
    rows: list[dict[str, str]] = []
    page: int = 1
    pages: int = 1
    loaded: bool = False

    def _refresh(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            total = activity.count(db, caller.account_id)
            self.pages = max(1, -(-total // PAGE_SIZE))
            self.page = min(max(1, self.page), self.pages)
            events = activity.recent(db, caller.account_id, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE)
        self.rows = [
            {"when": local_time(e.created_at), "what": self._t(f"activity.{e.kind}"), "detail": e.detail}
            for e in events
        ]
        self.loaded = True
        return None

    @rx.event
    def on_load(self):
        self.page = 1
        return self._refresh()

    @rx.event
    def go_to(self, page: int):
        try:
            self.page = int(str(page)[:6])
        except ValueError:
            self.page = 1
        return self._refresh()
