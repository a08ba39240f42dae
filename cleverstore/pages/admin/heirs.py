"""Admin: heir claims with their documents (two admins decide) and misuse signals."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import submit_button
from cleverstore.components.text import t
from cleverstore.pages.admin.layout import admin_frame, simple_table, status_message
from cleverstore.pages.registry import admin_page
from cleverstore.state.admin.heirs import AdminHeirsState


def _note_form(claim, label_key: str, handler) -> rx.Component:
    field_id = "note-" + label_key.replace(".", "-") + "-" + claim["id"]
    return rx.el.form(
        rx.el.input(type="hidden", name="claim_id", value=claim["id"]),
        rx.el.label(t("admin.heir_note"), html_for=field_id, class_name="field-label"),
        rx.el.input(id=field_id, name="note", class_name="input"),
        submit_button(label_key),
        on_submit=handler, reset_on_submit=True, no_validate=True, class_name="form",
    )


def _claim(claim) -> rx.Component:
    state = AdminHeirsState
    docs = rx.foreach(state.documents, lambda d: rx.cond(
        d["claim_id"] == claim["id"],
        rx.el.li(rx.el.a(d["kind"], ": ", d["name"], href=d["url"], target="_blank", class_name="link-target")), rx.fragment()))
    return rx.el.article(
        rx.el.h2(claim["reference"], " · ", claim["reason"]),
        rx.el.p(t("admin.heir_owner"), ": ", claim["owner"]),
        rx.el.p(t("admin.heir_claimant"), ": ", claim["claimant"]),
        rx.el.p(t("admin.heir_named_contact"), ": ", claim["named_contact"]),
        rx.cond(claim["opens_at"] != "", rx.el.p(t("admin.heir_opens_at"), ": ", claim["opens_at"]), rx.fragment()),
        rx.el.p(claim["message"], class_name="prewrap muted"),
        rx.cond(claim["proposal_note"] != "",
                rx.el.p(t("admin.heir_first_note"), ": ", claim["proposal_note"], class_name="prewrap"),
                rx.fragment()),
        rx.el.ul(docs, class_name="thread-list"),
        rx.cond(
            claim["status"] == "submitted",
            _note_form(claim, "admin.heir_propose", state.propose),
            rx.cond(claim["proposed_by_me"] == "yes",
                    rx.el.p(t("admin.heir_needs_second"), class_name="warning"),
                    rx.el.button(t("admin.heir_approve"), type="button", class_name="button button-primary",
                                 on_click=state.approve(claim["id"]))),
        ),
        _note_form(claim, "admin.heir_reject", state.reject),
        class_name="panel stack",
    )


@admin_page("/admin/heirs", "title.admin_heirs", AdminHeirsState.on_load)
def heirs_page() -> rx.Component:
    state = AdminHeirsState
    return admin_frame(
        rx.el.h1(t("admin.heirs_title")),
        rx.el.p(t("admin.heirs_lead"), class_name="muted"),
        status_message(),
        rx.el.div(rx.el.p(state.errors.get("claim", ""), class_name="field-error"), role="alert"),
        rx.cond(state.claims.length() > 0, rx.el.div(rx.foreach(state.claims, _claim), class_name="stack"),
                rx.el.p(t("admin.no_heir_claims"), class_name="muted")),
        rx.el.h2(t("admin.misuse_title")),
        rx.el.p(t("admin.misuse_lead"), class_name="muted"),
        simple_table("admin.misuse_title", ["admin.what", "admin.signal_key", "admin.count"], state.signals,
                     lambda s: [rx.el.td(s["kind"]), rx.el.td(s["key"]), rx.el.td(s["count"], class_name="num")]),
    )
