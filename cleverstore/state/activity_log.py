"""The customer's activity log, paged on the server: only the visible page is in state."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.accounts import ACTIVITY_PAGE_SIZE, activity_page
from cleverstore.state.base import AppState
from cleverstore.state.presenters.accounts import activity_row

PAGE_SIZE = ACTIVITY_PAGE_SIZE


class ActivityState(AppState):
    rows: list[dict[str, str]] = []
    page: int = 1
    pages: int = 1
    loaded: bool = False

    def _refresh(self):
        caller = self._require_account()
        if caller is None:
            return self._to_login()
        shown = activity_page(caller.account_id, self.page)
        self.page, self.pages = shown.page, shown.pages
        self.rows = [activity_row(entry, self.lang) for entry in shown.entries]
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
