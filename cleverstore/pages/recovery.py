"""Forgotten password: ask for a link; set a new password from the link."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.layout import page_frame, when_hydrated, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import public_page
from cleverstore.state.base import AppState
from cleverstore.state.recovery import ForgotState, ResetState


@public_page("/forgot", "title.forgot", AppState.load_identity)
def forgot_page() -> rx.Component:
    no_errors = rx.Var.create({})
    return page_frame(
        rx.el.section(
            rx.el.h1(t("forgot.title")),
            rx.el.div(rx.cond(ForgotState.sent, rx.el.p(t("forgot.sent"), class_name="success"), rx.fragment()),
                      role="status", aria_live="polite"),
            rx.cond(
                ForgotState.sent,
                rx.fragment(),
                when_hydrated(rx.el.form(
                    rx.el.p(t("forgot.lead")),
                    text_field("field.email", "email", errors=no_errors, form="forgot", input_type="email",
                               autocomplete="email", required=True),
                    submit_button("forgot.submit"),
                    on_submit=ForgotState.request_link,
                    reset_on_submit=False,
                    no_validate=True,
                    class_name="form narrow",
                )),
            ),
            class_name="panel narrow",
        )
    )


def _reset_form() -> rx.Component:
    errors = ResetState.errors
    return rx.el.form(
        text_field("profile.new_password", "new_password", errors=errors, form="reset", input_type="password",
                   autocomplete="new-password", required=True, hint_key="hint.password"),
        text_field("field.password_repeat", "new_password_repeat", errors=errors, form="reset",
                   input_type="password", autocomplete="new-password", required=True),
        rx.cond(ResetState.needs_code,
                text_field("reset.code", "code", errors=errors, form="reset", autocomplete="one-time-code",
                           required=True),
                rx.fragment()),
        submit_button("reset.submit"),
        on_submit=ResetState.save_password,
        reset_on_submit=False,
        no_validate=True,
        class_name="form narrow",
    )


@public_page("/reset", "title.reset", ResetState.on_load)
def reset_page() -> rx.Component:
    return page_frame(
        rx.el.section(
            rx.el.h1(t("reset.title")),
            when_loaded(
                ResetState.loaded,
                rx.fragment(
                    rx.el.div(
                        rx.cond(ResetState.done, rx.el.p(t("reset.done"), " ", rx.el.a(t("nav.login"), href="/login"),
                                                         class_name="success"), rx.fragment()),
                        role="status",
                        aria_live="polite",
                    ),
                    rx.cond(~ResetState.done & ResetState.link_ok, _reset_form(), rx.fragment()),
                    rx.cond(~ResetState.done & ~ResetState.link_ok,
                            rx.el.p(t("reset.dead_link"), " ", rx.el.a(t("reset.new_link"), href="/forgot"),
                                    class_name="error-summary", role="alert"),
                            rx.fragment()),
                ),
            ),
            class_name="panel narrow",
        )
    )
