"""The billing page's section for company customers: what their invoices carry, and their reference."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.text import t
from cleverstore.state.company_details import CompanyDetailsState


def company_details_section() -> rx.Component:
    """Loads itself when placed (on mount); shows nothing to a private customer."""
    state = CompanyDetailsState
    form = rx.el.form(
        rx.el.h2(rx.icon("building-2", size=22, aria_hidden="true", class_name="heading-icon"),
                 t("billing.company_title")),
        rx.el.p(t("billing.company_lead"), class_name="muted"),
        # a list, not the two-column facts: long labels would leave the numbers too narrow on a phone
        rx.el.ul(
            rx.el.li(t("billing.company_org"), " ", rx.el.strong(state.org_number)),
            rx.el.li(t("billing.company_vat"), " ", rx.el.strong(state.vat_number)),
            rx.el.li(t("billing.company_reference"), " ",
                     rx.el.strong(rx.cond(state.reference != "", state.reference, t("billing.company_no_reference")))),
            id="company-facts",
        ),
        text_field("billing.company_reference", "reference", errors=state.errors, form="company-details",
                   default_value=state.reference, hint_key="billing.company_reference_hint"),
        text_field("billing.company_vat_entered", "vat_number", errors=state.errors, form="company-details",
                   default_value=state.vat_entered, hint_key="billing.company_vat_hint"),
        submit_button("billing.company_save", "save"),
        rx.el.div(rx.cond(state.message != "", rx.el.p(state.message, class_name="success"), rx.fragment()),
                  role="status", aria_live="polite"),
        on_submit=state.save, reset_on_submit=False, no_validate=True,
        key="company-details-" + state.form_key.to_string(), class_name="form",
    )
    return rx.el.div(
        rx.cond(state.company, rx.el.section(form, class_name="panel", id="company-details"), rx.fragment()),
        on_mount=state.load,
    )
