"""The register list: search, filter, sort and page on the server; only the visible page is in state."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.services import inventory
from cleverstore.services.inventory import ItemQuery
from cleverstore.state.base import AppState
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters import item_row, totals_view


FILTER_FIELDS = ("category", "location", "status")


class RegisterState(PagedList, AppState):
    rows: list[dict[str, str]] = []
    search: str = ""
    category: str = ""
    location: str = ""
    status: str = ""
    sort: str = "name"
    descending: bool = False
    matching: int = 0
    totals: dict[str, str] = {}
    categories: list[str] = []
    locations: list[str] = []
    loaded: bool = False

    def _query(self) -> ItemQuery:
        return ItemQuery.from_untrusted(
            search=self.search, category=self.category, location=self.location, status=self.status,
            sort=self.sort, descending=self.descending, page=self.page,
        )

    def _refresh(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        query = self._query()
        # keep the vars equal to what the server accepted
        self.search, self.category, self.location = query.search, query.category, query.location
        self.status, self.sort = query.status, query.sort
        with session_scope() as db:
            result = inventory.list_items(db, caller.account_id, query)
            self.categories, self.locations = inventory.filter_options(db, caller.account_id)
        self.rows = [item_row(item, self.lang) for item in result.rows]
        self.page, self.pages, self.matching = result.page, result.pages, result.matching
        self.totals = totals_view(result.totals, self.lang)
        self.loaded = True
        return None

    @rx.event
    def set_search(self, value: str):
        self.search = str(value)[:200]
        self.page = 1
        return self._refresh()

    @rx.event
    def set_filter(self, field: str, value: str):
        """Category, location or status filter; any other field name is ignored."""
        if field in FILTER_FIELDS:
            setattr(self, field, str(value))
            self.page = 1
        return self._refresh()

    @rx.event
    def set_sort(self, value: str):
        """'name' sorts ascending, '-name' descending."""
        value = str(value)
        self.descending = value.startswith("-")
        self.sort = value.lstrip("-")
        self.page = 1
        return self._refresh()

    @rx.event
    def clear_filters(self):
        self.search = self.category = self.location = self.status = ""
        self.page = 1
        return self._refresh()

    @rx.var
    def sort_value(self) -> str:
        return ("-" if self.descending else "") + self.sort

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.search or self.category or self.location or self.status)
