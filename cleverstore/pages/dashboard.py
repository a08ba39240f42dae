"""The dashboard: what the register holds and what needs attention."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.dashboard import DashboardState


def _figure(label_key: str, key: str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(DashboardState.totals.get(key, "")), class_name="total")


def _chart(title_key: str, bars, table_id: str) -> rx.Component:
    """A bar chart that is also a table: readable by screen readers and at 375 px."""
    return rx.el.section(
        rx.el.h2(t(title_key)),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(t("dashboard.group"), scope="col"),
                                 rx.el.th(t("register.total_objects"), scope="col", class_name="num"),
                                 rx.el.th(t("register.total_current"), scope="col", class_name="num"),
                                 rx.el.th(rx.el.span(t("dashboard.chart"), class_name="sr-only"), scope="col"))),
            rx.el.tbody(rx.foreach(bars, lambda bar: rx.el.tr(
                rx.el.td(bar["label"]),
                rx.el.td(bar["objects"], class_name="num"),
                rx.el.td(bar["value"], class_name="num"),
                rx.el.td(rx.el.div(rx.el.div(class_name="bar", style={"width": bar["width"]}), class_name="bar-track",
                                   aria_hidden="true"), class_name="bar-cell"),
            ))),
            id=table_id,
            class_name="chart dashboard-chart",
        ),
        class_name="panel",
    )


@customer_page("/dashboard", "title.dashboard", DashboardState.on_load)
def dashboard_page() -> rx.Component:
    content = rx.fragment(
        rx.el.dl(
            _figure("register.total_objects", "objects"),
            _figure("register.total_purchase", "purchase"),
            _figure("register.total_replacement", "replacement"),
            _figure("register.total_current", "current"),
            class_name="totals dashboard-totals",
            aria_label=t("register.totals"),
        ),
        rx.cond(DashboardState.not_counted != "", rx.el.p(DashboardState.not_counted, class_name="muted")),
        rx.el.section(
            rx.el.h2(t("dashboard.attention")),
            rx.el.ul(
                rx.el.li(rx.el.a(t("dashboard.needs_details"), " ", DashboardState.needs_details,
                                 href="/register?missing=details", id="dashboard-needs-details")),
                rx.el.li(rx.el.a(t("dashboard.missing_photo"), " ", DashboardState.missing_photo,
                                 href="/register?missing=photo")),
                rx.el.li(rx.el.a(t("dashboard.missing_receipt"), " ", DashboardState.missing_receipt,
                                 href="/register?missing=receipt")),
                class_name="attention-list",
            ),
            rx.el.h3(t("dashboard.warranties")),
            rx.cond(
                DashboardState.warranties.length() > 0,
                rx.el.ul(rx.foreach(DashboardState.warranties, lambda w: rx.el.li(
                    rx.el.a(w["name"], href="/object?id=" + w["id"]), " – ", w["until"])),
                    class_name="dashboard-warranties"),
                rx.el.p(t("dashboard.no_warranties"), class_name="muted"),
            ),
            class_name="panel",
        ),
        _chart("dashboard.by_category", DashboardState.by_category, "chart-category"),
        _chart("dashboard.by_location", DashboardState.by_location, "chart-location"),
    )
    return register_frame(rx.el.h1(t("dashboard.title")), when_loaded(DashboardState.loaded, content))
