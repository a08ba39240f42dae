"""Admin: statistics (the admin start page), maintenance mode and the audit log."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field, textarea_field
from cleverstore.components.text import t
from cleverstore.pages.admin.layout import admin_frame, simple_table, status_message
from cleverstore.pages.registry import admin_page
from cleverstore.state.admin.site import (
    AdminAuditState,
    AdminMaintenanceState,
    AdminStatisticsState,
)


def _figure(label_key: str, key: str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(AdminStatisticsState.figures.get(key, "")), class_name="total")


def _bar_chart(title_key: str, data, x_key: str) -> rx.Component:
    return rx.el.figure(
        rx.el.figcaption(t(title_key)),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="count", fill="#0b6e69", name=t("admin.count")),
            rx.recharts.x_axis(data_key=x_key),
            rx.recharts.y_axis(allow_decimals=False),
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.graphing_tooltip(),
            data=data,
            width="100%",
            height=240,
        ),
        class_name="chart panel",
    )


@admin_page("/admin", "title.admin_statistics", AdminStatisticsState.on_load)
def statistics_page() -> rx.Component:
    state = AdminStatisticsState
    return admin_frame(
        rx.el.h1(t("admin.statistics_title")),
        rx.el.p(t("admin.statistics_lead"), class_name="muted"),
        rx.el.dl(
            _figure("admin.customers_total", "customers"),
            _figure("admin.customers_suspended", "suspended"),
            _figure("admin.objects_total", "objects"),
            _figure("admin.register_value", "value"),
            _figure("admin.support_open", "support_open"),
            _figure("admin.arr", "arr"),
            class_name="totals totals-wide",
        ),
        rx.cond(AdminStatisticsState.figures.get("not_counted", "") != "",
                rx.el.p(AdminStatisticsState.figures.get("not_counted", ""), class_name="muted")),
        rx.el.div(
            _bar_chart("admin.chart_new_customers", state.new_customers, "month"),
            _bar_chart("admin.chart_objects", state.objects_by_month, "month"),
            _bar_chart("admin.chart_by_kind", state.customers_by_kind, "kind"),
            class_name="charts",
        ),
        rx.el.figure(
            rx.el.figcaption(t("admin.chart_monthly")),
            rx.recharts.line_chart(
                rx.recharts.line(data_key="new", stroke="#0b6e69", name=t("admin.series_new")),
                rx.recharts.line(data_key="cancelled", stroke="#b42318", name=t("admin.series_cancelled")),
                rx.recharts.line(data_key="failed", stroke="#f5b301", name=t("admin.series_failed")),
                rx.recharts.line(data_key="reports", stroke="#5b6773", name=t("admin.series_reports")),
                rx.recharts.x_axis(data_key="month"),
                rx.recharts.y_axis(allow_decimals=False),
                rx.recharts.legend(),
                rx.recharts.graphing_tooltip(),
                data=state.monthly, width="100%", height=260,
            ),
            class_name="chart panel",
        ),
        simple_table("admin.chart_monthly", ["admin.month", "admin.series_new", "admin.series_cancelled",
                                             "admin.series_failed", "admin.series_reports"], state.monthly,
                     lambda row: [rx.el.td(row["month"]), rx.el.td(row["new"], class_name="num"),
                                  rx.el.td(row["cancelled"], class_name="num"),
                                  rx.el.td(row["failed"], class_name="num"),
                                  rx.el.td(row["reports"], class_name="num")],
                     numeric=("admin.series_new", "admin.series_cancelled", "admin.series_failed", "admin.series_reports")),
        rx.el.h2(t("admin.plan_status_title")),
        simple_table("admin.plan_status_title", ["admin.plan", "field.status", "admin.count"], state.plan_status,
                     lambda row: [rx.el.td(row["plan"]), rx.el.td(row["status"]),
                                  rx.el.td(row["count"], class_name="num")], numeric=("admin.count",)),
        rx.el.h2(t("admin.events_title")),
        simple_table("admin.events_title", ["admin.what", "admin.count"], state.events,
                     lambda row: [rx.el.td(row["kind"]), rx.el.td(row["count"], class_name="num")],
                     numeric=("admin.count",)),
        rx.el.h2(t("admin.security_events_title")),
        rx.el.p(t("admin.security_events_lead"), class_name="muted"),
        rx.cond(
            state.security_events.length() > 0,
            simple_table("admin.security_events_title", ["admin.day", "admin.what", "admin.count"],
                         state.security_events,
                         lambda row: [rx.el.td(row["day"]), rx.el.td(row["kind"]),
                                      rx.el.td(row["count"], class_name="num")],
                         numeric=("admin.count",)),
            rx.el.p(t("admin.security_events_none")),
        ),
    )


@admin_page("/admin/maintenance", "title.admin_maintenance", AdminMaintenanceState.on_load)
def maintenance_page() -> rx.Component:
    state = AdminMaintenanceState
    return admin_frame(
        rx.el.h1(t("admin.maintenance_title")),
        status_message(),
        rx.cond(
            state.enabled,
            rx.el.div(
                rx.el.p(t("admin.maintenance_is_on"), class_name="warning"),
                rx.el.p(state.current_sv, class_name="prewrap"),
                rx.el.p(state.current_en, class_name="prewrap muted"),
                rx.cond(state.ends_at != "", rx.el.p(t("admin.maintenance_ends"), " ", state.ends_at), rx.fragment()),
                rx.el.button(t("admin.maintenance_switch_off"), type="button", class_name="button button-primary",
                             on_click=state.switch_off),
                class_name="panel stack",
            ),
            rx.el.form(
                rx.el.p(t("admin.maintenance_is_off")),
                textarea_field("admin.message_sv", "message_sv", errors=state.errors, form="maintenance"),
                textarea_field("admin.message_en", "message_en", errors=state.errors, form="maintenance"),
                text_field("admin.ends_at", "ends_at", errors=state.errors, form="maintenance",
                           input_type="datetime-local", hint_key="admin.ends_at_hint"),
                submit_button("admin.maintenance_switch_on"),
                on_submit=state.switch_on, reset_on_submit=False, no_validate=True,
                key="maintenance-" + state.form_key.to_string(), class_name="form panel",
            ),
        ),
    )


@admin_page("/admin/audit", "title.admin_audit", AdminAuditState.on_load)
def audit_page() -> rx.Component:
    state = AdminAuditState
    return admin_frame(
        rx.el.h1(t("admin.audit_title")),
        rx.el.p(t("admin.audit_lead"), class_name="muted"),
        simple_table("admin.audit_title", ["admin.when", "admin.admin", "admin.what", "admin.target", "admin.reason"],
                     state.entries,
                     lambda row: [rx.el.td(row["when"]), rx.el.td(row["admin"]), rx.el.td(row["action"]),
                                  rx.el.td(row["target"]), rx.el.td(row["reason"], class_name="prewrap")]),
        rx.el.nav(
            rx.el.button(t("pager.previous"), type="button", class_name="button", disabled=state.page <= 1,
                         on_click=state.previous_page),
            rx.el.span(t("pager.page"), " ", state.page, " · ", state.total),
            rx.el.button(t("pager.next"), type="button", class_name="button", on_click=state.next_page),
            class_name="pager", aria_label=t("pager.label"),
        ),
    )
