"""The reports page: the register report and QR labels, with progress and the last 24 hours' files."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.empty import empty_note
from cleverstore.components.forms import (
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.components.upgrade import upgrade_link
from cleverstore.pages.registry import customer_page
from cleverstore.services.register import STATUSES
from cleverstore.services.reports import EVENT_KINDS, LAYOUTS
from cleverstore.state.reports import ReportsState


def _choice(form: str, name: str, label_key: str, all_key: str, values=None, fixed=()) -> rx.Component:
    field_id = f"{form}-{name}"
    options = [rx.el.option(t(all_key), value="")] if all_key else []
    options += [rx.el.option(t(text_key), value=value) for value, text_key in fixed]
    if values is not None:
        options.append(rx.foreach(values, lambda option: rx.el.option(option["label"], value=option["id"])))
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.el.select(*options, id=field_id, name=name, class_name="input select"),
        class_name="field",
    )


def _register_form() -> rx.Component:
    state = ReportsState
    return rx.el.form(
        rx.el.h2(t("reports.register_title")),
        rx.el.p(t("reports.register_lead"), class_name="muted"),
        rx.el.div(
            _choice("report", "location", "field.location", "filter.all_locations", state.locations),
            _choice("report", "category", "field.category", "filter.all_categories", state.categories),
            _choice("report", "status", "field.status", "filter.all_statuses",
                    fixed=[(status, f"status.{status}") for status in STATUSES]),
            rx.cond(state.policies.length() > 0,
                    _choice("report", "policy", "insurance.report_choice", "insurance.report_all", state.policies),
                    rx.fragment()),
            class_name="grid",
        ),
        submit_button("reports.make_register", "file-text"),
        on_submit=state.make_register_report, reset_on_submit=False, no_validate=True, class_name="form panel",
    )


def _labels_form() -> rx.Component:
    state = ReportsState
    return rx.el.form(
        rx.el.h2(t("reports.labels_title")),
        rx.el.p(t("reports.labels_lead"), class_name="muted"),
        rx.el.div(
            _choice("labels", "layout", "reports.layout", "", fixed=[(code, f"reports.layout_{code}") for code in LAYOUTS]),
            _choice("labels", "location", "field.location", "filter.all_locations", state.locations),
            _choice("labels", "category", "field.category", "filter.all_categories", state.categories),
            class_name="grid",
        ),
        rx.el.div(rx.el.input(type="checkbox", id="labels-include-not-owned", name="include_not_owned"),
                  rx.el.label(t("worth.labels_include_not_owned"), html_for="labels-include-not-owned"),
                  class_name="checkbox"),
        submit_button("reports.make_labels", "qr-code"),
        on_submit=state.make_labels, reset_on_submit=False, no_validate=True, class_name="form panel",
    )


def _claim_form() -> rx.Component:
    state = ReportsState
    errors = state.claim_errors
    return rx.el.form(
        rx.el.h2(t("claim.title")),
        rx.el.p(t("claim.lead"), class_name="muted"),
        rx.el.p(t("claim.selected"), " ", rx.el.strong(state.selected_count), " · ",
                rx.el.a(t("claim.choose_in_register"), href="/register")),
        rx.el.p(errors.get("objects", ""), class_name="field-error", role="alert"),
        rx.el.div(
            select_field("claim.event_kind", "event_kind", [(kind, f"claim.kind_{kind}") for kind in EVENT_KINDS],
                         errors=errors, form="claim"),
            text_field("claim.event_date", "event_date", errors=errors, form="claim", input_type="date",
                       required=True),
            text_field("claim.police_report", "police_report", errors=errors, form="claim"),
            class_name="grid",
        ),
        textarea_field("claim.description", "description", errors=errors, form="claim"),
        submit_button("claim.make", "file-archive"),
        on_submit=state.make_claim_pack, reset_on_submit=False, no_validate=True,
        key="claim-" + state.claim_key.to_string(), class_name="form panel",
    )


def _progress() -> rx.Component:
    state = ReportsState
    return rx.el.div(
        rx.cond(state.notice != "", rx.el.p(state.notice), rx.fragment()),
        upgrade_link(state.over_limit),
        rx.cond(
            state.running,
            rx.el.div(
                rx.el.label(t("reports.progress"), html_for="report-progress", class_name="field-label"),
                rx.el.progress(id="report-progress", value=state.progress, max=100, class_name="progress"),
                rx.el.span(state.progress, " %", class_name="muted"),
                class_name="field",
            ),
            rx.fragment(),
        ),
        role="status", aria_live="polite", class_name="report-status",
    )


def _jobs() -> rx.Component:
    def row(job):
        return rx.el.li(
            rx.icon("file-text", size=22, aria_hidden="true", class_name="row-icon"),
            rx.el.div(
                rx.cond(job["status"] == "done",
                        rx.el.a(job["title"], href=job["url"], download=True, class_name="item-link"),
                        rx.el.span(job["title"], class_name="row-title")),
                rx.el.p(
                    job["status_label"], " · ", rx.el.span(job["created"], class_name="nowrap"),
                    rx.cond(job["status"] == "done",
                            rx.fragment(" · ", job["pages"], " ", t("reports.pages"), " · ", job["size"]),
                            rx.fragment()),
                    " · ", t("reports.expires"), " ", rx.el.span(job["expires"], class_name="nowrap"),
                    class_name="row-meta",
                ),
                class_name="row-text",
            ),
        )

    return rx.el.section(
        rx.el.h2(t("reports.recent")),
        rx.cond(ReportsState.jobs.length() > 0, rx.el.ul(rx.foreach(ReportsState.jobs, row), class_name="row-list"),
                empty_note("file-text", "reports.none", "empty.reports_next")),
    )


@customer_page("/reports", "title.reports", ReportsState.on_load)
def reports_page() -> rx.Component:
    return register_frame(
        rx.el.h1(t("reports.title")),
        rx.el.p(t("reports.lead"), class_name="muted"),
        when_loaded(ReportsState.loaded, rx.el.div(_progress(), _register_form(), _claim_form(), _labels_form(), _jobs(),
                                                   class_name="stack")),
    )
