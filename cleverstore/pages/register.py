"""The register: totals, search, filters, sort, one page of objects."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.services.inventory import STATUSES
from cleverstore.state.register import RegisterState

SORT_OPTIONS = (
    ("name", "sort.name_asc"),
    ("-name", "sort.name_desc"),
    ("-current_value", "sort.value_desc"),
    ("current_value", "sort.value_asc"),
    ("-purchase_date", "sort.date_desc"),
    ("purchase_date", "sort.date_asc"),
    ("category", "sort.category"),
    ("location", "sort.location"),
    ("-updated", "sort.updated"),
)


def _total(label_key: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(value), class_name="total")


def _totals() -> rx.Component:
    return rx.el.dl(
        _total("register.total_objects", RegisterState.totals.get("objects", "0")),
        _total("register.total_purchase", RegisterState.totals.get("purchase", "")),
        _total("register.total_current", RegisterState.totals.get("current", "")),
        class_name="totals",
        aria_label=t("register.totals"),
    )


def _filter_select(field: str, label_key: str, values, all_key: str) -> rx.Component:
    field_id = f"filter-{field}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            rx.foreach(values, lambda value: rx.el.option(value, value=value)),
            id=field_id,
            value=getattr(RegisterState, field),
            on_change=lambda value: RegisterState.set_filter(field, value),
            class_name="input select",
        ),
        class_name="field",
    )


def _status_select() -> rx.Component:
    return rx.el.div(
        rx.el.label(t("field.status"), html_for="filter-status", class_name="field-label"),
        rx.el.select(
            rx.el.option(t("filter.all_statuses"), value=""),
            *[rx.el.option(t(f"status.{status}"), value=status) for status in STATUSES],
            id="filter-status",
            value=RegisterState.status,
            on_change=lambda value: RegisterState.set_filter("status", value),
            class_name="input select",
        ),
        class_name="field",
    )


def _toolbar() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.label(t("register.search"), html_for="register-search", class_name="field-label"),
            rx.el.input(
                id="register-search",
                type="search",
                default_value=RegisterState.search,
                placeholder=t("register.search_hint"),
                on_change=RegisterState.set_search.debounce(250),
                class_name="input",
                auto_complete="off",
            ),
            class_name="field field-search",
        ),
        _filter_select("category", "field.category", RegisterState.categories, "filter.all_categories"),
        _filter_select("location", "field.location", RegisterState.locations, "filter.all_locations"),
        _status_select(),
        rx.el.div(
            rx.el.label(t("register.sort"), html_for="register-sort", class_name="field-label"),
            rx.el.select(
                *[rx.el.option(t(key), value=value) for value, key in SORT_OPTIONS],
                id="register-sort",
                value=RegisterState.sort_value,
                on_change=RegisterState.set_sort,
                class_name="input select",
            ),
            class_name="field",
        ),
        class_name="toolbar",
        role="search",
    )


def _cell(value):
    return rx.cond(value != "", value, "–")


def _row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.a(row["name"], href="/object?id=" + row["id"], class_name="item-link"),
                 rx.el.div(row["maker"], class_name="muted small"), data_label=t("field.name")),
        rx.el.td(_cell(row["category"]), data_label=t("field.category")),
        rx.el.td(_cell(row["location"]), data_label=t("field.location")),
        rx.el.td(rx.el.span(row["status_label"], class_name="status status-" + row["status"]),
                 data_label=t("field.status")),
        rx.el.td(row["quantity"], class_name="num", data_label=t("field.quantity")),
        rx.el.td(_cell(row["purchase_price"]), class_name="num", data_label=t("field.purchase_price")),
        rx.el.td(_cell(row["current_value"]), class_name="num", data_label=t("field.current_value")),
    )


def _table() -> rx.Component:
    headers = ("field.name", "field.category", "field.location", "field.status", "field.quantity",
               "field.purchase_price", "field.current_value")
    return rx.el.table(
        rx.el.caption(t("register.caption"), class_name="sr-only"),
        rx.el.thead(rx.el.tr(*[rx.el.th(t(key), scope="col") for key in headers])),
        rx.el.tbody(rx.foreach(RegisterState.rows, _row)),
        class_name="items",
    )


def _empty() -> rx.Component:
    return rx.el.div(
        rx.cond(
            RegisterState.has_filters,
            rx.el.p(t("register.no_match"), " ",
                    rx.el.button(t("register.clear_filters"), type="button", class_name="link-button",
                                 on_click=RegisterState.clear_filters)),
            rx.el.p(t("register.empty")),
        ),
        class_name="empty",
    )


def _pager() -> rx.Component:
    return rx.el.nav(
        rx.el.button(t("pager.previous"), type="button", class_name="button", disabled=RegisterState.page <= 1,
                     on_click=RegisterState.previous_page),
        rx.el.span(t("pager.page"), " ", RegisterState.page, " ", t("pager.of"), " ", RegisterState.pages,
                   " · ", RegisterState.matching, " ", t("pager.objects"), aria_live="polite", class_name="pager-status"),
        rx.el.button(t("pager.next"), type="button", class_name="button", disabled=RegisterState.page >= RegisterState.pages,
                     on_click=RegisterState.next_page),
        class_name="pager",
        aria_label=t("pager.label"),
    )


def register_page() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("register.title")),
            rx.el.a(t("register.add"), href="/object/new", class_name="button button-primary"),
            class_name="page-head",
        ),
        _totals(),
        _toolbar(),
        when_loaded(
            RegisterState.loaded,
            rx.cond(RegisterState.rows.length() > 0, rx.fragment(_table(), _pager()), _empty()),
        ),
    )
