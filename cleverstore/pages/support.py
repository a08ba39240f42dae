"""The customer's support page: threads, a new message, and one thread with replies."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.empty import empty_note
from cleverstore.components.forms import submit_button, text_field, textarea_field
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.support import message_list
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.support import SupportState


def _access_checkbox() -> rx.Component:
    """Off by default: the customer decides, per case, whether support may read the register."""
    return rx.el.div(
        rx.el.div(
            rx.el.input(type="checkbox", id="support-grant_access", name="grant_access",
                        aria_describedby="support-grant_access-hint"),
            rx.el.label(t("support_access.checkbox"), html_for="support-grant_access"),
            class_name="checkbox",
        ),
        rx.el.p(t("support_access.checkbox_hint"), id="support-grant_access-hint", class_name="field-hint"),
        class_name="field field-wide",
    )


def _access_panel() -> rx.Component:
    """Whether support can read the register for this case, the button to change it, and every look taken."""
    state = SupportState
    return rx.el.section(
        rx.el.h2(t("support_access.title")),
        rx.el.p(state.access.get("text", ""), class_name=rx.cond(state.access.get("live", "") != "", "notice", "muted")),
        rx.el.p(state.errors.get("access", ""), class_name="field-error", aria_live="polite"),
        rx.cond(
            state.access.get("live", "") != "",
            rx.el.button(t("support_access.withdraw"), type="button", class_name="button",
                         on_click=state.withdraw_access),
            rx.cond(state.access.get("can_give", "") != "",
                    rx.el.button(t("support_access.give"), type="button", class_name="button",
                                 on_click=state.grant_access),
                    rx.fragment()),
        ),
        rx.el.h3(t("support_access.views_title")),
        rx.cond(
            state.access_views.length() > 0,
            rx.el.ul(rx.foreach(state.access_views, lambda v: rx.el.li(v["when"], " · ", v["who"], " · ", v["what"])),
                     class_name="thread-list"),
            empty_note("eye-off", "support_access.no_views"),
        ),
        class_name="panel stack",
        aria_label=t("support_access.title"),
    )


def _object_picker() -> rx.Component:
    """Search the whole register for the object the message is about; the choice goes in a hidden field."""
    state = SupportState
    chosen = state.chosen_object.get("id", "")
    return rx.el.fieldset(
        rx.el.legend(t("support.object")),
        rx.el.input(type="hidden", name="item_id", value=chosen),
        rx.cond(
            chosen != "",
            rx.el.p(t("support.object_chosen"), " ", rx.el.strong(state.chosen_object.get("name", ""),
                                                                  id="support-object-chosen"), " ",
                    rx.el.button(t("support.object_clear"), type="button", class_name="link-button",
                                 on_click=state.clear_object)),
            rx.el.p(t("support.no_object"), class_name="muted"),
        ),
        rx.el.label(t("support.object_search"), html_for="support-object-search", class_name="field-label"),
        rx.el.input(type="search", id="support-object-search", name="object_search", class_name="input",
                    auto_complete="off",
                    aria_describedby="support-object-search-hint", aria_controls="support-object-results",
                    on_change=state.search_objects.debounce(250)),
        rx.el.p(t("support.object_search_hint"), id="support-object-search-hint", class_name="field-hint"),
        rx.el.ul(rx.foreach(state.objects, lambda o: rx.el.li(
            rx.el.button(o["name"], type="button", class_name="link-button", aria_label=o["name"],
                         on_click=state.choose_object(o["id"])))),
            id="support-object-results", class_name="object-results", aria_live="polite"),
        rx.el.p(state.object_note, class_name="muted", aria_live="polite"),
        rx.el.p(state.errors.get("item_id", ""), class_name="field-error", aria_live="polite"),
        class_name="fieldset field-wide",
    )


def _object_line(href, name) -> rx.Component:
    """The object the thread is about, linked (same look for the customer and for support)."""
    return rx.cond(name != "", rx.el.p(t("support.about_object"), " ",
                                       rx.el.a(name, href=href, id="support-thread-object"),
                                       class_name="thread-object"), rx.fragment())


def _new_thread_form() -> rx.Component:
    state = SupportState
    return rx.el.form(
        rx.el.h2(t("support.new_title")),
        text_field("support.subject", "subject", errors=state.errors, form="support", required=True),
        textarea_field("support.message", "body", errors=state.errors, form="support"),
        _object_picker(),
        _access_checkbox(),
        submit_button("support.send"),
        on_submit=state.open_thread, reset_on_submit=False, no_validate=True,
        key="new-" + state.form_key.to_string(), class_name="form panel",
    )


def _thread_list() -> rx.Component:
    return rx.cond(
        SupportState.threads.length() > 0,
        rx.el.ul(
            rx.foreach(SupportState.threads, lambda row: rx.el.li(
                rx.icon("message-square", size=22, aria_hidden="true", class_name="row-icon"),
                rx.el.div(
                    rx.el.a(row["subject"], href="/support/thread?id=" + row["id"], class_name="item-link"),
                    rx.el.p(rx.el.span(row["status_label"]), " · ", rx.el.span(row["updated"], class_name="nowrap"),
                            rx.cond(row["unread"] != "0", rx.el.span(t("support.unread_badge"), class_name="badge"),
                                    rx.fragment()),
                            class_name="row-meta"),
                    class_name="row-text",
                ),
            )),
            class_name="row-list",
        ),
        empty_note("life-buoy", "support.no_threads", "empty.support_next"),
    )


@customer_page("/support", "title.support", SupportState.on_load)
def support_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("support.title")),
        rx.el.p(t("support.lead"), class_name="muted"),
        when_loaded(SupportState.loaded, rx.el.div(_thread_list(), _new_thread_form(), class_name="stack")),
    )


@customer_page("/support/thread", "title.support", SupportState.load_thread)
def support_thread_page() -> rx.Component:
    state = SupportState
    found = rx.fragment(
        rx.el.h1(state.thread.get("subject", "")),
        _object_line(state.thread.get("item_link", ""), state.thread.get("item_name", "")),
        rx.el.div(rx.cond(state.message != "", rx.el.p(state.message, class_name="success"), rx.fragment()),
                  role="status", aria_live="polite"),
        message_list(state.messages),
        _access_panel(),
        rx.el.form(
            textarea_field("support.reply", "body", errors=state.errors, form="support-reply"),
            submit_button("support.send"),
            on_submit=state.reply, reset_on_submit=False, no_validate=True,
            key="reply-" + state.form_key.to_string(), class_name="form",
        ),
    )
    return page_frame(
        when_loaded(state.loaded, rx.cond(state.not_found, rx.el.p(t("support.not_found")), found)),
        rx.el.a(t("support.back"), href="/support", class_name="link-target"),
    )
