"""The register: totals, search, filters, sort, one page of objects."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.paging import pager
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.services.register import BULK_STATUSES, NO_PLACE, STATUSES
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
        _total("register.total_replacement", RegisterState.totals.get("replacement", "")),
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
            rx.foreach(values, lambda choice: rx.el.option(choice["label"], value=choice["id"])),
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


def _missing_select() -> rx.Component:
    return rx.el.div(
        rx.el.label(t("filter.missing"), html_for="filter-missing", class_name="field-label"),
        rx.el.select(
            rx.el.option(t("filter.missing_none"), value=""),
            rx.el.option(t("filter.missing_photo"), value="photo"),
            rx.el.option(t("filter.missing_receipt"), value="receipt"),
            id="filter-missing",
            value=RegisterState.missing,
            on_change=lambda value: RegisterState.set_filter("missing", value),
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
        _filter_select("tag", "field.tags", RegisterState.tags, "filter.all_tags"),
        _status_select(),
        _missing_select(),
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


def _thumb(row) -> rx.Component:
    return rx.cond(
        row["thumb"] != "",
        rx.el.img(src=row["thumb"], alt="", class_name="thumb", loading="lazy", width="48", height="48"),
        rx.el.span(class_name="thumb thumb-empty", aria_hidden="true"),
    )


def _row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(
            rx.el.input(type="checkbox", id="select-" + row["id"], checked=row["selected"] == "1",
                        on_change=lambda _checked: RegisterState.toggle(row["id"]), class_name="checkbox"),
            rx.el.label(t("register.select_row"), " ", row["name"], html_for="select-" + row["id"],
                        class_name="sr-only"),
            class_name="select-cell",
        ),
        rx.el.td(_thumb(row), class_name="thumb-cell"),
        rx.el.td(rx.el.a(row["name"], href="/object?id=" + row["id"], class_name="item-link"),
                 rx.el.div(row["maker"], class_name="muted small"),
                 rx.cond(row["tags"] != "", rx.el.div(row["tags"], class_name="tags small"), rx.fragment()),
                 data_label=t("field.name")),
        rx.el.td(_cell(row["category"]), data_label=t("field.category")),
        rx.el.td(_cell(row["location"]), data_label=t("field.location")),
        rx.el.td(rx.el.span(row["status_label"], class_name="status status-" + row["status"]),
                 data_label=t("field.status")),
        rx.el.td(row["quantity"], class_name="num", data_label=t("field.quantity")),
        rx.el.td(_cell(row["purchase_price"]), class_name="num", data_label=t("field.purchase_price")),
        rx.el.td(_cell(row["current_value"]), class_name="num", data_label=t("field.current_value")),
        rx.el.td(_cell(row["current_sum"]), class_name="num", data_label=t("worth.value_now_sum")),
    )


def _table() -> rx.Component:
    headers = ("field.name", "field.category", "field.location", "field.status", "field.quantity",
               "field.purchase_price", "field.current_value", "worth.value_now_sum")
    return rx.el.table(
        rx.el.caption(t("register.caption"), class_name="sr-only"),
        rx.el.thead(rx.el.tr(rx.el.th(rx.el.span(t("register.selected_col"), class_name="sr-only"), scope="col"),
                             rx.el.th(rx.el.span(t("gallery.photo"), class_name="sr-only"), scope="col"),
                             *[rx.el.th(t(key), scope="col") for key in headers])),
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
    return pager(RegisterState, t("pager.page"), " ", RegisterState.page, " ", t("pager.of"), " ", RegisterState.pages,
                 " · ", RegisterState.matching, " ", t("pager.objects"),
                 rx.cond(RegisterState.not_counted != "", rx.el.span(" (", RegisterState.not_counted, ")")))


def _selection_bar() -> rx.Component:
    """Select all that match; with a selection, the bulk actions."""
    actions = rx.el.div(
        rx.el.form(
            rx.el.label(t("bulk.move_to"), html_for="bulk-location", class_name="field-label"),
            # no default target: a placeholder, and removing the place is its own explicit choice
            rx.el.select(rx.el.option(t("undo.choose_place"), value="", disabled=True),
                         rx.el.option(t("undo.remove_place"), value=NO_PLACE),
                         rx.foreach(RegisterState.locations,
                                    lambda choice: rx.el.option(choice["label"], value=choice["id"])),
                         id="bulk-location", name="location", class_name="input select", default_value="",
                         on_change=RegisterState.choose_bulk_location),
            rx.el.button(t("bulk.move"), type="submit", class_name="button",
                         disabled=RegisterState.bulk_location == ""),
            on_submit=RegisterState.bulk_move, no_validate=True, reset_on_submit=False, class_name="bulk-form",
        ),
        rx.el.form(
            rx.el.label(t("bulk.tag_label"), html_for="bulk-tag", class_name="field-label"),
            rx.el.input(id="bulk-tag", name="tag", class_name="input", auto_complete="off"),
            rx.el.button(t("bulk.tag"), type="submit", class_name="button"),
            on_submit=RegisterState.bulk_tag, no_validate=True, reset_on_submit=False, class_name="bulk-form",
        ),
        rx.el.form(
            rx.el.label(t("bulk.status_label"), html_for="bulk-status", class_name="field-label"),
            rx.el.select(*[rx.el.option(t(f"status.{s}"), value=s) for s in BULK_STATUSES],
                         id="bulk-status", name="status", class_name="input select"),
            rx.el.button(t("bulk.set_status"), type="submit", class_name="button"),
            on_submit=RegisterState.bulk_status, no_validate=True, reset_on_submit=False, class_name="bulk-form",
        ),
        rx.cond(
            RegisterState.confirm_bulk_delete,
            rx.el.div(
                rx.el.p(t("bulk.confirm_delete"), " ", RegisterState.selected_count, class_name="warning"),
                rx.el.button(t("bulk.delete_yes"), type="button", class_name="button button-danger",
                             on_click=RegisterState.bulk_delete),
                rx.el.button(t("common.cancel"), type="button", class_name="button",
                             on_click=RegisterState.cancel_bulk_delete),
                role="alertdialog", aria_label=t("bulk.confirm_delete"), class_name="confirm",
            ),
            rx.el.button(t("bulk.delete"), type="button", class_name="button button-danger-outline",
                         on_click=RegisterState.ask_bulk_delete),
        ),
        key=RegisterState.bulk_form_key.to_string(),
        class_name="bulk-actions",
    )
    return rx.el.section(
        rx.el.div(
            rx.el.p(RegisterState.selected_count, " ", t("bulk.selected"), class_name="selected-count",
                    aria_live="polite"),
            rx.el.button(t("bulk.select_matching"), " (", RegisterState.matching, ")", type="button",
                         class_name="button", on_click=RegisterState.select_matching),
            rx.cond(RegisterState.selected_count > 0,
                    rx.el.button(t("bulk.clear"), type="button", class_name="link-button",
                                 on_click=RegisterState.clear_selection), rx.fragment()),
            class_name="selection-head",
        ),
        rx.el.p(RegisterState.bulk_message,
                rx.cond((RegisterState.bulk_message != "") & (RegisterState.bulk_undo_id != ""),
                        rx.el.span(" ", rx.el.button(t("undo.button"), type="button", class_name="link-button",
                                                     id="bulk-undo", on_click=RegisterState.undo_bulk),
                                   " ", t("undo.within")),
                        rx.fragment()),
                class_name="status-line", aria_live="polite"),
        rx.el.p(RegisterState.bulk_error, class_name="field-error", role="alert"),
        rx.cond(RegisterState.selected_count > 0, actions, rx.fragment()),
        class_name="selection",
        aria_label=t("bulk.title"),
    )


@customer_page("/register", "title.register", RegisterState.on_load)
def register_page() -> rx.Component:
    return register_frame(
        rx.el.div(
            rx.el.h1(t("register.title")),
            rx.el.div(
                rx.el.a(t("register.add"), href="/object/new", class_name="button button-primary"),
                rx.el.a(t("nav.dashboard"), href="/dashboard", class_name="button"),
                rx.el.a(t("import.title"), href="/import", class_name="button"),
                rx.el.a(t("export.csv"), href="/register/export.csv", class_name="button", download="",
                        custom_attrs={"reloadDocument": True}),
                rx.el.a(t("export.csv_semicolon"), href="/register/export.csv?sep=;", class_name="button",
                        download="", custom_attrs={"reloadDocument": True}),
                rx.el.a(t("catalogue.title"), href="/catalogue", class_name="button"),
                class_name="actions",
            ),
            class_name="page-head",
        ),
        _totals(),
        _toolbar(),
        when_loaded(RegisterState.loaded, _selection_bar()),
        when_loaded(
            RegisterState.loaded,
            rx.cond(RegisterState.rows.length() > 0, rx.fragment(_table(), _pager()), _empty()),
        ),
    )
