"""The public landing page: what CleverStore is, the plans, log in / create account."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import page_frame
from cleverstore.components.text import t
from cleverstore.services.plans import PLANS, Plan

FEATURES = ("photos", "report", "where", "private")


def _feature(key: str) -> rx.Component:
    return rx.el.article(
        rx.el.h3(t(f"landing.feature.{key}.title")),
        rx.el.p(t(f"landing.feature.{key}.text")),
        class_name="feature",
    )


def _plan(plan: Plan) -> rx.Component:
    if plan.yearly_price_ore is None:
        price = rx.el.p(t("plan.contact_us"), class_name="plan-price")
    else:
        kronor = plan.yearly_price_ore // 100
        price = rx.el.p(
            t("plan.per_year", sv_price=f"{kronor:,}".replace(",", "\u00a0"), en_price=f"{kronor:,}"),
            class_name="plan-price",
        )
    return rx.el.article(
        rx.el.h3(plan.name, class_name="plan-name"),
        price,
        rx.el.ul(*[rx.el.li(t(key)) for key in plan.feature_keys], class_name="plan-features"),
        class_name="plan",
    )


def index_page() -> rx.Component:
    return page_frame(
        rx.el.section(
            rx.el.h1(t("landing.title")),
            rx.el.p(t("landing.lead"), class_name="lead"),
            rx.el.div(
                rx.el.a(t("nav.signup"), href="/signup", class_name="button button-primary"),
                rx.el.a(t("nav.login"), href="/login", class_name="button"),
                class_name="actions",
            ),
            class_name="hero",
        ),
        rx.el.section(
            rx.el.h2(t("landing.features_title")),
            rx.el.div(*[_feature(key) for key in FEATURES], class_name="features"),
            aria_labelledby="features",
        ),
        rx.el.section(
            rx.el.h2(t("landing.plans_title")),
            rx.el.p(t("landing.plans_lead")),
            rx.el.div(*[_plan(plan) for plan in PLANS], class_name="plans"),
        ),
    )
