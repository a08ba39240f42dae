"""The register list: search, filter, sort and page on the server; only the visible page is in state.

The selection for bulk actions lives in a backend-only var (ids never travel
to the browser except those of the visible rows).
"""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import EDIT, Caller
from cleverstore.services.register import (
    MAX_SELECTION,
    ItemQuery,
    Totals,
    delete_items,
    list_register,
    matching_item_ids,
    move_items,
    set_items_status,
    tag_items,
    undo_bulk_action,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.register import (
    filter_menus,
    item_row,
    not_counted_note,
    totals_view,
)

FILTER_FIELDS = ("category", "location", "tag", "status", "missing")
VIEWS = ("list", "photos")
BULK_PANELS = ("move", "tag", "status")
MAX_SELECTED = MAX_SELECTION


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
    # how many matching objects (sold, discarded) the totals leave out, said beside the pager's count
    not_counted: str = ""
    categories: list[dict[str, str]] = []
    locations: list[dict[str, str]] = []
    tags: list[dict[str, str]] = []
    selected_count: int = 0
    bulk_message: str = ""
    bulk_error: str = ""
    confirm_bulk_delete: bool = False
    bulk_form_key: int = 0
    # the move's target: none until the customer picks one (the button stays disabled)
    bulk_location: str = ""
    # the last bulk action's undo, offered in its success message
    bulk_undo_id: str = ""
    loaded: bool = False
    # how the list is shown ("list" or "photos"): kept while the customer moves around, or given as ?view=
    view: str = "list"
    # on a phone: selection mode (cards toggle), the folded filters and totals, the chosen bulk action's form
    selecting: bool = False
    filters_open: bool = False
    totals_open: bool = False
    more_open: bool = False
    bulk_panel: str = ""
    # objects of the whole register without a name or any value
    needs_details: int = 0
    _selected: list[int] = []
    # matching count, totals and (register-wide) objects needing details, read with the current filters:
    # paging and sorting reuse them
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
        key = query.counts_key()
        if key == self._counted_filters and len(self._counted) == 7:
            matching, *values, _needing = self._counted
            return matching, Totals(*values)
        self._counted_filters = key
        return None

    def _refresh(self, *, options: bool = False):
        """Query the visible page; `options` also reloads the filter menus (after changes to them)."""
        caller = self._require_register_access()
        if caller is None:
            return self._to_login()
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
        known = self._known_counts(query)
        listing = list_register(caller.account_id, query, known=known,
                                known_needing=self._counted[6] if known is not None else None,
                                with_options=options or not self.loaded)
        if listing.options is not None:
            self.categories, self.locations, self.tags = filter_menus(listing.options)
        result = listing.page
        totals = result.totals
        self._counted = [result.matching, totals.objects, totals.purchase_ore, totals.replacement_ore,
                         totals.current_ore, totals.not_counted, listing.needs_details]
        chosen = set(self._selected)
        self.rows = [item_row(view, self.lang, listing.today, view.item.id in chosen) for view in result.rows]
        self.page, self.pages, self.matching = result.page, result.pages, result.matching
        self.totals = totals_view(result.totals, self.lang)
        self.not_counted = not_counted_note(result.totals, self.lang)
        self.needs_details = listing.needs_details
        self.selected_count = len(self._selected)
        self.loaded = True
        return None

    @rx.event
    def on_load(self):
        self.page = 1
        query = self.router.url.query_parameters
        self.missing = str(query.get("missing", ""))[:10]
        if str(query.get("view", "")) in VIEWS:
            self.view = str(query.get("view"))
        self.selecting, self.bulk_panel = False, ""
        self._selected, self.bulk_message, self.bulk_error, self.confirm_bulk_delete = [], "", "", False
        self.bulk_undo_id, self.bulk_location = "", ""
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

    # --- how the list is shown ------------------------------------------------

    @rx.event
    def set_view(self, value: str):
        """List or photos; anything else is ignored."""
        if str(value) in VIEWS:
            self.view = str(value)

    @rx.event
    def toggle_filters(self):
        self.filters_open = not self.filters_open

    @rx.event
    def toggle_more(self):
        self.more_open = not self.more_open

    @rx.event
    def toggle_totals(self):
        self.totals_open = not self.totals_open

    @rx.event
    def show_needing_details(self):
        """The register's "needs details" chip: only the objects without a name or any value."""
        self.missing = "details"
        self.page = 1
        return self._refresh()

    # --- selection -----------------------------------------------------------

    @rx.event
    def start_selecting(self):
        self.selecting = True

    @rx.event
    def stop_selecting(self):
        """Done: leave selection mode; the selection goes with it."""
        self.selecting, self.bulk_panel = False, ""
        self._selected, self.confirm_bulk_delete, self.bulk_message, self.bulk_error = [], False, "", ""
        return self._refresh()

    @rx.event
    def choose_bulk_panel(self, value: str):
        """Open one bulk action's form (on a phone only one fits); the same again closes it."""
        value = str(value)
        self.bulk_panel = "" if value == self.bulk_panel or value not in BULK_PANELS else value
        self.confirm_bulk_delete = False

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
    @in_register
    def select_matching(self, caller: Caller):
        """Every object the current search and filters match, on all pages."""
        self._selected = matching_item_ids(caller.account_id, self._query(), MAX_SELECTED)
        self.bulk_message = ""
        return self._refresh()

    @rx.event
    def clear_selection(self):
        self._selected, self.confirm_bulk_delete, self.bulk_message, self.bulk_error = [], False, "", ""
        return self._refresh()

    # --- bulk actions --------------------------------------------------------

    def _bulk(self, action, message_key: str):
        """`action(account_id, selected ids, actor)` of the register package, then its message."""
        caller = self._require_register_access(EDIT)
        if caller is None:
            return self._refused()
        try:
            done = action(caller.account_id, list(self._selected), caller.actor)
        except ValidationFailed as failed:
            self.bulk_error = self._t(next(iter(failed.errors.values())))
            return None
        except NotFound:
            self.bulk_error = self._t("bulk.location_missing")
            return None
        self.bulk_error, self.confirm_bulk_delete = "", False
        self.bulk_message = self._t(message_key, count=done.count)
        self.bulk_undo_id = str(done.undo_id)
        self.bulk_location = ""  # the next move needs a new, deliberate choice
        self.bulk_form_key += 1
        self._forget_counts()
        return self._refresh(options=True)

    @rx.event
    def choose_bulk_location(self, value: str):
        self.bulk_location = str(value)[:20]

    @rx.event
    def bulk_move(self, form: dict):
        location = str(dict(form).get("location", ""))[:20]
        return self._bulk(lambda a, ids, actor: move_items(a, ids, location, actor=actor), "bulk.moved")

    @rx.event
    def bulk_tag(self, form: dict):
        name = str(dict(form).get("tag", ""))[:100]
        return self._bulk(lambda a, ids, actor: tag_items(a, ids, name, actor=actor), "bulk.tagged")

    @rx.event
    def bulk_status(self, form: dict):
        status = str(dict(form).get("status", ""))[:20]
        return self._bulk(lambda a, ids, actor: set_items_status(a, ids, status, actor=actor), "bulk.status_changed")

    @rx.event
    def undo_bulk(self):
        """Undo the bulk action whose message is shown (refused once its time has passed)."""
        caller = self._require_register_access(EDIT)
        if caller is None:
            return self._refused()
        try:
            count = undo_bulk_action(caller.account_id, self.bulk_undo_id, actor=caller.actor)
        except ValidationFailed as failed:
            self.bulk_error, self.bulk_message, self.bulk_undo_id = self._t(next(iter(failed.errors.values()))), "", ""
            return None
        self.bulk_error, self.bulk_undo_id = "", ""
        self.bulk_message = self._t("undo.done", count=count)
        self._forget_counts()
        return self._refresh(options=True)

    @rx.event
    def ask_bulk_delete(self):
        self.confirm_bulk_delete, self.bulk_panel = True, ""

    @rx.event
    def cancel_bulk_delete(self):
        self.confirm_bulk_delete = False

    @rx.event
    def bulk_delete(self):
        result = self._bulk(lambda a, ids, _actor: delete_items(a, ids), "bulk.deleted")
        if not (self.bulk_error or self._refusal):
            self._selected = []
            return self._refresh(options=True)
        return result

    @rx.var
    def sort_value(self) -> str:
        return ("-" if self.descending else "") + self.sort

    @rx.var
    def active_filters(self) -> int:
        """How many of the folded filters are set (said on the phone's Filter button)."""
        return sum(1 for value in (self.category, self.location, self.tag, self.status, self.missing) if value)

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.search or self.category or self.location or self.tag or self.status or self.missing)
