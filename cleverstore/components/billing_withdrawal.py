"""The billing page's parts for the 14-day right of withdrawal: the consent box above the plans (a private
customer goes to Checkout only with it ticked) and, within the 14 days, "Ångra köpet" with the refund
explained and a second step to confirm."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import action_button
from cleverstore.components.text import t
from cleverstore.state.withdrawal import WithdrawalState


def consent_box() -> rx.Component:
    """The agreement that the service starts at once; "Välj" sends it along (`choose_plan_with_consent`)."""
    return rx.el.div(
        rx.cond(
            WithdrawalState.consent_needed,
            rx.fragment(
                rx.el.div(
                    # uncontrolled: the tick shows at once, the state follows (a controlled box would
                    # flick back until the server answers)
                    rx.el.input(type="checkbox", id="withdrawal-consent", name="service_consent",
                                default_checked=WithdrawalState.service_consent,
                                on_change=WithdrawalState.set_service_consent,
                                aria_describedby="withdrawal-consent-hint",
                                aria_invalid=rx.cond(WithdrawalState.consent_missing, "true", "false")),
                    rx.el.label(t("billing.withdrawal_consent"), html_for="withdrawal-consent"),
                    class_name="checkbox",
                ),
                rx.el.p(t("billing.withdrawal_consent_hint"), id="withdrawal-consent-hint",
                        class_name=rx.cond(WithdrawalState.consent_missing, "field-error", "muted")),
            ),
            rx.fragment(),
        ),
        on_mount=WithdrawalState.load,
        id="billing-consent",
    )


def choose_button(plan) -> rx.Component:
    """A plan card's "Välj …" button, with the consent."""
    return rx.el.button(rx.icon("credit-card", size=18, aria_hidden="true"),
                        rx.el.span(t("billing.choose"), " ", plan["name"].to(str)), type="button",
                        class_name="button button-primary",
                        on_click=WithdrawalState.choose_plan_with_consent(plan["code"].to(str)))


def withdrawal_panel() -> rx.Component:
    """Within the 14 days: what comes back and why, then "Ångra köpet" and a confirmation."""
    return rx.el.div(
        rx.cond(
            WithdrawalState.lead != "",
            rx.el.div(
                rx.el.h3(t("billing.withdrawal_title")),
                rx.el.p(WithdrawalState.lead),
                rx.el.p(WithdrawalState.explained, id="withdrawal-sum"),
                rx.cond(
                    WithdrawalState.confirming,
                    rx.fragment(
                        rx.el.p(t("billing.withdrawal_effect"), class_name="warning"),
                        rx.el.div(
                            rx.el.button(rx.icon("undo-2", size=18, aria_hidden="true", class_name="button-icon"),
                                         rx.el.span(WithdrawalState.confirm_label), type="button",
                                         class_name="button button-danger",
                                         on_click=WithdrawalState.confirm_withdrawal),
                            action_button("billing.withdrawal_keep", "check", WithdrawalState.keep_purchase),
                            class_name="actions",
                        ),
                    ),
                    action_button("billing.withdrawal_start", "undo-2", WithdrawalState.ask_to_withdraw),
                ),
                class_name="panel-part", id="billing-withdrawal",
            ),
            rx.fragment(),
        ),
        on_mount=WithdrawalState.load,
    )
