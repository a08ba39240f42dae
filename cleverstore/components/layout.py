"""The page frame: skip link, header with navigation and language switch, main, footer."""
from __future__ import annotations

import contextvars
from contextlib import contextmanager

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


# The customer's places: the first ones in the header row, the account's under "Konto" (a disclosure),
# all of them in the phone menu; the four main ones again in the phone's tab bar.
MAIN_PLACES = (
    ("/register", "nav.register"),
    ("/dashboard", "nav.dashboard"),
    ("/reports", "nav.reports"),
    ("/support", "nav.support"),
)
ACCOUNT_PLACES = (
    ("/profile", "nav.profile"),
    ("/billing", "nav.billing"),
    ("/security", "nav.security"),
    ("/privacy", "nav.privacy"),
    ("/activity", "nav.activity"),
    ("/insurance", "nav.insurance"),
    ("/members", "members.title"),
    ("/shared-links", "share.title"),
)
TABS = (
    ("/register", "frame.tab_register"),
    ("/object/new", "frame.tab_add"),
    ("/reports", "frame.tab_reports"),
    ("/profile", "frame.tab_account"),
)
# Each place's lucide icon: decorative (aria-hidden), the text beside it stays the name.
PLACE_ICONS = {
    "/register": "package", "/dashboard": "layout-dashboard", "/reports": "file-text", "/support": "life-buoy",
    "/profile": "user", "/billing": "credit-card", "/security": "shield-check", "/privacy": "lock",
    "/activity": "clipboard-list", "/object/new": "camera", "/insurance": "umbrella",
    "/shared-links": "link", "/members": "users",
    "/admin": "chart-column", "/admin/customers": "users", "/admin/support": "life-buoy", "/admin/heirs": "scale",
    "/admin/agreements": "signature", "/admin/maintenance": "wrench", "/admin/audit": "scroll-text",
}


def place_icon(href: str, size: int = 18) -> rx.Component:
    name = PLACE_ICONS.get(href)
    return rx.icon(name, size=size, aria_hidden="true", class_name="nav-icon") if name else rx.fragment()


def _current(href: str):
    """aria-current for a link: "page" on its own page (the router's path, with or without a trailing slash)."""
    path = rx.State.router.url.path
    return rx.cond((path == href) | (path == href + "/"), "page", "false")


def place_link(href: str, label, class_name: str = "nav-link") -> rx.Component:
    return rx.el.a(place_icon(href), rx.el.span(label), href=href, class_name=class_name,
                   custom_attrs={"aria-current": _current(href)})


def _support_label() -> rx.Component:
    return rx.fragment(
        t("nav.support"),
        rx.cond(AppState.support_unread > 0,
                rx.el.span(AppState.support_unread, class_name="badge", aria_label=t("support.unread_badge")),
                rx.fragment()),
    )


def _label(href: str, key: str):
    return _support_label() if href == "/support" else t(key)


def disclosure(button_id: str, panel_id: str, label, panel: rx.Component, *, button_class: str,
               wrapper_class: str) -> rx.Component:
    """A button that shows and hides `panel` (assets/frame.js: click, Esc, a click elsewhere, a link followed).

    Plain script, no websocket: the menu works as soon as the page is shown."""
    return rx.el.div(
        rx.el.button(
            label,
            type="button",
            id=button_id,
            class_name=button_class,
            custom_attrs={"aria-expanded": "false", "aria-controls": panel_id, "data-disclosure": panel_id},
        ),
        rx.el.div(panel, id=panel_id, class_name="disclosure-panel", custom_attrs={"data-open": "false"}),
        class_name=wrapper_class,
    )


def logout_button(on_click) -> rx.Component:
    return rx.el.button(rx.icon("log-out", size=18, aria_hidden="true", class_name="nav-icon"),
                        rx.el.span(t("nav.logout")), type="button", class_name="nav-link nav-button",
                        on_click=on_click)


def language_and_logout(on_logout, class_name: str) -> rx.Component:
    """Language and log out: at the end of a wide header row from 1024 px ("header-tools wide-only"), inside
    the header's disclosure between 700 and 1023 px where the row is full ("panel-tools medium-only")."""
    return rx.el.div(language_switch(), logout_button(on_logout), class_name=class_name)


def header_navigation(main: list, grouped: list, *, group_id: str, group_label, nav_label, on_logout) -> rx.Component:
    """A header's navigation, customer's or admin's: `main` links in the row and `grouped` under one
    disclosure from 700 px; on a phone every link, the language and log out behind the menu button.
    `main` and `grouped` are (href, label) pairs."""
    grouped_list = rx.el.ul(*[rx.el.li(place_link(href, label)) for href, label in grouped], class_name="nav-list")
    desktop = rx.el.nav(
        rx.el.ul(
            *[rx.el.li(place_link(href, label)) for href, label in main],
            rx.el.li(disclosure(f"{group_id}-button", group_id, group_label,
                                rx.fragment(grouped_list, language_and_logout(on_logout, "panel-tools medium-only")),
                                button_class="nav-link nav-button nav-group-button", wrapper_class="nav-group")),
            class_name="nav-list nav-row",
        ),
        aria_label=nav_label,
        class_name="nav nav-desktop",
    )
    menu_panel = rx.el.nav(
        rx.el.ul(*[rx.el.li(place_link(href, label)) for href, label in main + grouped],
                 class_name="nav-list menu-list"),
        language_switch(),
        logout_button(on_logout),
        aria_label=nav_label,
        class_name="menu-nav",
    )
    return rx.fragment(
        desktop,
        language_and_logout(on_logout, "header-tools wide-only"),
        disclosure("site-menu-button", "site-menu", rx.fragment(rx.el.span(class_name="menu-icon", aria_hidden="true"),
                                                                  t("frame.menu")),
                   menu_panel, button_class="menu-button", wrapper_class="site-menu phone-only"),
    )


def _signed_in_header() -> rx.Component:
    return header_navigation([(href, _label(href, key)) for href, key in MAIN_PLACES],
                             [(href, t(key)) for href, key in ACCOUNT_PLACES],
                             group_id="account-menu", group_label=t("frame.account"), nav_label=t("nav.main"),
                             on_logout=LogoutState.logout)


def _signed_out_header() -> rx.Component:
    return rx.fragment(
        rx.el.nav(
            rx.el.a(t("nav.login"), href="/login", class_name="nav-link"),
            rx.el.a(t("nav.signup"), href="/signup", class_name="nav-link nav-cta"),
            aria_label=t("nav.main"),
            class_name="nav nav-signed-out",
        ),
        language_switch(),
    )


def tab_bar() -> rx.Component:
    """The phone's four main places at the bottom of the screen, within reach of a thumb."""
    def tab(href: str, key: str) -> rx.Component:
        item = rx.el.li(rx.el.a(place_icon(href, 22), rx.el.span(t(key), class_name="tab-label"), href=href,
                                class_name="tab", custom_attrs={"aria-current": _current(href)}))
        # adding is not offered to a household member who may only look
        return rx.cond(AppState.can_edit_register, item, rx.fragment()) if href == "/object/new" else item

    return rx.el.nav(
        rx.el.ul(
            *[tab(href, key) for href, key in TABS],
            class_name="tab-list",
        ),
        aria_label=t("frame.tabs"),
        class_name="tab-bar phone-only",
    )


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
    signed_in = _signed_in_as_drawn()
    return rx.el.div(
        rx.el.a(t("nav.skip"), href="#main", class_name="skip-link"),
        rx.el.header(
            rx.el.div(
                rx.el.a(rx.el.span("CleverStore", class_name="brand-name"), href="/", class_name="brand"),
                rx.cond(AppState.in_maintenance, language_switch(),
                        rx.cond(signed_in, _signed_in_header(), _signed_out_header())),
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
        rx.cond(signed_in & ~AppState.in_maintenance, tab_bar(), rx.fragment()),
        class_name=rx.cond(signed_in & ~AppState.in_maintenance, "page has-tabs", "page"),
        lang=AppState.lang,
    )


def register_switcher() -> rx.Component:
    """Which register is open, and a select to switch: shown with company registers (SuperPro) or registers
    shared with the person; a viewer reads that they look and print only."""
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
            rx.cond(AppState.can_edit_register, rx.fragment(),
                    rx.el.p(t("switcher.viewer_note"), class_name="muted", id="viewer-note")),
            class_name="register-switcher",
        ),
        rx.fragment(),
    )


def register_frame(*children: rx.Component) -> rx.Component:
    """The frame of every page that shows register data: the page frame with the register switcher on top."""
    return page_frame(register_switcher(), *children)


_CUSTOMER_PAGE = contextvars.ContextVar("customer_page", default=False)


@contextmanager
def customer_frame():
    """While a customer's page is built, its frame is drawn signed in until the tab knows who is asking.

    The page's HTML is built once for everyone, before anyone is known; drawn signed out, the
    header, tab bar and footer of every customer page would jump when the customer's state
    arrives. Waiting for the connection alone is not enough: between it and the page's on_load the
    frame would be drawn signed out for an instant, and a tap on the menu then is lost. A visitor
    who is not signed in is sent to /login by the page's on_load.
    """
    token = _CUSTOMER_PAGE.set(True)
    try:
        yield
    finally:
        _CUSTOMER_PAGE.reset(token)


def _signed_in_as_drawn():
    return AppState.signed_in | ~AppState.identity_checked if _CUSTOMER_PAGE.get() else AppState.signed_in


def skeleton(reserve: str = "50vh") -> rx.Component:
    """Grey blocks in the space the page's content will take, so nothing below jumps when it arrives.

    `reserve` is the least height the content takes (a CSS length: the register and an object
    page fill the screen, a short form less).
    """
    return rx.el.div(
        rx.el.span(t("common.loading"), class_name="sr-only"),
        *[rx.el.div(class_name="skeleton-block", aria_hidden="true") for _ in range(3)],
        role="status",
        class_name="skeleton",
        style={"min_height": reserve},
    )


def when_loaded(loaded, content: rx.Component, reserve: str = "50vh") -> rx.Component:
    """Show `content` only after this page's on_load finished; until then a skeleton of `reserve` height.

    The server keeps a page's state between visits; until the new visit's
    on_load has run, what it holds may belong to the previous object.
    """
    return rx.cond(rx.State.is_hydrated & loaded, content, skeleton(reserve))


def when_hydrated(content: rx.Component, reserve: str = "22rem") -> rx.Component:
    """Show a form only once the page is connected (a click or keystroke before that would be lost or
    submit natively); until then a skeleton of about the form's height, so nothing below it jumps."""
    return rx.cond(rx.State.is_hydrated, content, skeleton(reserve))
