"""Admin: the SuperPro company registers section of the customer page."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.text import t
from cleverstore.state.admin.company_registers import AdminCompanyRegistersState


def _field_error(name: str) -> rx.Component:
    return rx.el.p(AdminCompanyRegistersState.errors.get(name, ""), class_name="field-error", aria_live="polite")


def _register_row(row) -> rx.Component:
    state = AdminCompanyRegistersState
    form_id = "register-" + row["id"]
    rename = rx.el.form(
        rx.el.input(type="hidden", name="register_id", value=row["id"]),
        rx.el.label(t("companies.company_name"), html_for=form_id + "-name", class_name="sr-only"),
        rx.el.input(id=form_id + "-name", name="company_name", default_value=row["name"], class_name="input"),
        rx.el.label(t("companies.org_number"), html_for=form_id + "-org", class_name="sr-only"),
        rx.el.input(id=form_id + "-org", name="org_number", default_value=row["org_number"], class_name="input"),
        rx.el.button(t("companies.rename"), type="submit", class_name="button"),
        on_submit=state.rename_register, reset_on_submit=False, class_name="inline-form",
    )
    remove = rx.el.form(
        rx.el.input(type="hidden", name="register_id", value=row["id"]),
        rx.cond(row["objects"] != "0", rx.el.label(
            rx.el.input(type="checkbox", name="confirm"), " ", t("companies.confirm_remove"), class_name="small"),
            rx.fragment()),
        rx.el.button(t("companies.remove"), type="submit", class_name="button button-danger"),
        on_submit=state.remove_register, reset_on_submit=False, class_name="inline-form",
    )
    archive = rx.cond(
        row["archived"] == "1",
        rx.el.button(t("companies.restore"), type="button", class_name="button",
                     on_click=state.restore_register(row["id"])),
        rx.el.button(t("companies.archive"), type="button", class_name="button",
                     on_click=state.archive_register(row["id"])),
    )
    return rx.el.tr(
        rx.el.td(rename),
        rx.el.td(row["objects"], class_name="num"),
        rx.el.td(row["status"]),
        rx.el.td(rx.el.div(archive, remove, class_name="actions")),
        key=row["id"] + row["name"] + row["org_number"] + row["archived"],
    )


def _add_form() -> rx.Component:
    state = AdminCompanyRegistersState
    return rx.el.form(
        rx.el.h3(t("companies.add_title")),
        text_field("companies.company_name", "company_name", errors=state.errors, form="company", required=True),
        text_field("companies.org_number", "org_number", errors=state.errors, form="company", required=True,
                   hint_key="hint.org_number"),
        submit_button("companies.add"),
        on_submit=state.add_register, reset_on_submit=False, no_validate=True,
        key="company-" + state.form_key.to_string(), class_name="form panel",
    )


def company_registers_section() -> rx.Component:
    state = AdminCompanyRegistersState
    table = rx.el.table(
        rx.el.caption(t("companies.title"), class_name="sr-only"),
        rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in (
            "companies.company_name", "companies.objects", "companies.status", "admin.action")])),
        rx.el.tbody(rx.foreach(state.registers, _register_row)),
        class_name="items",
    )
    return rx.el.section(
        rx.el.h2(t("companies.title")),
        rx.cond(
            state.company_customer,
            rx.fragment(
                rx.el.p(t("companies.lead"), class_name="muted"),
                rx.cond(state.registers.length() > 0, table, rx.el.p(t("companies.none"), class_name="muted")),
                _field_error("register"),
                _field_error("confirm"),
                rx.cond(state.company_plan, _add_form(),
                        rx.el.p(t("companies.needs_superpro"), class_name="muted", role="note")),
            ),
            rx.el.p(t("companies.only_company"), class_name="muted"),
        ),
        id="registers",
    )
