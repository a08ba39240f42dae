"""The dashboard: totals, values by category, by place and over time, warranties, missing receipts and photos."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.insurance import insurance_check
from cleverstore.services.register import dashboard_figures
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.presenters.dashboard import axis_ticks, group_rows, month_rows
from cleverstore.state.presenters.insurance import cover_lines
from cleverstore.state.presenters.register import totals_view, warranty_row


class DashboardState(AppState):
    totals: dict[str, str] = {}
    by_category: list[dict[str, str | int]] = []
    by_location: list[dict[str, str | int]] = []
    over_time: list[dict[str, str | int]] = []
    # each chart's money axis: round steps from 0 to just above its largest amount (kronor)
    time_ticks: list[int] = [0, 1]
    category_ticks: list[int] = [0, 1]
    location_ticks: list[int] = [0, 1]
    warranties: list[dict[str, str]] = []
    missing_photo: int = 0
    missing_receipt: int = 0
    not_checked: int = 0
    needs_details: int = 0  # objects without a name or any value
    not_counted: str = ""  # how many sold/discarded objects the totals leave out ("" when none)
    has_values: bool = False  # anything worth drawing: an empty register gets a sentence instead of empty axes
    # is the register properly insured: one line per finding (tone warn, ok or note); no policy: a link to add one
    cover: list[dict[str, str]] = []
    has_policies: bool = False
    cover_warnings: int = 0  # the findings that say under-insured (the attention list links to them)
    loaded: bool = False

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        board = dashboard_figures(caller.account_id, none_label=self._t("dashboard.none"),
                                  rest_label=self._t("dashboard.rest"))
        self.totals = totals_view(board.totals, self.lang)
        self.not_counted = self._t("worth.not_counted", count=board.totals.not_counted) \
            if board.totals.not_counted else ""
        self.by_category = group_rows(board.by_category, self.lang)
        self.by_location = group_rows(board.by_location, self.lang)
        self.over_time = month_rows(board.over_time, self.lang)
        self.time_ticks = axis_ticks(self.over_time, 4)
        self.category_ticks = axis_ticks(self.by_category, 3)
        self.location_ticks = axis_ticks(self.by_location, 3)
        self.has_values = any(point.value_ore for point in board.over_time)
        self.warranties = [warranty_row(w) for w in board.warranties]
        self.missing_photo, self.missing_receipt = board.missing_photo, board.missing_receipt
        self.needs_details, self.not_checked = board.needs_details, board.not_checked
        coverage = insurance_check(caller.account_id)
        self.has_policies, self.cover = bool(coverage.policies), cover_lines(coverage, self.lang)
        self.cover_warnings = sum(line["tone"] == "warn" for line in self.cover)
        self.loaded = True
        return None
