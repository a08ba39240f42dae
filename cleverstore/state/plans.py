"""The plan catalogue for the landing page and the billing page (read from the database)."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.billing import plan_offers
from cleverstore.state.base import AppState
from cleverstore.state.presenters.billing import plan_card


def plan_cards() -> list[dict]:
    """Each plan with its texts in both languages (the language switch needs no reload)."""
    return [plan_card(plan) for plan in plan_offers()]


class PlansState(AppState):
    plans: list[dict[str, str | bool | list[str]]] = []

    @rx.event
    def load(self):
        """on_load of the landing page."""
        self._require_account()
        self.plans = plan_cards()
