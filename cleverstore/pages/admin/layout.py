"""The admin frame: its own header and navigation, content shown only after the server said yes."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import header_navigation
from cleverstore.components.text import t
from cleverstore.state.admin.base import AdminBase

# The admin's daily places in the header row; the rest under "Mer". On a phone all of them in the menu.
MAIN_LINKS = (
    ("/admin", "admin.nav_statistics"),
    ("/admin/customers", "admin.nav_customers"),
    ("/admin/support", "admin.nav_support"),
    ("/admin/heirs", "admin.nav_heirs"),
)
MORE_LINKS = (
    ("/admin/agreements", "admin.nav_agreements"),
    ("/admin/maintenance", "admin.nav_maintenance"),
    ("/admin/audit", "admin.nav_audit"),
)


def _admin_nav() -> rx.Component:
    return header_navigation([(href, t(key)) for href, key in MAIN_LINKS], [(href, t(key)) for href, key in MORE_LINKS],
                             group_id="admin-more", group_label=t("frame.admin_more"), nav_label=t("admin.nav"),
                             on_logout=AdminBase.logout)


def admin_frame(*children: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.a(t("nav.skip"), href="#main", class_name="skip-link"),
        rx.el.header(
            rx.el.div(
                rx.el.a(rx.el.span("CleverStore admin", class_name="brand-name"), href="/admin", class_name="brand"),
                _admin_nav(),
                class_name="header-inner",
            ),
            class_name="site-header admin-header",
        ),
        rx.el.main(
            rx.cond(rx.State.is_hydrated & AdminBase.loaded, rx.fragment(*children),
                    rx.el.p(t("common.loading"), class_name="muted")),
            id="main", class_name="main", tab_index=-1,
        ),
        class_name="page admin",
    )


def status_message() -> rx.Component:
    return rx.el.div(
        rx.cond(AdminBase.message != "", rx.el.p(AdminBase.message, class_name="success"), rx.fragment()),
        role="status",
        aria_live="polite",
    )


def simple_table(caption_key: str, headers: list[str], rows, cells, numeric: tuple[str, ...] = ()) -> rx.Component:
    """A table of `rows` (a list var of dicts); `cells(row)` returns the row's <td>s. Headings in `numeric`
    are right-aligned, like the numbers under them."""
    return rx.el.table(
        rx.el.caption(t(caption_key), class_name="sr-only"),
        rx.el.thead(rx.el.tr(*[rx.el.th(t(key), scope="col", class_name="num" if key in numeric else "")
                               for key in headers])),
        rx.el.tbody(rx.foreach(rows, lambda row: rx.el.tr(*cells(row)))),
        class_name="items",
    )
