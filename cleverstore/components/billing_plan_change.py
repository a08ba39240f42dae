"""The billing page's plan change (the plan cards offer "Byt till Plus" / "Byt till Bas vid förnyelse",
the amount or the renewal date before confirming, a waiting change with a way to take it back) and the
notice's cost (the end date and the last invoice before confirming)."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import action_button
from cleverstore.components.text import t
from cleverstore.pages.plans import plan_card
from cleverstore.state.billing import BillingState
from cleverstore.state.plan_change import PlanChangeState

S = PlanChangeState


def _button(label, icon: str, on_click, primary: bool = False) -> rx.Component:
    return rx.el.button(rx.icon(icon, size=18, aria_hidden="true", class_name="button-icon"), rx.el.span(label),
                        type="button", class_name="button button-primary" if primary else "button", on_click=on_click)


def _offer(plan) -> rx.Component:
    code = plan["code"].to(str)
    action = rx.cond(
        plan["direction"].to(str) == "up",
        _button(plan["label"].to(str), "circle-arrow-up", S.preview_upgrade(code), primary=True),
        _button(plan["label"].to(str), "calendar-clock", S.consider_downgrade(code)),
    )
    return plan_card(plan, action)


def _quote() -> rx.Component:
    return rx.cond(
        S.quote_text != "",
        rx.el.div(
            rx.el.p(S.quote_text, id="plan-change-quote"),
            rx.el.div(_button(S.quote_button, "credit-card", S.confirm_upgrade, primary=True),
                      action_button("plan_change.keep", "x", S.keep_plan), class_name="actions"),
            class_name="notice notice-info",
        ),
        rx.fragment(),
    )


def _downgrade() -> rx.Component:
    return rx.cond(
        S.down_text != "",
        rx.el.div(
            rx.el.p(S.down_text, id="plan-change-down"),
            rx.el.ul(rx.foreach(S.remove_lines, lambda line: rx.el.li(line)), class_name="plan-change-remove"),
            rx.el.div(
                rx.cond(S.down_fits, _button(S.down_button, "calendar-clock", S.confirm_downgrade, primary=True),
                        rx.fragment()),
                action_button("plan_change.keep", "x", S.keep_plan),
                class_name="actions",
            ),
            class_name=rx.cond(S.down_fits, "notice notice-info", "notice warning"),
        ),
        rx.fragment(),
    )


def plan_change_section() -> rx.Component:
    """Shown to a customer with a live card subscription, below the subscription."""
    return rx.el.section(
        rx.el.h2(t("plan_change.title")),
        rx.el.div(
            rx.cond(S.message != "", rx.el.p(S.message, class_name="success"), rx.fragment()),
            rx.cond(S.error != "", rx.el.p(S.error, class_name="error-summary"), rx.fragment()),
            role="status", aria_live="polite",
        ),
        rx.cond(
            S.waiting != "",
            rx.el.div(rx.el.p(S.waiting, id="plan-change-waiting"),
                      action_button("plan_change.take_back", "undo-2", S.take_back),
                      class_name="notice notice-info"),
            rx.fragment(),
        ),
        _quote(),
        _downgrade(),
        rx.el.div(rx.foreach(S.offers, _offer), class_name="plans"),
        class_name="panel", id="plan-change", on_mount=S.load,
    )


def notice_cost_lines() -> rx.Component:
    """Before the notice is confirmed: the end date and what the last invoice will be."""
    return rx.fragment(
        rx.el.p(t("plan_change.notice_ends"), " ", rx.el.strong(BillingState.cancel_preview)),
        rx.cond(S.notice_invoice != "", rx.el.p(S.notice_invoice, id="notice-last-invoice"), rx.fragment()),
    )


def notice_start_button() -> rx.Component:
    """"Säg upp": asks Stripe what the notice costs before anything is confirmed."""
    return action_button("billing.cancel_start", "calendar-x", S.preview_notice)
