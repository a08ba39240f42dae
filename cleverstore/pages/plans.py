"""A plan card, shared by the landing page and the billing page."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t
from cleverstore.state.base import AppState


def plan_card(plan, action: rx.Component | None = None, chosen=None) -> rx.Component:
    """`plan` is one of the dicts made by state.plans.plan_cards (texts in both languages); `chosen`
    (a bool Var) marks the plan the customer picked before signing up."""
    features = rx.cond(AppState.is_en, plan["features_en"], plan["features_sv"])
    badge = rx.fragment() if chosen is None else rx.cond(
        chosen, rx.el.p(rx.icon("badge-check", size=16, aria_hidden="true"), t("billing.your_choice"),
                        class_name="plan-badge"), rx.fragment())
    return rx.el.article(
        badge,
        rx.el.h3(plan["name"].to(str), class_name="plan-name"),
        rx.el.p(rx.cond(AppState.is_en, plan["price_en"].to(str), plan["price_sv"].to(str)), class_name="plan-price"),
        rx.el.ul(rx.foreach(features.to(list[str]),
                            lambda text: rx.el.li(rx.icon("check", size=16, aria_hidden="true", class_name="plan-check"),
                                                  rx.el.span(text))),
                 class_name="plan-features"),
        action if action is not None else rx.fragment(),
        class_name=rx.cond(chosen, "plan plan-chosen", "plan") if chosen is not None else "plan",
        custom_attrs={"data-plan": plan["code"].to(str)},
    )
