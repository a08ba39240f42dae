"""Admin sign-in: e-mail, password and the six-digit code from the authenticator app."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.layout import language_switch
from cleverstore.components.text import t
from cleverstore.pages.registry import public_page
from cleverstore.state.admin.base import AdminLoginState


@public_page("/admin/login", "title.admin")
def admin_login_page() -> rx.Component:
    no_errors = rx.Var.create({})
    return rx.el.div(
        rx.el.main(
            rx.el.section(
                rx.el.div(language_switch(), class_name="actions"),
                rx.el.h1(t("admin.login_title")),
                rx.el.div(
                    rx.cond(AdminLoginState.error != "", rx.el.p(AdminLoginState.error, class_name="error-summary"),
                            rx.fragment()),
                    role="alert", aria_live="assertive",
                ),
                rx.el.form(
                    text_field("field.email", "email", errors=no_errors, form="admin", input_type="email",
                               autocomplete="username", required=True),
                    text_field("field.password", "password", errors=no_errors, form="admin", input_type="password",
                               autocomplete="current-password", required=True),
                    text_field("admin.totp_code", "code", errors=no_errors, form="admin", autocomplete="one-time-code",
                               required=True, input_mode="numeric"),
                    submit_button("login.submit"),
                    on_submit=AdminLoginState.login,
                    reset_on_submit=False,
                    no_validate=True,
                    class_name="form narrow",
                ),
                class_name="panel narrow",
            ),
            id="main", class_name="main",
        ),
        class_name="page admin",
    )
