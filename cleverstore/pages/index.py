"""The public landing page: what CleverStore is, the plans, log in / create account."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import page_frame
from cleverstore.components.text import t
from cleverstore.pages.plans import plan_card
from cleverstore.pages.registry import public_page
from cleverstore.state.plans import PlansState

FEATURES = ("photos", "report", "where", "private")


def _feature(key: str) -> rx.Component:
    return rx.el.article(
        rx.el.h3(t(f"landing.feature.{key}.title")),
        rx.el.p(t(f"landing.feature.{key}.text")),
        class_name="feature",
    )


@public_page("/", "title.home", PlansState.load)
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
            rx.el.div(rx.foreach(PlansState.plans, lambda plan: plan_card(plan)), class_name="plans"),
        ),
    )
