"""/verify: anyone holding a CleverStore report (an insurer) checks that we issued it, byte for byte."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, text_field
from cleverstore.components.layout import page_frame, when_hydrated
from cleverstore.components.text import t
from cleverstore.components.uploads import file_picker
from cleverstore.pages.registry import public_page
from cleverstore.services.reports import MAX_REPORT_BYTES
from cleverstore.state.base import AppState
from cleverstore.state.report_check import ReportCheckState

UPLOAD_ID = "verify-pdf"
STATUS_ID = "verify-pdf-status"


def _upload() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("check_report.upload_heading")),
        # once the page is connected: a file chosen before that would lose its answer when the page hydrates
        when_hydrated(file_picker("check_report.choose_pdf", UPLOAD_ID, url="/verify/report",
                                  accept="application/pdf,.pdf", status_id=STATUS_ID, refresh_id="", multiple=False,
                                  max_bytes=MAX_REPORT_BYTES), reserve="3rem"),
        rx.el.p(t("check_report.upload_hint", size=MAX_REPORT_BYTES // (1024 * 1024)), class_name="field-hint"),
        # the file's row shows the answer; the status line (restyled by the upload script, hence the
        # wrapper) says it once more to a screen reader only
        rx.el.div(rx.el.p(id=STATUS_ID, role="status", aria_live="polite"), class_name="sr-only"),
        class_name="panel-part",
    )


def _typed() -> rx.Component:
    errors = ReportCheckState.errors
    answer_class = rx.cond(ReportCheckState.issued, "success", "error-summary")
    return rx.el.section(
        rx.el.h2(t("check_report.typed_heading")),
        when_hydrated(rx.el.form(
            text_field("check_report.report_id", "report_id", errors=errors, form="check",
                       hint_key="check_report.report_id_hint", required=True),
            text_field("check_report.sha256", "sha256", errors=errors, form="check",
                       hint_key="check_report.sha256_hint", required=True),
            submit_button("check_report.check", icon="shield-check"),
            on_submit=ReportCheckState.check,
            reset_on_submit=False,
            no_validate=True,
            class_name="form",
        )),
        rx.el.div(
            rx.cond(ReportCheckState.message != "",
                    rx.el.p(ReportCheckState.message, class_name=answer_class, id="verify-typed-answer"),
                    rx.fragment()),
            rx.cond(errors.get("verify", "") != "",
                    rx.el.p(errors.get("verify", ""), class_name="error-summary"), rx.fragment()),
            role="status",
            aria_live="polite",
        ),
        class_name="panel-part",
    )


@public_page("/verify", "check_report.title", AppState.load_identity)
def verify_page() -> rx.Component:
    return page_frame(
        rx.el.section(
            rx.el.h1(t("check_report.title")),
            rx.el.p(t("check_report.lead")),
            _upload(),
            _typed(),
            rx.el.p(t("check_report.privacy"), class_name="muted panel-part"),
            class_name="panel reading",
        )
    )
