"""My data: download everything, marketing consent, what is kept and for how long, erasure, heir access."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import danger_button, submit_button, text_field
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.privacy import PrivacyState

RETENTION_ROWS = (
    ("privacy.kept_register", "privacy.until_erasure"),
    ("privacy.kept_account", "privacy.until_erasure"),
    ("privacy.kept_activity", "privacy.until_erasure"),
    ("privacy.kept_devices", "privacy.kept_devices_time"),
    ("privacy.kept_sessions", "privacy.kept_sessions_time"),
    ("privacy.kept_mail", "privacy.kept_mail_time"),
    ("privacy.kept_billing", "privacy.kept_billing_time"),
)


def _export() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("privacy.export")),
        rx.el.p(t("privacy.export_lead")),
        rx.el.a(t("privacy.export_button"), href="/privacy/export", class_name="button button-primary",
                download=True, reload_document=True),
        class_name="panel",
    )


def _consent() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("privacy.consent")),
        rx.el.div(
            rx.el.input(type="checkbox", id="privacy-marketing", checked=PrivacyState.marketing,
                        on_change=PrivacyState.set_marketing),
            rx.el.label(t("privacy.consent_label"), html_for="privacy-marketing"),
            class_name="checkbox",
        ),
        rx.el.p(t("privacy.consent_lead"), class_name="muted"),
        class_name="panel",
    )


def _retention() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("privacy.kept")),
        rx.el.div(rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(t("privacy.kept_what"), scope="col"),
                                 rx.el.th(t("privacy.kept_how_long"), scope="col"))),
            rx.el.tbody(*[rx.el.tr(rx.el.td(t(what)), rx.el.td(t(time))) for what, time in RETENTION_ROWS]),
        ), class_name="table-wrap", tab_index=0, role="region", aria_label=t("frame.table_hint")),
        class_name="panel",
    )


def _contact_row(row) -> rx.Component:
    return rx.el.li(
        row["name"], " · ", row["email"], " · ", row["relation"], " ",
        rx.el.button(t("privacy.contact_remove"), type="button", class_name="button",
                     on_click=PrivacyState.remove_contact(row["id"])),
    )


def _claim_row(row) -> rx.Component:
    return rx.el.li(
        row["reference"], " · ", row["claimant"], " · ", row["reason"], " · ", row["status"], " ",
        rx.cond(row["can_object"] != "",
                rx.el.button(t("privacy.claim_object"), type="button", class_name="button",
                             on_click=PrivacyState.object_to_claim(row["id"])),
                rx.fragment()),
    )


def _heir_contacts() -> rx.Component:
    errors = PrivacyState.errors
    return rx.el.section(
        rx.el.h2(t("privacy.legacy")),
        rx.el.p(t("privacy.legacy_lead"), class_name="muted"),
        rx.el.ul(rx.foreach(PrivacyState.contacts, _contact_row), class_name="plain-list"),
        rx.el.form(
            text_field("privacy.contact_name", "contact_name", errors=errors, form="legacy", required=True),
            text_field("privacy.contact_email", "contact_email", errors=errors, form="legacy", input_type="email",
                       required=True),
            text_field("privacy.contact_relation", "contact_relation", errors=errors, form="legacy"),
            submit_button("privacy.contact_add"),
            on_submit=PrivacyState.add_contact,
            reset_on_submit=False,
            no_validate=True,
            key="legacy-" + PrivacyState.form_key.to_string(),
            class_name="form",
        ),
        rx.cond(PrivacyState.claims.length() > 0,
                rx.fragment(rx.el.h3(t("privacy.claims"), id="claims"),
                            rx.el.ul(rx.foreach(PrivacyState.claims, _claim_row), class_name="plain-list")),
                rx.fragment()),
        class_name="panel",
    )


def _erasure() -> rx.Component:
    errors = PrivacyState.errors
    return rx.el.section(
        rx.el.h2(t("privacy.erase")),
        rx.el.p(t("privacy.erase_lead")),
        rx.cond(
            PrivacyState.erasure_date != "",
            rx.fragment(
                rx.el.p(t("privacy.erase_pending"), " ", rx.el.strong(PrivacyState.erasure_date)),
                rx.el.button(t("privacy.erase_cancel"), type="button", class_name="button",
                             on_click=PrivacyState.cancel_erasure),
            ),
            rx.el.form(
                text_field("field.password", "erase_password", errors=errors, form="erase", input_type="password",
                           autocomplete="current-password", required=True),
                rx.el.div(
                    rx.el.input(type="checkbox", id="erase-erase_confirm", name="erase_confirm",
                                aria_describedby="erase-erase_confirm-error"),
                    rx.el.label(t("privacy.erase_confirm"), html_for="erase-erase_confirm"),
                    rx.el.p(errors.get("erase_confirm", ""), id="erase-erase_confirm-error", class_name="field-error"),
                    class_name="checkbox",
                ),
                danger_button("privacy.erase_button", id="erase-submit"),
                on_submit=PrivacyState.request_erasure,
                reset_on_submit=False,
                no_validate=True,
                key="erase-" + PrivacyState.form_key.to_string(),
                class_name="form",
            ),
        ),
        class_name="panel",
    )


@customer_page("/privacy", "title.privacy", PrivacyState.on_load)
def privacy_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("privacy.title")),
        when_loaded(
            PrivacyState.loaded,
            rx.fragment(
                rx.el.div(rx.cond(PrivacyState.message != "", rx.el.p(PrivacyState.message, class_name="success"),
                                  rx.fragment()), role="status", aria_live="polite"),
                rx.el.div(_export(), _consent(), _retention(), _heir_contacts(), _erasure(), class_name="stack"),
            ),
        ),
    )
