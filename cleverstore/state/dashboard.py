"""The dashboard: totals, values by category and location, warranties ending, missing receipts and photos."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.register import dashboard_figures
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.presenters.register import totals_view, value_bars, warranty_row


class DashboardState(AppState):
    totals: dict[str, str] = {}
    by_category: list[dict[str, str]] = []
    by_location: list[dict[str, str]] = []
    warranties: list[dict[str, str]] = []
    missing_photo: int = 0
    missing_receipt: int = 0
    needs_details: int = 0  # objects without a name or any value
    not_counted: str = ""  # how many sold/discarded objects the totals leave out ("" when none)
    loaded: bool = False

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        board = dashboard_figures(caller.account_id, none_label=self._t("dashboard.none"))
        self.totals = totals_view(board.totals, self.lang)
        self.not_counted = self._t("worth.not_counted", count=board.totals.not_counted) \
            if board.totals.not_counted else ""
        self.by_category = value_bars(board.by_category, self.lang)
        self.by_location = value_bars(board.by_location, self.lang)
        self.warranties = [warranty_row(w) for w in board.warranties]
        self.missing_photo, self.missing_receipt = board.missing_photo, board.missing_receipt
        self.needs_details = board.needs_details
        self.loaded = True
        return None
