"""The register list: search, filter, sort and page on the server; only the visible page is in state.

The selection for bulk actions lives in a backend-only var (ids never travel
to the browser except those of the visible rows).
"""
from __future__ import annotations

from datetime import date

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.services.register import bulk
from cleverstore.services.register import items as inventory
from cleverstore.services.register.items import ItemQuery, Totals
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.register import item_row, totals_view

FILTER_FIELDS = ("category", "location", "tag", "status", "missing")
MAX_SELECTED = bulk.MAX_SELECTION


def _choices(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"id": value, "label": label} for value, label in pairs]


class RegisterState(PagedList, AppState):
    rows: list[dict[str, str]] = []
    search: str = ""
    category: str = ""
    location: str = ""
    tag: str = ""
    status: str = ""
    missing: str = ""
    sort: str = "name"
    descending: bool = False
    matching: int = 0
    totals: dict[str, str] = {}
    categories: list[dict[str, str]] = []
    locations: list[dict[str, str]] = []
    tags: list[dict[str, str]] = []
    selected_count: int = 0
    bulk_message: str = ""
    bulk_error: str = ""
    confirm_bulk_delete: bool = False
    bulk_form_key: int = 0
    loaded: bool = False
    _selected: list[int] = []
    # matching count and totals of the current filters: paging and sorting reuse them
    _counted_filters: str = ""
    _counted: list[int] = []
    # the register shown last (SuperPro switches): filters and selection belong to one register
    _shown_register: int = 0

    def _query(self) -> ItemQuery:
        return ItemQuery.from_untrusted(
            search=self.search, category=self.category, location=self.location, tag=self.tag,
            status=self.status, missing=self.missing, sort=self.sort, descending=self.descending, page=self.page,
        )

    def _forget_counts(self) -> None:
        self._counted_filters, self._counted = "", []

    def _known_counts(self, query: ItemQuery) -> tuple[int, Totals] | None:
        key = repr((query.search, query.category_id, query.location_id, query.tag_id, query.status, query.missing))
        if key == self._counted_filters and len(self._counted) == 5:
            matching, *values = self._counted
            return matching, Totals(*values)
        self._counted_filters = key
        return None

    def _refresh(self, *, options: bool = False):
        """Query the visible page; `options` also reloads the filter menus (after changes to them)."""
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        if caller.account_id != self._shown_register:
            self._shown_register = caller.account_id
            self.search = self.category = self.location = self.tag = self.status = ""
            self._selected, options = [], True
            self._forget_counts()
        query = self._query()
        # keep the vars equal to what the server accepted
        self.search, self.status, self.sort, self.missing = query.search, query.status, query.sort, query.missing
        self.category, self.location, self.tag = (str(query.category_id or ""), str(query.location_id or ""),
                                                  str(query.tag_id or ""))
        today = date.today()
        with tenant_scope(caller.account_id) as db:
            result = inventory.list_items(db, caller.account_id, query, today, self._known_counts(query))
            if options or not self.loaded:
                choices = inventory.filter_options(db, caller.account_id)
                self.categories, self.locations = _choices(choices["categories"]), _choices(choices["locations"])
                self.tags = _choices(choices["tags"])
        totals = result.totals
        self._counted = [result.matching, totals.objects, totals.purchase_ore, totals.replacement_ore,
                         totals.current_ore]
        chosen = set(self._selected)
        self.rows = [item_row(view, self.lang, today, view.item.id in chosen) for view in result.rows]
        self.page, self.pages, self.matching = result.page, result.pages, result.matching
        self.totals = totals_view(result.totals, self.lang)
        self.selected_count = len(self._selected)
        self.loaded = True
        return None

    @rx.event
    def on_load(self):
        self.page = 1
        self.missing = str(self.router.url.query_parameters.get("missing", ""))[:10]
        self._selected, self.bulk_message, self.bulk_error, self.confirm_bulk_delete = [], "", "", False
        self._forget_counts()
        return self._refresh(options=True)

    @rx.event
    def set_search(self, value: str):
        self.search = str(value)[:200]
        self.page = 1
        return self._refresh()

    @rx.event
    def set_filter(self, field: str, value: str):
        """Category, location, tag, status or "missing" filter; any other field name is ignored."""
        if field in FILTER_FIELDS:
            setattr(self, field, str(value)[:20])
            self.page = 1
        return self._refresh()

    @rx.event
    def set_sort(self, value: str):
        """'name' sorts ascending, '-name' descending."""
        value = str(value)[:30]
        self.descending = value.startswith("-")
        self.sort = value.lstrip("-")
        self.page = 1
        return self._refresh()

    @rx.event
    def clear_filters(self):
        self.search = self.category = self.location = self.tag = self.status = self.missing = ""
        self.page = 1
        return self._refresh()

    # --- selection -----------------------------------------------------------

    @rx.event
    def toggle(self, item_id: str):
        """Select or unselect one visible row (an id not on the page is ignored)."""
        visible = {row["id"] for row in self.rows}
        if str(item_id) in visible:
            wanted = int(str(item_id))
            chosen = set(self._selected)
            chosen.symmetric_difference_update({wanted})
            self._selected = sorted(chosen)[:MAX_SELECTED]
        self.bulk_message = ""
        return self._refresh()

    @rx.event
    def select_matching(self):
        """Every object the current search and filters match, on all pages."""
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            self._selected = inventory.matching_ids(db, caller.account_id, self._query(), MAX_SELECTED)
        self.bulk_message = ""
        return self._refresh()

    @rx.event
    def clear_selection(self):
        self._selected, self.confirm_bulk_delete, self.bulk_message, self.bulk_error = [], False, "", ""
        return self._refresh()

    # --- bulk actions --------------------------------------------------------

    def _bulk(self, action, message_key: str, *args):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        try:
            with tenant_scope(caller.account_id) as db:
                count = action(db, caller.account_id, list(self._selected), *args)
        except ValidationFailed as failed:
            self.bulk_error = self._t(next(iter(failed.errors.values())))
            return None
        except NotFound:
            self.bulk_error = self._t("bulk.location_missing")
            return None
        self.bulk_error, self.confirm_bulk_delete = "", False
        self.bulk_message = self._t(message_key, count=count)
        self.bulk_form_key += 1
        self._forget_counts()
        return self._refresh(options=True)

    def _actor(self) -> str:
        return self.signed_in_name

    @rx.event
    def bulk_move(self, form: dict):
        location = str(dict(form).get("location", ""))[:20]
        return self._bulk(lambda db, a, ids: bulk.move(db, a, ids, location, actor=self._actor()), "bulk.moved")

    @rx.event
    def bulk_tag(self, form: dict):
        name = str(dict(form).get("tag", ""))[:100]
        return self._bulk(lambda db, a, ids: bulk.tag(db, a, ids, name, actor=self._actor()), "bulk.tagged")

    @rx.event
    def bulk_status(self, form: dict):
        status = str(dict(form).get("status", ""))[:20]
        return self._bulk(lambda db, a, ids: bulk.set_status(db, a, ids, status, actor=self._actor()),
                          "bulk.status_changed")

    @rx.event
    def ask_bulk_delete(self):
        self.confirm_bulk_delete = True

    @rx.event
    def cancel_bulk_delete(self):
        self.confirm_bulk_delete = False

    @rx.event
    def bulk_delete(self):
        result = self._bulk(bulk.delete, "bulk.deleted")
        if not self.bulk_error:
            self._selected = []
            return self._refresh(options=True)
        return result

    @rx.var
    def sort_value(self) -> str:
        return ("-" if self.descending else "") + self.sort

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.search or self.category or self.location or self.tag or self.status or self.missing)
