"""The billing page's lock notice: the failed payment's period and amount with a pay-now button, or the
end of the subscription with the way to start a new one (the plan cards follow it on the page)."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import action_button
from cleverstore.components.text import t
from cleverstore.state.billing_lock import BillingLockState


def lock_notice_section(open_portal) -> rx.Component:
    """Loads itself when placed (on mount). `open_portal`: the billing page's event to change the card."""
    state = BillingLockState
    unpaid = rx.fragment(
        rx.el.h2(t("billing.locked_title")),
        rx.el.p(state.text, id="billing-lock-text"),
        rx.cond(state.amount != "", rx.el.p(rx.el.strong(state.amount), id="billing-lock-amount"), rx.fragment()),
        rx.el.div(
            rx.cond(state.pay_url != "",
                    rx.el.a(rx.icon("banknote", size=18, aria_hidden="true"), rx.el.span(t("billing.pay_now")),
                            href=state.pay_url, class_name="button button-primary", id="billing-pay-now"),
                    rx.fragment()),
            action_button("billing.update_card", "credit-card", open_portal),
            class_name="actions",
        ),
    )
    ended = rx.fragment(
        rx.el.h2(t("billing.lock_ended_title")),
        rx.el.p(state.text, id="billing-lock-text"),
        rx.el.div(
            rx.el.a(rx.icon("credit-card", size=18, aria_hidden="true"), rx.el.span(t("billing.lock_start_again")),
                    href="#billing-plans", class_name="button button-primary"),
            class_name="actions",
        ),
    )
    return rx.el.section(
        rx.cond(state.loaded, rx.cond(state.ended, ended, unpaid),
                rx.el.p(t("billing.locked_text"))),
        rx.el.p(t("billing.locked_still_reachable"), class_name="muted"),
        class_name="panel notice-locked", role="alert", on_mount=state.load,
    )
