"""The customer's profile: details, e-mail address (asks for the password), password, and the reminders
(each kind on or off, mail at once or monthly; the reminder mails link here, to #reminders)."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import checkbox_field, select_field, submit_button, text_field
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.services.reminders import KINDS as REMINDER_KINDS
from cleverstore.state.profile import ProfileState


def _details_form() -> rx.Component:
    errors, values = ProfileState.errors, ProfileState.values

    def text(label_key: str, name: str, **kwargs) -> rx.Component:
        return text_field(label_key, name, errors=errors, form="profile", default_value=values.get(name, ""), **kwargs)

    return rx.el.form(
        rx.el.h2(t("profile.details")),
        rx.el.div(
            text("field.name", "name", required=True, autocomplete="name"),
            rx.cond(values.get("kind", "") == "company", text("field.org_number", "org_number", required=True),
                    rx.fragment()),
            text("field.phone", "phone", input_type="tel", required=True, autocomplete="tel"),
            text("field.street", "street", required=True, autocomplete="street-address"),
            rx.el.div(
                text("field.postal_code", "postal_code", required=True, autocomplete="postal-code"),
                text("field.city", "city", required=True, autocomplete="address-level2"),
                class_name="row",
            ),
            class_name="form-grid",
        ),
        submit_button("profile.save_details"),
        on_submit=ProfileState.save_details,
        reset_on_submit=False,
        no_validate=True,
        key="details-" + ProfileState.form_key.to_string(),
        class_name="form panel",
    )


def _email_form() -> rx.Component:
    errors = ProfileState.errors
    return rx.el.form(
        rx.el.h2(t("profile.email")),
        rx.el.p(t("profile.current_email"), " ", rx.el.strong(ProfileState.values.get("email", ""))),
        text_field("profile.new_email", "new_email", errors=errors, form="profile", input_type="email",
                   autocomplete="email", required=True),
        text_field("field.password", "email_password", errors=errors, form="profile", input_type="password",
                   autocomplete="current-password", required=True),
        submit_button("profile.change_email"),
        on_submit=ProfileState.change_email,
        reset_on_submit=False,
        no_validate=True,
        key="email-" + ProfileState.form_key.to_string(),
        class_name="form panel",
    )


def _password_form() -> rx.Component:
    errors = ProfileState.errors
    return rx.el.form(
        rx.el.h2(t("profile.password")),
        rx.el.p(t("profile.password_lead"), class_name="muted"),
        text_field("profile.current_password", "current_password", errors=errors, form="profile",
                   input_type="password", autocomplete="current-password", required=True),
        text_field("profile.new_password", "new_password", errors=errors, form="profile", input_type="password",
                   autocomplete="new-password", required=True, hint_key="hint.password"),
        text_field("field.password_repeat", "new_password_repeat", errors=errors, form="profile",
                   input_type="password", autocomplete="new-password", required=True),
        submit_button("profile.change_password"),
        on_submit=ProfileState.change_password,
        reset_on_submit=False,
        no_validate=True,
        key="password-" + ProfileState.form_key.to_string(),
        class_name="form panel",
    )


def _reminders_form() -> rx.Component:
    chosen = ProfileState.reminder_values
    return rx.el.form(
        rx.el.h2(t("reminders.settings")),
        rx.el.fieldset(
            rx.el.legend(t("reminders.settings_lead"), class_name="muted"),
            *[checkbox_field(f"reminders.kind.{kind}", kind, form="reminders", checked=chosen.get(kind, "") == "on")
              for kind in REMINDER_KINDS],
            class_name="fieldset reminder-kinds",
        ),
        select_field("reminders.cadence", "cadence",
                     [("at_once", "reminders.cadence.at_once"), ("monthly", "reminders.cadence.monthly")],
                     errors=ProfileState.errors, form="reminders", default_value=chosen.get("cadence", "at_once")),
        submit_button("reminders.save"),
        rx.el.p(rx.el.a(t("reminders.see_list"), href="/reminders", class_name="link-target")),
        on_submit=ProfileState.save_reminders,
        reset_on_submit=False,
        no_validate=True,
        key="reminders-" + ProfileState.form_key.to_string(),
        id="reminders",
        class_name="form panel",
    )


@customer_page("/profile", "title.profile", ProfileState.on_load)
def profile_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("profile.title")),
        when_loaded(ProfileState.loaded, _content()),
    )


def _content() -> rx.Component:
    return rx.fragment(
        rx.el.p(t("profile.customer_number"), " ", ProfileState.values.get("customer_number", ""), class_name="muted"),
        rx.el.div(
            rx.cond(ProfileState.message != "", rx.el.p(ProfileState.message, class_name="success"), rx.fragment()),
            role="status",
            aria_live="polite",
        ),
        rx.el.nav(
            rx.el.ul(
                rx.el.li(rx.el.a(t("nav.security"), href="/security", class_name="link-target")),
                rx.el.li(rx.el.a(t("nav.privacy"), href="/privacy", class_name="link-target")),
                rx.el.li(rx.el.a(t("nav.activity"), href="/activity", class_name="link-target")),
                rx.el.li(rx.el.a(t("reminders.title"), href="/reminders", class_name="link-target")),
                class_name="plain-list",
            ),
            aria_label=t("nav.account_more"),
            class_name="panel",
        ),
        rx.el.div(_details_form(), _reminders_form(), _email_form(), _password_form(), class_name="stack"),
    )
