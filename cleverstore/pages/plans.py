"""A plan card, shared by the landing page and the billing page."""
from __future__ import annotations

import reflex as rx

from cleverstore.state.base import AppState


def plan_card(plan, action: rx.Component | None = None) -> rx.Component:
    """`plan` is one of the dicts made by state.plans.plan_cards (texts in both languages)."""
    features = rx.cond(AppState.is_en, plan["features_en"], plan["features_sv"])
    return rx.el.article(
        rx.el.h3(plan["name"].to(str), class_name="plan-name"),
        rx.el.p(rx.cond(AppState.is_en, plan["price_en"].to(str), plan["price_sv"].to(str)), class_name="plan-price"),
        rx.el.ul(rx.foreach(features.to(list[str]), lambda text: rx.el.li(text)), class_name="plan-features"),
        action if action is not None else rx.fragment(),
        class_name="plan",
    )
