"""/billing: plans before paying, the lock with a way to pay, card and invoices, notice of termination,
the SuperPro request; /billing/success: the confirmation after Checkout."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.billing_company import company_details_section
from cleverstore.components.billing_plan_change import notice_cost_lines, notice_start_button, plan_change_section
from cleverstore.components.billing_lock import lock_notice_section
from cleverstore.components.billing_withdrawal import choose_button, consent_box, withdrawal_panel
from cleverstore.components.empty import empty_note
from cleverstore.components.forms import action_button, submit_button, text_field, textarea_field
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.plans import plan_card
from cleverstore.pages.registry import customer_page
from cleverstore.state.billing import BillingState, CheckoutReturnState
from cleverstore.state.company_details import CompanyDetailsState


def _messages() -> rx.Component:
    return rx.el.div(
        rx.cond(BillingState.message != "", rx.el.p(BillingState.message, class_name="success"), rx.fragment()),
        rx.cond(BillingState.error != "", rx.el.p(BillingState.error, class_name="error-summary"), rx.fragment()),
        role="status", aria_live="polite",
    )


def _lock_notice() -> rx.Component:
    """The failed payment's period, amount and pay-now button, or the end and a new start (billing_lock)."""
    return lock_notice_section(BillingState.open_portal)


def _choose_plans() -> rx.Component:
    def card(plan) -> rx.Component:
        action = rx.cond(
            plan["buyable"].to(bool),
            choose_button(plan),  # with the consent that the service starts at once
            rx.el.a(rx.icon("mail", size=18, aria_hidden="true"), rx.el.span(t("billing.superpro_contact")),
                    href="#superpro", class_name="button"),
        )
        return plan_card(plan, action, chosen=BillingState.chosen_plan == plan["code"].to(str))

    return rx.el.section(
        rx.el.h2(t("billing.choose_title")),
        rx.el.p(t("billing.choose_lead")),
        rx.cond(BillingState.chosen_plan != "",
                rx.el.p(t("billing.chosen_lead"), class_name="notice notice-info", id="billing-chosen"),
                rx.fragment()),
        consent_box(),
        rx.el.div(rx.foreach(BillingState.plans, lambda plan: card(plan)), class_name="plans"),
        id="billing-plans",
    )


def _subscription() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("billing.subscription_title")),
        rx.el.dl(
            rx.el.dt(t("billing.plan")), rx.el.dd(BillingState.plan_name),
            rx.el.dt(t("billing.status")), rx.el.dd(BillingState.status),
            rx.cond(BillingState.period_end != "",  # empty while a payment is owed: it would read as paid
                    rx.fragment(rx.el.dt(t("billing.period_end")), rx.el.dd(BillingState.period_end)), rx.fragment()),
            rx.cond(BillingState.card != "", rx.fragment(rx.el.dt(t("billing.card")), rx.el.dd(BillingState.card)),
                    rx.fragment()),
            rx.cond(BillingState.invoice_terms, rx.fragment(rx.el.dt(t("billing.terms")), rx.el.dd(t("billing.invoice_terms"))),
                    rx.fragment()),
            class_name="facts",
        ),
        rx.el.ul(rx.foreach(BillingState.usage, lambda line: rx.el.li(line)), class_name="plan-usage",
                 id="billing-usage"),
        rx.cond(BillingState.card_warning, rx.el.p(t("billing.card_expires_soon"), class_name="warning", role="alert"),
                rx.fragment()),
        action_button("billing.manage", "credit-card", BillingState.open_portal),
        withdrawal_panel(),
        _cancellation(),
        class_name="panel",
    )


def _cancellation() -> rx.Component:
    return rx.el.div(
        rx.el.h3(t("billing.cancel_title")),
        rx.cond(
            BillingState.cancel_at != "",
            rx.fragment(
                rx.el.p(t("billing.ends_on"), " ", rx.el.strong(BillingState.cancel_at)),
                action_button("billing.withdraw", "undo-2", BillingState.withdraw_cancel),
            ),
            rx.cond(
                BillingState.cancel_preview != "",
                rx.fragment(
                    notice_cost_lines(),  # the end date and Stripe's last invoice (billing_plan_change)
                    rx.el.div(
                        action_button("billing.cancel_confirm", "calendar-x", BillingState.confirm_cancel,
                                      class_name="button button-danger"),
                        action_button("billing.keep", "check", BillingState.keep_subscription),
                        class_name="actions",
                    ),
                ),
                rx.fragment(
                    rx.el.p(t("billing.cancel_rule"), class_name="muted"),
                    notice_start_button(),
                ),
            ),
        ),
        class_name="panel-part",
    )


def _invoices() -> rx.Component:
    def row(invoice) -> rx.Component:
        return rx.el.tr(
            rx.el.td(invoice["number"]), rx.el.td(invoice["date"]), rx.el.td(invoice["amount"]),
            rx.el.td(invoice["status"]),
            rx.el.td(rx.el.a(t("billing.invoice_view"), href=invoice["hosted_url"]), " · ",
                     rx.el.a(t("billing.invoice_pdf"), href=invoice["pdf_url"])),
        )

    return rx.el.section(
        rx.el.h2(t("billing.invoices_title")),
        rx.cond(
            BillingState.invoices.length() > 0,
            rx.el.div(rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th(t("billing.invoice_number")), rx.el.th(t("billing.invoice_date")),
                                     rx.el.th(t("billing.invoice_amount")), rx.el.th(t("billing.invoice_state")),
                                     rx.el.th(t("billing.invoice_links")))),
                rx.el.tbody(rx.foreach(BillingState.invoices, row)),
                class_name="invoices",
            ), class_name="table-wrap", tab_index=0, role="region", aria_label=t("frame.table_hint")),
            empty_note("receipt", "billing.no_invoices", "empty.invoices_next"),
        ),
        class_name="panel",
    )


def _superpro() -> rx.Component:
    errors = BillingState.superpro_errors
    return rx.el.section(
        rx.el.h2(rx.icon("building-2", size=22, aria_hidden="true", class_name="heading-icon"),
                 t("billing.superpro_title"), id="superpro"),
        rx.cond(
            BillingState.superpro_sent,
            rx.el.p(t("billing.superpro_sent"), class_name="success", role="status"),
            rx.el.form(
                rx.el.p(t("billing.superpro_lead")),
                text_field("billing.superpro_companies", "company_count", errors=errors, form="superpro",
                           input_type="number", required=True),
                textarea_field("billing.superpro_message", "message", errors=errors, form="superpro"),
                submit_button("billing.superpro_send", "send"),
                on_submit=BillingState.request_superpro,
                reset_on_submit=False,
                no_validate=True,
                class_name="form",
            ),
        ),
        class_name=rx.cond(BillingState.chosen_plan == "superpro", "panel panel-chosen", "panel"),
    )


@customer_page("/billing", "title.billing", BillingState.on_load)
def billing_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("billing.title")),
        when_loaded(
            BillingState.loaded,
            rx.el.div(
                _messages(),
                rx.cond(BillingState.locked, _lock_notice(), rx.fragment()),
                rx.cond(BillingState.subscribed, _subscription(), _choose_plans()),
                rx.cond(BillingState.subscribed & ~BillingState.invoice_terms, plan_change_section(), rx.fragment()),
                _invoices(),
                company_details_section(),
                rx.cond(CompanyDetailsState.on_agreement, rx.fragment(), _superpro()),
                class_name="stack",
            ),
        ),
    )


@customer_page("/billing/success", "title.payment", CheckoutReturnState.on_load)
def checkout_return_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("billing.success_title")),
        when_loaded(
            CheckoutReturnState.loaded,
            rx.el.div(
                rx.cond(
                    CheckoutReturnState.confirmed,
                    rx.fragment(
                        rx.el.p(t("billing.payment_received"), class_name="success"),
                        rx.el.a(rx.icon("package", size=18, aria_hidden="true"), rx.el.span(t("billing.to_register")),
                                href="/register",
                                class_name="button button-primary"),
                    ),
                    rx.fragment(
                        rx.el.p(t("billing.waiting_for_stripe")),
                        action_button("billing.check_again", "refresh-cw", CheckoutReturnState.check_again),
                    ),
                ),
                role="status", aria_live="polite",
            ),
        ),
    )
