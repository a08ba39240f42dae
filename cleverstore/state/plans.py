"""The plan catalogue for the landing page and the billing page (read from the database)."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.i18n import translate
from cleverstore.services import plans
from cleverstore.services.money import format_ore
from cleverstore.state.base import AppState


def plan_cards() -> list[dict]:
    """Each plan with its texts in both languages (the language switch needs no reload)."""
    with session_scope() as db:
        catalogue = plans.catalogue(db)
        cards = []
        for plan in catalogue:
            keys = [k for k in plan.feature_keys.split(",") if k]
            cards.append({
                "code": plan.code,
                "name": plan.name,
                "buyable": plan.yearly_price_ore is not None and bool(plan.lookup_key),
                "price_sv": translate("billing.price_per_year", "sv", price=format_ore(plan.yearly_price_ore, "sv"))
                if plan.yearly_price_ore is not None else translate("plan.contact_us", "sv"),
                "price_en": translate("billing.price_per_year", "en", price=format_ore(plan.yearly_price_ore, "en"))
                if plan.yearly_price_ore is not None else translate("plan.contact_us", "en"),
                "features_sv": [translate(k, "sv") for k in keys],
                "features_en": [translate(k, "en") for k in keys],
            })
    return cards


class PlansState(AppState):
    plans: list[dict[str, str | bool | list[str]]] = []

    @rx.event
    def load(self):
        """on_load of the landing page."""
        self._require_account()
        self.plans = plan_cards()
