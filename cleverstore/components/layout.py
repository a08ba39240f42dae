"""The page frame: skip link, header with navigation and language switch, main, footer."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t
from cleverstore.state.auth import LogoutState
from cleverstore.state.base import AppState
from cleverstore.state.verify import VerifyState


def language_switch() -> rx.Component:
    def choice(code: str, label: str) -> rx.Component:
        return rx.el.button(
            label,
            type="button",
            class_name="lang-button",
            aria_pressed=rx.cond(AppState.lang == code, "true", "false"),
            lang=code,
            on_click=AppState.set_language(code),
        )

    return rx.el.div(
        choice("sv", "Svenska"),
        choice("en", "English"),
        role="group",
        aria_label=t("nav.language"),
        class_name="lang-switch",
    )


def _nav() -> rx.Component:
    signed_in = rx.fragment(
        rx.el.a(t("nav.register"), href="/register", class_name="nav-link"),
        rx.el.a(t("nav.dashboard"), href="/dashboard", class_name="nav-link"),
        rx.el.a(t("nav.reports"), href="/reports", class_name="nav-link"),
        rx.el.a(t("nav.support"), rx.cond(AppState.support_unread > 0,
                                          rx.el.span(AppState.support_unread, class_name="badge",
                                                     aria_label=t("support.unread_badge")), rx.fragment()),
                href="/support", class_name="nav-link"),
        rx.el.a(t("nav.billing"), href="/billing", class_name="nav-link"),
        rx.el.a(t("nav.profile"), href="/profile", class_name="nav-link"),
        rx.el.button(t("nav.logout"), type="button", class_name="nav-link nav-button", on_click=LogoutState.logout),
    )
    signed_out = rx.fragment(
        rx.el.a(t("nav.login"), href="/login", class_name="nav-link"),
        rx.el.a(t("nav.signup"), href="/signup", class_name="nav-link nav-cta"),
    )
    return rx.el.nav(rx.cond(AppState.signed_in, signed_in, signed_out), aria_label=t("nav.main"), class_name="nav")


def verify_banner() -> rx.Component:
    """Shown on every page until the e-mail address is verified; nothing is blocked meanwhile."""
    return rx.cond(
        AppState.email_unverified,
        rx.el.div(
            rx.el.p(t("verify.banner")),
            rx.cond(
                VerifyState.resent,
                rx.el.p(t("verify.resent"), aria_live="polite"),
                rx.el.button(t("verify.resend"), type="button", class_name="button", on_click=VerifyState.resend),
            ),
            class_name="notice verify-banner",
        ),
        rx.fragment(),
    )


def _maintenance_notice() -> rx.Component:
    """Shown instead of the page while maintenance mode is on."""
    return rx.el.section(
        rx.el.h1(t("maintenance.title")),
        rx.el.p(rx.cond(AppState.is_en, AppState.maintenance_en, AppState.maintenance_sv), class_name="prewrap"),
        role="status",
        class_name="panel maintenance",
    )


def heir_claim_banner() -> rx.Component:
    """Shown on every page while someone's heir claim about this customer can still be stopped."""
    return rx.cond(
        AppState.heir_claim_open,
        rx.el.div(
            rx.el.p(t("heir.claim_banner")),
            rx.el.a(t("heir.claim_banner_link"), href="/privacy#claims", class_name="button"),
            class_name="notice heir-claim-banner", role="alert",
        ),
        rx.fragment(),
    )


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.a(t("nav.skip"), href="#main", class_name="skip-link"),
        rx.el.header(
            rx.el.div(
                rx.el.a(rx.el.span("CleverStore", class_name="brand-name"), href="/", class_name="brand"),
                rx.cond(AppState.in_maintenance, rx.fragment(), _nav()),
                language_switch(),
                class_name="header-inner",
            ),
            class_name="site-header",
        ),
        rx.el.main(
            rx.cond(AppState.in_maintenance, _maintenance_notice(), rx.fragment(heir_claim_banner(), verify_banner(), *children)),
            id="main", class_name="main", tab_index=-1,
        ),
        rx.el.footer(
            rx.el.p("CleverStore Sverige · Sverige Levererar AB · org.nr 559030-3979"),
            rx.el.a(t("footer.terms"), href="/villkor"),
            class_name="site-footer",
        ),
        class_name="page",
        lang=AppState.lang,
    )


def register_switcher() -> rx.Component:
    """SuperPro: which company's register is open, and a select to switch (only with company registers)."""
    return rx.cond(
        AppState.register_choices.length() > 0,
        rx.el.div(
            rx.el.p(t("switcher.open"), " ", rx.el.strong(AppState.active_register_label, id="register-current"),
                    class_name="register-current"),
            rx.el.div(
                rx.el.label(t("switcher.label"), html_for="register-switcher", class_name="field-label"),
                rx.el.select(
                    rx.foreach(AppState.register_choices, lambda c: rx.el.option(c["label"], value=c["id"])),
                    id="register-switcher", value=AppState.active_register,
                    on_change=AppState.switch_register, class_name="input select",
                ),
                class_name="register-switcher-field",
            ),
            rx.cond(AppState.register_notice != "",
                    rx.el.p(AppState.register_notice, class_name="field-error", role="alert"), rx.fragment()),
            class_name="register-switcher",
        ),
        rx.fragment(),
    )


def register_frame(*children: rx.Component) -> rx.Component:
    """The frame of every page that shows register data: the page frame with the register switcher on top."""
    return page_frame(register_switcher(), *children)


def when_loaded(loaded, content: rx.Component) -> rx.Component:
    """Show `content` only after this page's on_load finished.

    The server keeps a page's state between visits; until the new visit's
    on_load has run, what it holds may belong to the previous object.
    """
    return rx.cond(rx.State.is_hydrated & loaded, content, rx.el.p(t("common.loading"), class_name="muted"))


def when_hydrated(content: rx.Component) -> rx.Component:
    """Show a form only once the page is connected: a click before that would be lost or submit natively."""
    return rx.cond(rx.State.is_hydrated, content, rx.el.p(t("common.loading"), class_name="muted"))
