"""Admin: customer search and one customer's overview with suspend / reinstate."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import (
    confirm_step,
    danger_button,
    submit_button,
    textarea_field,
)
from cleverstore.components.paging import pager
from cleverstore.components.text import t
from cleverstore.pages.admin.company_registers import company_registers_section
from cleverstore.pages.admin.layout import admin_frame, simple_table, status_message
from cleverstore.pages.registry import admin_page
from cleverstore.state.admin.company_registers import AdminCompanyRegistersState
from cleverstore.state.admin.customers import AdminCustomersState, AdminCustomerState


@admin_page("/admin/customers", "title.admin_customers", AdminCustomersState.on_load)
def customers_page() -> rx.Component:
    def cells(row):
        return [
            rx.el.td(row["customer_number"]),
            rx.el.td(rx.el.a(row["name"], href="/admin/customer?id=" + row["id"], class_name="item-link")),
            rx.el.td(row["email"]),
            rx.el.td(row["kind"], " ", row["org_number"]),
            rx.el.td(row["plan"]),
            rx.el.td(row["status"], class_name="customer-state"),
            rx.el.td(row["created"]),
        ]

    state = AdminCustomersState
    return admin_frame(
        rx.el.h1(t("admin.customers_title")),
        rx.el.form(
            rx.el.div(
                rx.el.label(t("admin.customer_search"), html_for="admin-query", class_name="field-label"),
                rx.el.input(id="admin-query", name="query", type="search", default_value=state.query, class_name="input"),
                class_name="field field-search",
            ),
            submit_button("admin.search"),
            on_submit=state.search, reset_on_submit=False, no_validate=True, class_name="toolbar admin-search",
        ),
        rx.el.p(state.matching, " ", t("admin.customers_found"), aria_live="polite"),
        simple_table("admin.customers_title",
                     ["admin.customer_number", "field.name", "field.email", "signup.kind", "admin.plan",
                      "admin.state", "admin.created"], state.rows, cells),
        pager(state),
    )


def _detail(label_key: str, key: str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(AdminCustomerState.customer.get(key, "")), class_name="detail")


def _reason_form(title_key: str, lead, button_key: str, handler) -> rx.Component:
    state = AdminCustomerState
    return rx.el.form(
        rx.el.h2(t(title_key)),
        lead,
        textarea_field("admin.reason", "reason", errors=state.errors, form="admin-customer"),
        submit_button(button_key),
        on_submit=handler, reset_on_submit=False, no_validate=True,
        key="reason-" + state.form_key.to_string(),
        class_name="form panel",
    )


def _suspension_form() -> rx.Component:
    state = AdminCustomerState
    suspended_lead = rx.el.p(t("admin.suspended_since"), " ", state.customer.get("suspended_at", ""), ": ",
                             state.customer.get("suspension_reason", ""), class_name="warning")
    return rx.cond(
        state.suspended,
        _reason_form("admin.reinstate_title", suspended_lead, "admin.reinstate", state.reinstate),
        confirm_step("admin.suspend_open", rx.el.form(
            rx.el.h2(t("admin.suspend_title")),
            rx.el.p(t("admin.suspend_lead"), class_name="muted"),
            rx.el.p(t("admin.suspend_confirm"), class_name="warning"),
            textarea_field("admin.reason", "reason", errors=state.errors, form="admin-customer"),
            danger_button("admin.suspend", id="admin-suspend-submit"),
            on_submit=state.suspend, reset_on_submit=False, no_validate=True,
            key="suspend-" + state.form_key.to_string(),
            class_name="form panel",
        )),
    )


def _help_section() -> rx.Component:
    """A new verification link; removing a lost second factor (two admins, the customer's link, a waiting period)."""
    state = AdminCustomerState
    box = state.help_box
    propose = rx.el.form(
        rx.el.p(t("customer_help.removal_lead"), class_name="muted"),
        textarea_field("customer_help.removal_reason", "removal_reason", errors=state.errors, form="admin-removal"),
        submit_button("customer_help.removal_propose"),
        on_submit=state.propose_removal, reset_on_submit=False, no_validate=True,
        key="removal-" + state.form_key.to_string(), class_name="form",
    )
    return rx.el.section(
        rx.el.h2(t("customer_help.help_title")),
        rx.cond(state.errors.get("help", "") != "", rx.el.p(state.errors.get("help", ""), role="alert",
                                                            class_name="error-summary")),
        rx.el.p(box.get("email", "")),
        rx.cond(box.get("email_verified", "") == "",
                rx.el.button(t("customer_help.resend_verification"), type="button",
                             on_click=state.resend_verification, class_name="button")),
        rx.el.p(box.get("second_factor", "")),
        rx.cond(box.get("stage", "") != "", rx.el.p(box.get("stage_text", ""), class_name="notice")),
        rx.cond(box.get("stage", "") == "proposed",
                rx.el.button(t("customer_help.removal_approve"), type="button", on_click=state.approve_removal,
                             class_name="button")),
        rx.cond((box.get("second_factor_on", "") != "") & (box.get("stage", "") == ""), propose),
        class_name="panel",
    )


@admin_page("/admin/customer", "title.admin_customer", [AdminCustomerState.on_load, AdminCompanyRegistersState.on_load])
def customer_page() -> rx.Component:
    state = AdminCustomerState
    fields = (("admin.customer_number", "customer_number"), ("field.email", "email"), ("field.phone", "phone"),
              ("admin.address", "address"), ("signup.kind", "kind"), ("field.org_number", "org_number"),
              ("admin.created", "created"), ("admin.terms_accepted", "terms"), ("admin.object_count", "objects"),
              ("admin.live_sessions", "sessions"), ("admin.plan", "plan"), ("admin.state", "subscription"),
              ("admin.period_end", "period_end"), ("admin.payment", "collection"), ("admin.devices", "devices"))
    found = rx.fragment(
        rx.el.h1(state.customer.get("name", "")),
        status_message(),
        rx.el.dl(*[_detail(label, key) for label, key in fields], class_name="details"),
        rx.cond(
            state.access_thread != "",
            rx.el.p(state.access_text, " ", rx.el.a(t("support_access.admin_link"),
                                                    href="/admin/support/register?thread=" + state.access_thread),
                    class_name="notice"),
            rx.el.p(t("admin.objects_private"), class_name="muted small"),
        ),
        _help_section(),
        _suspension_form(),
        company_registers_section(),
        rx.el.h2(t("admin.activity")),
        simple_table("admin.activity", ["admin.when", "admin.what", "admin.detail"], state.activity,
                     lambda row: [rx.el.td(row["when"]), rx.el.td(row["what"]), rx.el.td(row["detail"])]),
    )
    return admin_frame(
        rx.cond(state.not_found, rx.el.p(t("admin.customer_not_found")), found),
        rx.el.a(t("admin.back_to_customers"), href="/admin/customers", class_name="link-target"),
    )
