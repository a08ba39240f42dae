"""The plan catalogue for the landing page and the billing page (read from the database)."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.i18n import translate
from cleverstore.services.billing import plans
from cleverstore.services.shared.money import format_ore
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
                "price_sv": _price(plan.yearly_price_ore, "sv"),
                "price_en": _price(plan.yearly_price_ore, "en"),
                "features_sv": [translate(k, "sv") for k in keys],
                "features_en": [translate(k, "en") for k in keys],
            })
    return cards


def _price(ore: int | None, lang: str) -> str:
    """'495 kr per år' for whole kronor, '544,50 kr per år' otherwise; "contact us" without a price."""
    if ore is None:
        return translate("plan.contact_us", lang)
    if ore % 100 == 0:
        kronor = ore // 100
        return translate("plan.per_year", lang, sv_price=f"{kronor:,}".replace(",", "\u00a0"), en_price=f"{kronor:,}")
    amount = format_ore(ore, lang)
    return translate("billing.price_per_year", lang, price=amount)


class PlansState(AppState):
    plans: list[dict[str, str | bool | list[str]]] = []

    @rx.event
    def load(self):
        """on_load of the landing page."""
        self._require_account()
        self.plans = plan_cards()
