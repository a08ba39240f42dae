"""Delade länkar, phone first: make a read-only link for an adjuster (the register's selection or a place,
1–30 days, with or without purchase prices, receipts and an access code), see the new address once with a
copy button, and every link with what it shows, its dates, status and openings, each ended at once."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.empty import empty_note
from cleverstore.components.forms import checkbox_field, submit_button
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.shared_links import SharedLinksState as S

FORM = "share"


def _what() -> rx.Component:
    """With a selection from the register: share it, or a place instead."""
    def radio(value: str, *label) -> rx.Component:
        return rx.el.div(
            rx.el.input(type="radio", id=f"share-what-{value}", name="what", value=value,
                        checked=S.what == value, on_change=S.choose_what(value), class_name="radio-input"),
            rx.el.label(*label, html_for=f"share-what-{value}", class_name="field-label inline-label"),
            class_name="radio",
        )
    return rx.cond(
        S.selected_count > 0,
        rx.el.fieldset(rx.el.legend(t("share.what"), class_name="field-label"),
                       radio("selection", t("share.what_selection"), " (", S.selected_count, ")"),
                       radio("place", t("share.what_place")), class_name="radios"),
        rx.fragment(),
    )


def _place() -> rx.Component:
    return rx.cond(
        S.what == "place",
        rx.el.div(
            rx.el.label(t("share.place"), html_for="share-place", class_name="field-label"),
            rx.el.select(rx.el.option(t("share.choose_place"), value=""),
                         rx.foreach(S.places, lambda p: rx.el.option(p["label"], value=p["id"])),
                         id="share-place", name="place", default_value="", class_name="input select",
                         aria_describedby="share-place-error"),
            rx.el.p(S.errors.get("place", ""), id="share-place-error", class_name="field-error", aria_live="polite"),
            rx.el.p(t("share.place_hint"), class_name="field-hint"),
            class_name="field",
        ),
        rx.fragment(),
    )


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(t("share.new")),
        rx.el.p(t("share.new_lead"), class_name="muted"),
        rx.el.div(rx.el.p(S.errors.get("objects", ""), class_name="error-summary-text"),
                  rx.el.p(S.errors.get("link", ""), class_name="error-summary-text"),
                  role="alert", aria_live="assertive", class_name="field-error"),
        _what(),
        _place(),
        rx.el.div(
            rx.el.label(t("share.days"), html_for="share-days", class_name="field-label"),
            rx.el.input(id="share-days", name="days", type="number", min="1", max="30", default_value="14",
                        input_mode="numeric", class_name="input input-short", aria_describedby="share-days-error"),
            rx.el.p(S.errors.get("days", ""), id="share-days-error", class_name="field-error", aria_live="polite"),
            class_name="field",
        ),
        checkbox_field("share.show_prices", "show_prices", form=FORM, checked=False),
        checkbox_field("share.show_receipts", "show_receipts", form=FORM, checked=False),
        checkbox_field("share.with_code_choice", "with_code", form=FORM, checked=True),
        submit_button("share.make", "link"),
        on_submit=S.create, reset_on_submit=False, no_validate=True,
        key=S.form_key.to_string(), class_name="form panel share-form",
    )


def _made() -> rx.Component:
    """The new address and code, shown once."""
    return rx.cond(
        S.new_url != "",
        rx.el.section(
            rx.el.h2(t("share.made_title")),
            rx.el.p(t("share.made_once"), class_name="warning"),
            rx.el.label(t("share.address"), html_for="share-url", class_name="field-label"),
            rx.el.input(id="share-url", value=S.new_url, read_only=True, class_name="input share-url"),
            rx.el.button(rx.icon("copy", size=18, aria_hidden="true", class_name="button-icon"),
                         rx.el.span(rx.cond(S.copied, t("share.copied"), t("share.copy"))),
                         type="button", id="share-copy", class_name="button button-primary", on_click=S.copy_link),
            rx.cond(S.new_code != "",
                    rx.el.p(t("share.code_is"), " ", rx.el.strong(S.new_code, id="share-code"), " — ",
                            t("share.code_apart")),
                    rx.fragment()),
            rx.el.p(t("share.expires_on"), " ", S.new_expires, class_name="muted"),
            rx.el.button(t("share.done"), type="button", class_name="button", on_click=S.forget_new),
            role="status", class_name="panel share-made",
        ),
        rx.fragment(),
    )


def _visit(visit) -> rx.Component:
    return rx.el.li(rx.el.span(visit["at"], class_name="visit-at"), " · ", rx.el.span(visit["what"]), " · ",
                    rx.el.span(visit["address"], class_name="muted"), class_name="visit")


def _link(link) -> rx.Component:
    return rx.el.li(
        rx.el.div(rx.el.strong(link["shows"]),
                  rx.el.span(link["status_text"], class_name="status-chip", data_status=link["status"]),
                  class_name="share-link-head"),
        rx.el.p(link["extras"], class_name="muted"),
        rx.el.p(t("share.created"), " ", link["created"], " · ", t("share.expires_label"), " ", link["expires"]),
        rx.el.details(
            rx.el.summary(t("share.openings"), " (", link["visit_count"], ")"),
            rx.el.ul(rx.foreach(S.visits, lambda v: rx.cond(v["link"] == link["id"], _visit(v), rx.fragment())),
                     class_name="plain-list visits"),
        ),
        rx.cond(link["status"] == "live",
                rx.el.button(t("share.end"), type="button", class_name="button button-danger-outline",
                             on_click=S.end_link(link["id"])),
                rx.fragment()),
        class_name="panel share-link",
        data_link=link["id"],
    )


def _content() -> rx.Component:
    return rx.cond(
        S.allowed,
        rx.fragment(
            rx.el.p(t("share.lead"), class_name="muted"),
            rx.el.p(S.message, class_name="status-line", role="status"),
            _made(),
            _form(),
            rx.el.h2(t("share.list_title")),
            rx.cond(S.links.length() > 0,
                    rx.el.ul(rx.foreach(S.links, _link), class_name="plain-list share-links"),
                    empty_note("link", "share.empty", "share.empty_next")),
        ),
        rx.el.p(t("share.owner_only"), class_name="notice"),
    )


@customer_page("/shared-links", "share.title", S.on_load)
def shared_links_page() -> rx.Component:
    return page_frame(rx.el.h1(t("share.title")), when_loaded(S.loaded, _content()))
