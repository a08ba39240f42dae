"""The register's selection bar: fixed at the bottom while objects are selected, with the bulk actions."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t
from cleverstore.services.register import BULK_STATUSES, NO_PLACE
from cleverstore.state.register import RegisterState


def _bulk_chooser(value: str, label_key: str) -> rx.Component:
    return rx.el.button(t(label_key), type="button", class_name="button bulk-choose",
                        aria_expanded=rx.cond(RegisterState.bulk_panel == value, "true", "false"),
                        on_click=RegisterState.choose_bulk_panel(value))


def _bulk_form_class(value: str):
    return rx.cond(RegisterState.bulk_panel == value, "bulk-form open", "bulk-form")


def selection_bar() -> rx.Component:
    """Fixed at the bottom while objects are selected (or a bulk action's message is shown): how many, the
    bulk actions (on a phone one form at a time), the message with its undo."""
    actions = rx.el.div(
        rx.el.div(_bulk_chooser("move", "bulk.choose_move"), _bulk_chooser("tag", "bulk.choose_tag"),
                  _bulk_chooser("status", "bulk.choose_status"), class_name="bulk-choosers"),
        rx.el.form(
            rx.el.label(t("bulk.move_to"), html_for="bulk-location", class_name="field-label"),
            # no default target: a placeholder, and removing the place is its own explicit choice
            rx.el.select(rx.el.option(t("undo.choose_place"), value="", disabled=True),
                         rx.el.option(t("undo.remove_place"), value=NO_PLACE),
                         rx.foreach(RegisterState.locations,
                                    lambda choice: rx.el.option(choice["label"], value=choice["id"])),
                         id="bulk-location", name="location", class_name="input select", default_value="",
                         on_change=RegisterState.choose_bulk_location),
            rx.el.button(t("bulk.move"), type="submit", class_name="button",
                         disabled=RegisterState.bulk_location == ""),
            on_submit=RegisterState.bulk_move, no_validate=True, reset_on_submit=False,
            class_name=_bulk_form_class("move"),
        ),
        rx.el.form(
            rx.el.label(t("bulk.tag_label"), html_for="bulk-tag", class_name="field-label"),
            rx.el.input(id="bulk-tag", name="tag", class_name="input", auto_complete="off"),
            rx.el.button(t("bulk.tag"), type="submit", class_name="button"),
            on_submit=RegisterState.bulk_tag, no_validate=True, reset_on_submit=False,
            class_name=_bulk_form_class("tag"),
        ),
        rx.el.form(
            rx.el.label(t("bulk.status_label"), html_for="bulk-status", class_name="field-label"),
            rx.el.select(*[rx.el.option(t(f"status.{s}"), value=s) for s in BULK_STATUSES],
                         id="bulk-status", name="status", class_name="input select"),
            rx.el.button(t("bulk.set_status"), type="submit", class_name="button"),
            on_submit=RegisterState.bulk_status, no_validate=True, reset_on_submit=False,
            class_name=_bulk_form_class("status"),
        ),
        # the selection stays on the server: the shared-links page reads it from RegisterState
        rx.el.a(rx.icon("link", size=18, aria_hidden="true"), rx.el.span(t("share.bulk_short")),
                rx.el.span(" ", t("share.bulk_more"), class_name="bulk-share-more"),
                href="/shared-links?from=register", id="bulk-share", aria_label=t("share.bulk_button"),
                class_name="button bulk-share"),
        rx.cond(
            RegisterState.confirm_bulk_delete,
            rx.el.div(
                rx.el.p(t("bulk.confirm_delete"), " ", RegisterState.selected_count, class_name="warning"),
                rx.el.button(t("bulk.delete_yes"), type="button", class_name="button button-danger",
                             on_click=RegisterState.bulk_delete),
                rx.el.button(t("common.cancel"), type="button", class_name="button",
                             on_click=RegisterState.cancel_bulk_delete),
                role="alertdialog", aria_label=t("bulk.confirm_delete"), class_name="confirm",
            ),
            rx.el.button(t("bulk.delete"), type="button", class_name="button button-danger-outline bulk-delete",
                         on_click=RegisterState.ask_bulk_delete),
        ),
        key=RegisterState.bulk_form_key.to_string(),
        class_name="bulk-actions",
    )
    shown = (RegisterState.selected_count > 0) | (RegisterState.bulk_message != "") | (RegisterState.bulk_error != "")
    bar = rx.el.section(
        rx.el.div(
            rx.el.p(RegisterState.selected_count, " ", t("bulk.selected"), class_name="selected-count",
                    aria_live="polite"),
            rx.cond(RegisterState.selected_count > 0,
                    rx.el.button(t("bulk.clear"), type="button", class_name="button link-button",
                                 on_click=RegisterState.clear_selection), rx.fragment()),
            rx.cond(RegisterState.selecting,
                    rx.el.button(t("register.select_done"), type="button", class_name="button",
                                 on_click=RegisterState.stop_selecting), rx.fragment()),
            class_name="selection-head",
        ),
        rx.el.p(RegisterState.bulk_message,
                rx.cond((RegisterState.bulk_message != "") & (RegisterState.bulk_undo_id != ""),
                        rx.el.span(" ", rx.el.button(t("undo.button"), type="button", class_name="link-button",
                                                     id="bulk-undo", on_click=RegisterState.undo_bulk),
                                   " ", t("undo.within")),
                        rx.fragment()),
                class_name="status-line", aria_live="polite"),
        rx.el.p(RegisterState.bulk_error, class_name="field-error", role="alert"),
        rx.cond(RegisterState.selected_count > 0, actions, rx.fragment()),
        class_name="selection bulk-bar",
        aria_label=t("bulk.actions"),
    )
    return rx.cond(shown, rx.fragment(rx.el.div(class_name="bulk-spacer", aria_hidden="true"), bar), rx.fragment())
