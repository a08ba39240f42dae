"""Admin: the customer's register under a support grant — a list with search and one object, nothing editable."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button
from cleverstore.components.paging import pager
from cleverstore.components.text import t
from cleverstore.pages.admin.layout import admin_frame, simple_table
from cleverstore.pages.registry import admin_page
from cleverstore.state.admin.support_register import AdminSupportRegisterState

State = AdminSupportRegisterState


def _detail(label_key: str, key: str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(State.item.get(key, "")), class_name="detail")


def _search_form() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label(t("support_access.search"), html_for="support-register-search", class_name="field-label"),
            rx.el.input(id="support-register-search", name="search", type="search", default_value=State.search,
                        class_name="input"),
            class_name="field field-search",
        ),
        submit_button("admin.search"),
        on_submit=State.search_register, reset_on_submit=False, no_validate=True, class_name="toolbar admin-search",
    )


def _list() -> rx.Component:
    def cells(row):
        return [
            rx.el.td(rx.el.button(row["name"], type="button", class_name="link-button item-link",
                                  on_click=State.open_item(row["id"]))),
            rx.el.td(row["category"]), rx.el.td(row["location"]), rx.el.td(row["status_label"]),
            rx.el.td(row["quantity"]), rx.el.td(row["purchase_price"]), rx.el.td(row["current_value"]),
        ]

    return rx.fragment(
        _search_form(),
        rx.el.p(State.matching, " ", t("support_access.matching"), aria_live="polite"),
        simple_table("support_access.admin_title",
                     ["field.name", "field.category", "field.location", "field.status", "field.quantity",
                      "field.purchase_price", "field.current_value"], State.rows, cells),
        pager(State),
    )


def _file_card(file) -> rx.Component:
    """A thumbnail or a document label, opened through the admin file route (checked and logged)."""
    return rx.el.li(
        rx.el.a(
            rx.cond(file["thumb"] != "",
                    rx.el.img(src=file["thumb"], alt=file["name"], class_name="gallery-thumb", loading="lazy"),
                    rx.el.span(file["kind_label"], class_name="doc-icon")),
            href=file["view"], target="_blank", rel="noopener",
        ),
        rx.el.p(rx.el.strong(file["kind_label"]), " · ", file["name"], " · ", file["size"], class_name="small"),
        class_name="file-card",
    )


def _object() -> rx.Component:
    fields = (("field.category", "category"), ("field.location", "location"), ("field.status", "status_label"),
              ("field.quantity", "quantity"), ("field.manufacturer", "manufacturer"), ("field.model", "model"),
              ("field.serial_number", "serial_number"), ("field.purchase_date", "purchase_date"),
              ("field.purchase_price", "purchase_price"), ("field.current_value", "current_value"),
              ("field.description", "description"), ("field.notes", "notes"))
    return rx.el.section(
        rx.el.h2(State.item.get("name", "")),
        rx.el.p(State.item.get("status_details", ""), class_name="muted"),
        rx.el.dl(*[_detail(label, key) for label, key in fields], class_name="details"),
        rx.el.h3(t("support_access.photos")),
        rx.cond(
            State.item_files.length() > 0,
            rx.el.ul(rx.foreach(State.item_files, _file_card), class_name="gallery"),
            rx.el.p(t("support_access.no_files"), class_name="muted"),
        ),
        rx.el.button(t("support_access.back_to_list"), type="button", class_name="button",
                     on_click=State.back_to_list),
        class_name="panel stack", aria_label=State.item.get("name", ""),
    )


@admin_page("/admin/support/register", "title.admin_customer_register", AdminSupportRegisterState.on_load)
def support_register_page() -> rx.Component:
    shown = rx.fragment(
        rx.el.p(State.access_text, class_name="notice"),
        rx.cond(State.item.get("id", "") != "", _object(), _list()),
    )
    return admin_frame(
        rx.el.h1(t("support_access.admin_title")),
        rx.el.p(State.customer_name, class_name="muted"),
        rx.el.div(
            rx.cond(State.refused, rx.el.p(t("support_access.admin_refused"), class_name="error-summary"),
                    rx.fragment()),
            role="alert",
        ),
        rx.cond(State.refused, rx.fragment(), shown),
        rx.el.a(t("support_access.back_to_thread"), href="/admin/support/thread?id=" + State.thread_id, class_name="link-target"),
    )
