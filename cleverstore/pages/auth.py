"""Log in and create an account."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import error_summary, submit_button, text_field
from cleverstore.components.layout import page_frame, when_hydrated
from cleverstore.components.text import t
from cleverstore.pages.registry import public_page
from cleverstore.state.auth import LoginState, SignupState
from cleverstore.state.base import AppState


def _password_step() -> rx.Component:
    no_errors = rx.Var.create({})
    return rx.fragment(
        rx.el.form(
            text_field("field.email", "email", errors=no_errors, form="login", input_type="email",
                       autocomplete="username", required=True, default_value=LoginState.email_value),
            text_field("field.password", "password", errors=no_errors, form="login", input_type="password",
                       autocomplete="current-password", required=True),
            submit_button("login.submit"),
            on_submit=LoginState.login,
            reset_on_submit=False,
            no_validate=True,
            class_name="form narrow",
        ),
        rx.el.p(rx.el.a(t("login.forgot"), href="/forgot", reload_document=True, class_name="link-target")),
        rx.el.p(rx.el.a(t("login.heir"), href="/heir/claim", reload_document=True, class_name="link-target"), class_name="muted"),
        rx.el.p(t("login.no_account"), " ", rx.el.a(t("nav.signup"), href="/signup")),
    )


def _code_step() -> rx.Component:
    no_errors = rx.Var.create({})
    return rx.el.form(
        rx.el.p(t("login.code_lead")),
        text_field("login.code", "code", errors=no_errors, form="login-code", autocomplete="one-time-code",
                   required=True),
        submit_button("login.code_submit"),
        on_submit=LoginState.submit_code,
        reset_on_submit=True,
        no_validate=True,
        class_name="form narrow",
    )


def _terms_step() -> rx.Component:
    return rx.el.form(
        rx.el.p(t("login.terms_changed"), " ", rx.el.a(t("footer.terms"), href="/villkor", target="_blank")),
        rx.el.div(
            rx.el.input(type="checkbox", id="login-accept_new_terms", name="accept_new_terms"),
            rx.el.label(t("login.accept_new_terms"), html_for="login-accept_new_terms"),
            class_name="checkbox",
        ),
        submit_button("login.terms_submit"),
        on_submit=LoginState.accept_terms,
        reset_on_submit=False,
        no_validate=True,
        class_name="form narrow",
    )


def _warned_step() -> rx.Component:
    return rx.el.div(
        rx.el.p(LoginState.warning, class_name="notice", role="status"),
        rx.el.button(t("login.continue"), type="button", class_name="button primary", auto_focus=True,
                     on_click=LoginState.continue_after_warning),
        class_name="form narrow",
    )


@public_page("/login", "title.login", AppState.redirect_signed_in)
def login_page() -> rx.Component:
    return page_frame(
        rx.el.section(
            rx.el.h1(t("login.title")),
            rx.el.div(
                rx.cond(LoginState.error != "", rx.el.p(LoginState.error, class_name="error-summary"), rx.fragment()),
                role="alert",
                aria_live="assertive",
            ),
            when_hydrated(rx.match(LoginState.step, ("code", _code_step()), ("terms", _terms_step()),
                                   ("warned", _warned_step()), _password_step())),
            class_name="panel narrow",
        )
    )


def _kind_choice(value: str, label_key: str) -> rx.Component:
    field_id = f"signup-kind-{value}"
    return rx.el.div(
        rx.el.input(
            type="radio",
            id=field_id,
            name="kind_choice",
            value=value,
            checked=SignupState.kind == value,
            on_change=SignupState.set_kind(value),
        ),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="radio",
    )


def _check_mail() -> rx.Component:
    """After sending the form: the same words whether the address was new or already registered."""
    return rx.el.div(
        rx.el.p(t("signup.check_mail"), class_name="success"),
        rx.el.p(t("signup.after_confirm"), " ", rx.el.a(t("nav.login"), href="/login")),
    )


def _signup_form(errors) -> rx.Component:
    return rx.el.form(
        rx.el.fieldset(
            rx.el.legend(t("signup.kind")),
            _kind_choice("private", "signup.kind_private"),
            _kind_choice("company", "signup.kind_company"),
            class_name="radios",
        ),
        rx.el.div(
            text_field("field.name", "name", errors=errors, form="signup", autocomplete="name", required=True),
            rx.cond(
                SignupState.kind == "company",
                text_field("field.org_number", "org_number", errors=errors, form="signup", required=True,
                           hint_key="hint.org_number"),
                rx.fragment(),
            ),
            text_field("field.email", "email", errors=errors, form="signup", input_type="email",
                       autocomplete="email", required=True),
            text_field("field.phone", "phone", errors=errors, form="signup", input_type="tel",
                       autocomplete="tel", required=True),
            text_field("field.street", "street", errors=errors, form="signup", autocomplete="street-address",
                       required=True),
            rx.el.div(
                text_field("field.postal_code", "postal_code", errors=errors, form="signup",
                           autocomplete="postal-code", required=True, input_mode="numeric"),
                text_field("field.city", "city", errors=errors, form="signup", autocomplete="address-level2",
                           required=True),
                class_name="row",
            ),
            class_name="form-grid",
        ),
        rx.el.div(
            text_field("field.password", "password", errors=errors, form="signup", input_type="password",
                       autocomplete="new-password", required=True, hint_key="hint.password"),
            text_field("field.password_repeat", "password_repeat", errors=errors, form="signup",
                       input_type="password", autocomplete="new-password", required=True),
            class_name="form-grid",
        ),
        rx.el.div(
            rx.el.input(type="checkbox", id="signup-accept_terms", name="accept_terms",
                        aria_describedby="signup-accept_terms-error",
                        aria_invalid=rx.cond(errors.get("accept_terms", "") != "", "true", "false")),
            rx.el.label(
                t("signup.accept_before"), " ",
                rx.el.a(t("footer.terms"), href="/villkor", target="_blank"),
                html_for="signup-accept_terms",
            ),
            rx.el.p(errors.get("accept_terms", ""), id="signup-accept_terms-error", class_name="field-error",
                    aria_live="polite"),
            class_name="checkbox",
        ),
        submit_button("signup.submit"),
        on_submit=SignupState.submit,
        reset_on_submit=False,
        no_validate=True,
        class_name="form form-wide",
    )


def _chosen_plan() -> rx.Component:
    """The plan picked on the landing page: named here, waiting on the billing page after the first login."""
    return rx.cond(
        SignupState.plan_name != "",
        rx.el.div(
            rx.icon("badge-check", size=22, aria_hidden="true", class_name="chosen-plan-icon"),
            rx.el.div(
                rx.el.p(t("landing.plan_chosen"), " ", rx.el.strong(SignupState.plan_name, id="signup-plan")),
                rx.el.p(rx.cond(SignupState.plan_by_agreement, t("landing.plan_next_agreement"),
                                t("landing.plan_next_pay")), class_name="muted"),
            ),
            class_name="chosen-plan",
        ),
        rx.fragment(),
    )


@public_page("/signup", "title.signup", [AppState.redirect_signed_in, SignupState.start])
def signup_page() -> rx.Component:
    errors = SignupState.errors
    return page_frame(
        rx.el.section(
            rx.el.h1(t("signup.title")),
            rx.el.div(rx.cond(SignupState.check_mail, _check_mail(), rx.fragment()), role="status",
                      aria_live="polite"),
            rx.cond(
                SignupState.check_mail,
                rx.fragment(),
                rx.fragment(
                    rx.el.p(t("signup.lead")),
                    _chosen_plan(),
                    error_summary(SignupState.summary),
                    when_hydrated(_signup_form(errors), reserve="100vh"),
                    rx.el.p(t("signup.have_account"), " ", rx.el.a(t("nav.login"), href="/login")),
                ),
            ),
            class_name="panel panel-wide",
        )
    )
