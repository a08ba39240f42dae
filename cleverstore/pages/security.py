"""Security: two-factor login, devices and sessions (sign out one or all)."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.security import SecurityState


def _session_row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["device"], rx.cond(row["current"] != "", rx.el.strong(" ", t("security.this_device")),
                                        rx.fragment())),
        rx.el.td(row["prefix"]),
        rx.el.td(row["started"]),
        rx.el.td(row["last_seen"]),
        rx.el.td(rx.cond(
            row["current"] == "",
            rx.el.button(t("security.sign_out_this"), type="button", class_name="button",
                         on_click=SecurityState.sign_out_session(row["id"])),
            rx.fragment(),
        )),
    )


def _sessions() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("security.sessions")),
        rx.el.p(t("security.sessions_lead"), class_name="muted"),
        rx.el.div(
            rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in (
                    "security.device", "security.network", "security.started", "security.last_seen",
                    "security.action")])),
                rx.el.tbody(rx.foreach(SecurityState.session_rows, _session_row)),
            ),
            class_name="table-wrap", tab_index=0, role="region", aria_label=t("frame.table_hint"),
        ),
        rx.el.button(t("security.sign_out_others"), type="button", class_name="button",
                     on_click=SecurityState.sign_out_others),
        class_name="panel",
    )


def _device_row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["device"]),
        rx.el.td(row["prefix"]),
        rx.el.td(row["first_seen"]),
        rx.el.td(row["last_seen"]),
        rx.el.td(rx.el.button(t("security.forget_device"), type="button", class_name="button",
                              on_click=SecurityState.forget_device(row["id"]))),
    )


def _devices() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("security.devices")),
        rx.el.p(t("security.devices_lead"), class_name="muted"),
        rx.el.div(
            rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in (
                    "security.device", "security.network", "security.first_seen", "security.last_seen",
                    "security.action")])),
                rx.el.tbody(rx.foreach(SecurityState.device_rows, _device_row)),
            ),
            class_name="table-wrap", tab_index=0, role="region", aria_label=t("frame.table_hint"),
        ),
        class_name="panel",
    )


def _totp_setup() -> rx.Component:
    errors = SecurityState.errors
    return rx.cond(
        SecurityState.setup_secret != "",
        rx.el.form(
            rx.el.p(t("security.totp_scan")),
            rx.cond(SecurityState.setup_qr != "",
                    rx.el.img(src=SecurityState.setup_qr, alt=t("security.totp_qr_alt"), width="220",
                              height="220", class_name="qr-code", id="totp-qr"),
                    rx.fragment()),
            rx.el.p(t("security.totp_key"), " ", rx.el.code(SecurityState.setup_secret, class_name="secret")),
            rx.el.p(rx.el.a(t("security.totp_link"), href=SecurityState.setup_uri, class_name="link-target")),
            text_field("security.totp_code", "totp", errors=errors, form="totp", input_mode="numeric",
                       autocomplete="one-time-code", required=True),
            submit_button("security.totp_confirm"),
            on_submit=SecurityState.confirm_totp,
            reset_on_submit=False,
            no_validate=True,
            class_name="form",
        ),
        rx.el.button(t("security.totp_start"), type="button", class_name="button button-primary",
                     on_click=SecurityState.start_totp),
    )


def _totp() -> rx.Component:
    errors = SecurityState.errors
    return rx.el.section(
        rx.el.h2(t("security.totp")),
        rx.el.p(t("security.totp_lead"), class_name="muted"),
        rx.cond(
            SecurityState.recovery_codes.length() > 0,
            rx.el.div(
                rx.el.p(t("security.recovery_save")),
                rx.el.ul(rx.foreach(SecurityState.recovery_codes, lambda c: rx.el.li(rx.el.code(c))),
                         class_name="codes"),
                rx.el.div(
                    rx.el.button(t("security.recovery_download"), type="button", class_name="button",
                                 id="recovery-download", on_click=SecurityState.download_recovery_codes),
                    rx.el.button(t("security.recovery_copy"), type="button", class_name="button",
                                 id="recovery-copy", on_click=SecurityState.copy_recovery_codes),
                    rx.el.button(t("security.recovery_print"), type="button", class_name="button no-print",
                                 id="recovery-print", on_click=rx.call_script("window.print()")),
                    class_name="actions no-print",
                ),
                class_name="notice",
            ),
            rx.fragment(),
        ),
        rx.cond(
            SecurityState.totp_on,
            rx.el.form(
                rx.el.p(t("security.totp_is_on"), " ", t("security.codes_left"), " ",
                        SecurityState.codes_left.to_string()),
                text_field("field.password", "totp_password", errors=errors, form="totp-off", input_type="password",
                           autocomplete="current-password", required=True),
                submit_button("security.totp_disable"),
                on_submit=SecurityState.disable_totp,
                reset_on_submit=False,
                no_validate=True,
                key="totp-off-" + SecurityState.form_key.to_string(),
                class_name="form",
            ),
            _totp_setup(),
        ),
        class_name="panel",
    )


@customer_page("/security", "title.security", SecurityState.on_load)
def security_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("security.title")),
        when_loaded(
            SecurityState.loaded,
            rx.fragment(
                rx.el.div(rx.cond(SecurityState.message != "", rx.el.p(SecurityState.message, class_name="success"),
                                  rx.fragment()), role="status", aria_live="polite"),
                rx.el.div(_sessions(), _devices(), _totp(), class_name="stack"),
            ),
        ),
    )
