"""Server-side paging shared by every list page: the state holds one page, `_refresh` reads it."""
from __future__ import annotations

import reflex as rx


class PagedList(rx.State, mixin=True):
    page: int = 1
    pages: int = 1

    def _refresh(self):  # pragma: no cover - every list implements it
        raise NotImplementedError

    @rx.event
    def on_load(self):
        self.page = 1
        return self._refresh()

    @rx.event
    def next_page(self):
        if self.page < self.pages:
            self.page += 1
        return self._refresh()

    @rx.event
    def previous_page(self):
        if self.page > 1:
            self.page -= 1
        return self._refresh()
