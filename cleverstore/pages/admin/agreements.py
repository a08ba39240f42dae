"""Admin: SuperPro requests, invoice terms and yearly prices."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.text import t
from cleverstore.pages.admin.layout import admin_frame, simple_table
from cleverstore.pages.registry import admin_page
from cleverstore.state.admin.agreements import AdminAgreementsState


def _plan_select(form: str) -> rx.Component:
    state = AdminAgreementsState
    return rx.el.div(
        rx.el.label(t("admin.plan"), html_for=f"{form}-plan", class_name="field-label"),
        rx.el.select(rx.foreach(state.plans, lambda p: rx.el.option(p["name"], value=p["code"])),
                     id=f"{form}-plan", name="plan", class_name="input select"),
        rx.el.p(state.errors.get("plan", ""), class_name="field-error", aria_live="polite"),
        class_name="field",
    )


def _answer(form: str) -> rx.Component:
    """The success message beside the form it answers (a refusal is shown at its field)."""
    state = AdminAgreementsState
    return rx.el.div(
        rx.cond((state.answered == form) & (state.message != ""), rx.el.p(state.message, class_name="success"),
                rx.fragment()),
        role="status", aria_live="polite",
    )


@admin_page("/admin/agreements", "title.admin_agreements", AdminAgreementsState.on_load)
def agreements_page() -> rx.Component:
    state = AdminAgreementsState
    return admin_frame(
        rx.el.h1(t("admin.agreements_title")),
        _answer("request"),
        rx.el.h2(t("admin.superpro_title")),
        rx.cond(
            state.requests.length() > 0,
            simple_table("admin.superpro_title", ["admin.customer", "admin.companies", "support.message",
                                                  "admin.created", "admin.action"], state.requests,
                         lambda r: [rx.el.td(rx.el.a(r["customer"], href="/admin/customer?id=" + r["customer_id"])),
                                    rx.el.td(r["companies"]), rx.el.td(r["message"], class_name="prewrap"),
                                    rx.el.td(r["created"]),
                                    rx.el.td(rx.el.div(
                                        rx.el.a(t("companies.set_up"), class_name="button",
                                                href="/admin/customer?id=" + r["customer_id"] + "#registers"),
                                        rx.el.button(t("admin.mark_handled"), type="button", class_name="button",
                                                     on_click=state.mark_handled(r["id"])),
                                        class_name="actions"))]),
            rx.el.p(t("admin.no_superpro"), class_name="muted"),
        ),
        rx.el.form(
            rx.el.h2(t("admin.invoice_terms_title")),
            rx.el.p(t("admin.invoice_terms_lead"), class_name="muted"),
            text_field("admin.customer_number", "customer_number", errors=state.errors, form="terms", required=True),
            _plan_select("terms"),
            text_field("admin.agreed_price", "agreed_price", errors=state.errors, form="terms",
                       input_mode="decimal", hint_key="admin.agreed_price_hint"),
            text_field("admin.days_until_due", "days_until_due", errors=state.errors, form="terms", required=True,
                       input_mode="numeric", default_value="30"),
            submit_button("admin.set_invoice_terms"),
            _answer("terms"),
            on_submit=state.set_invoice_terms, reset_on_submit=False, no_validate=True,
            key="terms-" + state.form_key.to_string(), class_name="form panel",
        ),
        rx.el.h2(t("admin.plans_title")),
        simple_table("admin.plans_title", ["admin.plan", "admin.yearly_price"], state.plans,
                     lambda p: [rx.el.td(p["name"]), rx.el.td(p["price"], class_name="num")]),
        rx.el.form(
            rx.el.h2(t("admin.price_title")),
            rx.el.p(t("admin.price_lead"), class_name="muted"),
            _plan_select("price"),
            text_field("admin.new_price", "price", errors=state.errors, form="price", required=True,
                       input_mode="decimal", hint_key="hint.amount"),
            rx.el.div(rx.el.input(type="checkbox", id="price-override", name="override"),
                      rx.el.label(t("admin.price_override"), html_for="price-override"), class_name="checkbox"),
            submit_button("admin.publish_price"),
            _answer("price"),
            on_submit=state.publish_price, reset_on_submit=False, no_validate=True,
            key="price-" + state.form_key.to_string(), class_name="form panel",
        ),
    )
