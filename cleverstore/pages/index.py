"""The public landing page: the promise, the product as it really looks, how it works, the plans."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import page_frame
from cleverstore.components.text import t
from cleverstore.pages.plans import plan_card
from cleverstore.pages.registry import public_page
from cleverstore.state.plans import PlansState

# (key, lucide icon): what the product does, each with its picture.
FEATURES = (("photos", "camera"), ("report", "file-text"), ("where", "map-pin"), ("private", "shield-check"))
STEPS = (("photo", "camera"), ("register", "list"), ("report", "file-text"))
# Only what is true of the service (the terms and README say so).
TRUST = (("company", "building-2"), ("export", "download"), ("apart", "lock"), ("backup", "server"))

# Made by tools/landing_screenshots.py from the running product; the sizes are the files' own.
PHONE_SHOT = ("/landing/register-phone.webp", 390, 844)
DESKTOP_SHOT = ("/landing/register-desktop.webp", 1280, 800)


def _icon(name: str, size: int = 24) -> rx.Component:
    return rx.icon(name, size=size, aria_hidden="true")


def _feature(key: str, icon: str) -> rx.Component:
    return rx.el.article(
        rx.el.span(_icon(icon), class_name="icon-badge"),
        rx.el.h3(t(f"landing.feature.{key}.title")),
        rx.el.p(t(f"landing.feature.{key}.text")),
        class_name="feature",
    )


def _step(number: int, key: str, icon: str) -> rx.Component:
    return rx.el.li(
        rx.el.span(_icon(icon), class_name="icon-badge"),
        rx.el.h3(rx.el.span(f"{number}. ", class_name="step-number"), t(f"landing.step.{key}.title")),
        rx.el.p(t(f"landing.step.{key}.text")),
        class_name="step",
    )


def _trust(key: str, icon: str) -> rx.Component:
    return rx.el.li(_icon(icon, 20), rx.el.span(t(f"landing.trust.{key}")), class_name="trust-item")


def _shot(shot: tuple[str, int, int], alt_key: str, class_name: str, *, lazy: bool) -> rx.Component:
    src, width, height = shot
    # width and height as attributes (Reflex would make them a style): the browser reserves the box from them
    return rx.el.img(src=src, alt=t(alt_key), class_name=class_name,
                     custom_attrs={"width": str(width), "height": str(height),
                                   "loading": "lazy" if lazy else "eager", "decoding": "async",
                                   "fetchpriority": "low" if lazy else "high"})


def _plan_action(plan) -> rx.Component:
    """Every card leads on: a paid plan to sign-up with that plan chosen, SuperPro to the company request."""
    code = plan["code"].to(str)
    return rx.cond(
        plan["buyable"].to(bool),
        rx.el.a(rx.el.span(t("landing.choose"), " ", plan["name"].to(str)), _icon("arrow-right", 18),
                href="/signup?plan=" + code, class_name="button button-primary plan-button"),
        rx.el.a(rx.el.span(t("landing.superpro_request")), _icon("arrow-right", 18),
                href="/signup?plan=" + code, class_name="button plan-button"),
    )


@public_page("/", "title.home", PlansState.load)
def index_page() -> rx.Component:
    return page_frame(
        rx.el.section(
            rx.el.div(
                rx.el.p(t("landing.eyebrow"), class_name="eyebrow"),
                rx.el.h1(t("landing.title")),
                rx.el.p(t("landing.lead"), class_name="lead"),
                rx.el.div(
                    rx.el.a(_icon("camera", 20), rx.el.span(t("landing.start")), href="/signup",
                            class_name="button button-primary button-large"),
                    rx.el.a(t("landing.see_plans"), href="#plans", class_name="button button-large"),
                    class_name="actions",
                ),
                rx.el.p(t("landing.have_account"), " ", rx.el.a(t("nav.login"), href="/login"), class_name="muted"),
                class_name="hero-text",
            ),
            rx.el.figure(
                _shot(PHONE_SHOT, "landing.shot_phone", "shot shot-phone", lazy=False),
                rx.el.figcaption(t("landing.shot_caption"), class_name="sr-only"),
                class_name="hero-shot",
            ),
            class_name="hero",
        ),
        rx.el.section(
            rx.el.h2(t("landing.features_title"), id="features"),
            rx.el.div(*[_feature(key, icon) for key, icon in FEATURES], class_name="features"),
            aria_labelledby="features",
            class_name="landing-section",
        ),
        rx.el.section(
            rx.el.h2(t("landing.how_title"), id="how"),
            rx.el.ol(*[_step(n, key, icon) for n, (key, icon) in enumerate(STEPS, start=1)], class_name="steps"),
            rx.el.figure(
                _shot(DESKTOP_SHOT, "landing.shot_desktop", "shot shot-desktop", lazy=True),
                rx.el.figcaption(t("landing.shot_desktop_caption"), class_name="shot-caption"),
                class_name="desktop-shot",
            ),
            aria_labelledby="how",
            class_name="landing-section",
        ),
        rx.el.section(
            rx.el.h2(t("landing.trust_title"), id="trust"),
            rx.el.ul(*[_trust(key, icon) for key, icon in TRUST], class_name="trust"),
            aria_labelledby="trust",
            class_name="landing-section",
        ),
        rx.el.section(
            rx.el.h2(t("landing.plans_title"), id="plans"),
            rx.el.p(t("landing.plans_lead")),
            rx.el.div(rx.foreach(PlansState.plans, lambda plan: plan_card(plan, _plan_action(plan))), class_name="plans"),
            aria_labelledby="plans",
            class_name="landing-section",
        ),
    )
