"""Admin: the support inbox and a thread with the answer form."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button, textarea_field
from cleverstore.components.support import message_list
from cleverstore.components.text import t
from cleverstore.pages.admin.layout import admin_frame, simple_table, status_message
from cleverstore.pages.registry import admin_page
from cleverstore.services.support import THREAD_STATUSES as STATUSES
from cleverstore.state.admin.support import AdminSupportState, AdminThreadState


@admin_page("/admin/support", "title.support", AdminSupportState.on_load)
def inbox_page() -> rx.Component:
    state = AdminSupportState
    return admin_frame(
        rx.el.h1(t("admin.support_title")),
        rx.el.p(t("admin.unread"), ": ", state.unread, aria_live="polite"),
        rx.el.div(
            rx.el.label(t("field.status"), html_for="admin-support-status", class_name="field-label"),
            rx.el.select(
                rx.el.option(t("filter.all_statuses"), value=""),
                *[rx.el.option(t(f"support.status_{status}"), value=status) for status in STATUSES],
                id="admin-support-status", value=state.status, on_change=state.set_status, class_name="input select",
            ),
            class_name="field narrow",
        ),
        simple_table("admin.support_title", ["support.subject", "field.status", "admin.unread", "admin.updated"],
                     state.threads,
                     lambda row: [
                         rx.el.td(rx.el.a(row["subject"], href="/admin/support/thread?id=" + row["id"],
                                          class_name="item-link")),
                         rx.el.td(row["status_label"]), rx.el.td(row["unread"]), rx.el.td(row["updated"]),
                     ]),
    )


@admin_page("/admin/support/thread", "title.support", AdminThreadState.on_load)
def thread_page() -> rx.Component:
    state = AdminThreadState
    found = rx.fragment(
        rx.el.h1(state.thread.get("subject", "")),
        rx.el.p(t("admin.customer"), ": ", state.customer_name, " · ", state.thread.get("status_label", ""),
                class_name="muted"),
        rx.cond(state.thread.get("item_name", "") != "", rx.el.p(
            t("support.about_object"), " ",
            rx.el.a(state.thread.get("item_name", ""), href=state.thread.get("item_link", ""),
                    id="support-thread-object"),
            class_name="thread-object"), rx.fragment()),
        status_message(),
        rx.cond(state.access_text != "", rx.el.p(
            state.access_text, " ",
            rx.el.a(t("support_access.admin_link"), href="/admin/support/register?thread=" + state.thread.get("id", ""), class_name="link-target"),
            class_name="notice"), rx.fragment()),
        message_list(state.messages),
        rx.el.form(
            textarea_field("support.answer", "body", errors=state.errors, form="admin-answer"),
            submit_button("support.send_answer"),
            on_submit=state.answer, reset_on_submit=False, no_validate=True,
            key="answer-" + state.form_key.to_string(), class_name="form",
        ),
    )
    return admin_frame(
        rx.cond(state.not_found, rx.el.p(t("support.not_found")), found),
        rx.el.a(t("admin.back_to_inbox"), href="/admin/support", class_name="link-target"),
    )
