"""The dashboard: totals, values by category and location, warranties ending, missing receipts and photos."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.services.register import dashboard
from cleverstore.services.shared.money import format_ore
from cleverstore.state.base import AppState
from cleverstore.state.presenters.register import totals_view


def _bars(groups: list[dashboard.Group], lang: str) -> list[dict[str, str]]:
    largest = max((g.current_ore for g in groups), default=0) or 1
    return [{"label": g.label, "objects": str(g.objects), "value": format_ore(g.current_ore, lang),
             "purchase": format_ore(g.purchase_ore, lang),
             "width": f"{max(1, round(100 * g.current_ore / largest)) if g.current_ore else 0}%"} for g in groups]


class DashboardState(AppState):
    totals: dict[str, str] = {}
    by_category: list[dict[str, str]] = []
    by_location: list[dict[str, str]] = []
    warranties: list[dict[str, str]] = []
    missing_photo: int = 0
    missing_receipt: int = 0
    loaded: bool = False

    @rx.event
    def on_load(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            board = dashboard.build(db, caller.account_id, none_label=self._t("dashboard.none"))
        self.totals = totals_view(board.totals, self.lang)
        self.by_category = _bars(board.by_category, self.lang)
        self.by_location = _bars(board.by_location, self.lang)
        self.warranties = [{"id": str(i), "name": n, "until": d.isoformat()} for i, n, d in board.warranties]
        self.missing_photo, self.missing_receipt = board.missing_photo, board.missing_receipt
        self.loaded = True
        return None
