"""An object's page, and the form to add or edit one."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import (
    datalist,
    error_summary,
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.services.inventory import STATUSES
from cleverstore.state.item import ItemState

DETAIL_FIELDS = (
    ("field.category", "category"),
    ("field.location", "location"),
    ("field.quantity", "quantity"),
    ("field.manufacturer", "manufacturer"),
    ("field.model", "model"),
    ("field.serial_number", "serial_number"),
    ("field.purchase_date", "purchase_date"),
    ("field.purchase_price", "purchase_price"),
    ("field.current_value", "current_value"),
    ("field.warranty_end", "warranty_end"),
    ("field.status", "status_label"),
)


def _not_found() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("item.not_found_title")),
        rx.el.p(t("item.not_found")),
        rx.el.a(t("item.back"), href="/register", class_name="button"),
        class_name="panel",
    )


def _detail(label_key: str, key: str) -> rx.Component:
    value = ItemState.item.get(key, "")
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(rx.cond(value != "", value, "–")), class_name="detail")


def _delete_area() -> rx.Component:
    return rx.cond(
        ItemState.confirm_delete,
        rx.el.div(
            rx.el.p(t("item.confirm_delete"), class_name="warning"),
            rx.el.button(t("item.delete_yes"), type="button", class_name="button button-danger",
                         on_click=ItemState.delete),
            rx.el.button(t("common.cancel"), type="button", class_name="button", on_click=ItemState.cancel_delete),
            role="alertdialog",
            aria_label=t("item.confirm_delete"),
            class_name="confirm",
        ),
        rx.el.button(t("item.delete"), type="button", class_name="button button-danger-outline",
                     on_click=ItemState.ask_delete),
    )


def item_view_page() -> rx.Component:
    found = rx.fragment(
        rx.el.div(
            rx.el.h1(ItemState.item.get("name", "")),
            rx.el.div(
                rx.el.a(t("item.edit"), href="/object/edit?id=" + ItemState.item_id, class_name="button button-primary"),
                _delete_area(),
                class_name="actions",
            ),
            class_name="page-head",
        ),
        rx.el.dl(*[_detail(label, key) for label, key in DETAIL_FIELDS], class_name="details"),
        rx.el.section(rx.el.h2(t("field.description")),
                      rx.el.p(ItemState.item.get("description", ""), class_name="prewrap")),
        rx.el.section(rx.el.h2(t("field.notes")), rx.el.p(ItemState.item.get("notes", ""), class_name="prewrap")),
        rx.el.a(t("item.back"), href="/register"),
    )
    return page_frame(when_loaded(ItemState.loaded, rx.cond(ItemState.not_found, _not_found(), found)))


def _form() -> rx.Component:
    errors, values = ItemState.errors, ItemState.values

    def text(label_key: str, name: str, **kwargs) -> rx.Component:
        return text_field(label_key, name, errors=errors, form="item", default_value=values.get(name, ""), **kwargs)

    return rx.el.form(
        error_summary(ItemState.summary),
        rx.el.div(
            text("field.name", "name", required=True),
            text("field.category", "category", list_id="category-options"),
            text("field.location", "location", list_id="location-options"),
            text("field.quantity", "quantity", input_mode="numeric"),
            text("field.manufacturer", "manufacturer"),
            text("field.model", "model"),
            text("field.serial_number", "serial_number"),
            select_field("field.status", "status", [(status, f"status.{status}") for status in STATUSES],
                         errors=errors, form="item", default_value=values.get("status", "in_use")),
            text("field.purchase_date", "purchase_date", input_type="date"),
            text("field.purchase_price", "purchase_price", input_mode="decimal", hint_key="hint.amount"),
            text("field.current_value", "current_value", input_mode="decimal", hint_key="hint.amount"),
            text("field.warranty_end", "warranty_end", input_type="date"),
            class_name="grid",
        ),
        textarea_field("field.description", "description", errors=errors, form="item",
                       default_value=values.get("description", "")),
        textarea_field("field.notes", "notes", errors=errors, form="item", default_value=values.get("notes", "")),
        datalist("category-options", ItemState.categories),
        datalist("location-options", ItemState.locations),
        rx.el.div(
            submit_button("item.save"),
            rx.el.a(t("common.cancel"), href=rx.cond(ItemState.item_id != "", "/object?id=" + ItemState.item_id,
                                                     "/register"), class_name="button"),
            class_name="actions",
        ),
        on_submit=ItemState.save,
        reset_on_submit=False,
        no_validate=True,
        key=ItemState.form_key.to_string(),
        class_name="form",
    )


def item_form_page() -> rx.Component:
    return page_frame(
        when_loaded(
            ItemState.loaded,
            rx.cond(
                ItemState.not_found,
                _not_found(),
                rx.fragment(
                    rx.el.h1(rx.cond(ItemState.item_id != "", t("item.edit_title"), t("item.new_title"))),
                    _form(),
                ),
            ),
        )
    )
