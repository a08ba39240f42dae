"""The capture control: a big camera button that takes or picks several photos and makes one object of them.

The photos go to /capture/photo (assets/upload.js); the first accepted one creates a nameless object,
the rest join it, each with its own row and progress. When all are saved the object opens.
"""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t
from cleverstore.components.uploads import progress_list, upload_texts
from cleverstore.state.capture import CaptureState
from cleverstore.state.item import ItemState

CAPTURE_URL = "/capture/photo"


def capture_button(input_id: str = "capture-input", *, show_hint: bool = True) -> rx.Component:
    """"Lägg till med kameran": reusable on any register page; `input_id` keeps two on one page apart."""
    progress_id, status_id, done_id = f"{input_id}-progress", f"{input_id}-status", f"{input_id}-done"
    return rx.el.div(
        rx.el.div(
            rx.el.label(
                rx.icon("camera", size=24, aria_hidden="true", class_name="capture-icon"),
                rx.el.span(t("capture.button")),
                html_for=input_id,
                class_name="button button-primary capture-button",
            ),
            rx.el.input(
                id=input_id,
                type="file",
                accept="image/*",
                multiple=True,
                class_name="file-input",
                aria_describedby=f"{input_id}-hint" if show_hint else None,
                custom_attrs={
                    "capture": "environment",
                    "data-capture": "1",
                    "data-upload-url": CAPTURE_URL,
                    "data-status": status_id,
                    "data-progress": progress_id,
                    "data-done-form": done_id,
                    "data-open-object": t("capture.open_object"),
                    "data-opening": t("capture.opening"),
                    "data-summary": t("capture.summary"),
                    **upload_texts(),
                },
            ),
            class_name="file-field capture-field",
        ),
        rx.el.p(t("capture.hint"), id=f"{input_id}-hint", class_name="field-hint") if show_hint else rx.fragment(),
        progress_list(progress_id),
        rx.el.p(id=status_id, class_name="upload-status", aria_live="polite", role="status"),
        rx.el.form(
            rx.el.input(type="hidden", name="item", default_value=""),
            id=done_id,
            on_submit=CaptureState.open_captured,
            reset_on_submit=True,
            class_name="capture-done",
        ),
        class_name="capture",
    )


def quick_add_form(kind: str) -> rx.Component:
    """The (empty) form the inline field belongs to: placed outside the object form, so "Lägg till"
    or Enter there sends only the new name, never the object form."""
    handler = ItemState.add_category if kind == "category" else ItemState.add_place
    return rx.el.form(id=f"new-{kind}-form", on_submit=handler, reset_on_submit=True, class_name="capture-done")


def quick_add(kind: str) -> rx.Component:
    """"Ny kategori" / "Ny plats" beside the object form's field: a small field and "Lägg till" that
    create it in the catalogue and choose it in the form, keeping everything typed."""
    form_id, input_id, error_id = f"new-{kind}-form", f"new-{kind}-name", f"new-{kind}-error"
    in_form = {"form": form_id}
    parent = rx.fragment()
    if kind == "place":
        parent = rx.el.div(
            rx.el.label(t("capture.place_parent"), html_for="new-place-parent", class_name="field-label"),
            rx.el.select(rx.el.option(t("capture.top_level"), value=""),
                         rx.foreach(ItemState.locations, lambda path: rx.el.option(path, value=path)),
                         id="new-place-parent", name="parent", class_name="input select", custom_attrs=in_form),
            class_name="field",
        )
    panel = rx.el.div(
        rx.el.div(
            rx.el.label(t(f"capture.{kind}_name"), html_for=input_id, class_name="field-label"),
            rx.el.input(id=input_id, name="name", class_name="input", auto_complete="off", auto_focus=True,
                        aria_describedby=error_id, custom_attrs=in_form),
            class_name="field",
        ),
        parent,
        rx.el.p(ItemState.add_error, id=error_id, class_name="field-error", aria_live="polite"),
        rx.el.div(
            rx.el.button(t("capture.add"), type="submit", class_name="button button-primary", custom_attrs=in_form),
            rx.el.button(t("common.cancel"), type="button", class_name="button", on_click=ItemState.close_new),
            class_name="actions",
        ),
        class_name="quick-add-panel",
        role="group",
        aria_label=t(f"capture.new_{kind}"),
    )
    return rx.el.div(
        rx.cond(
            ItemState.adding == kind,
            panel,
            rx.el.button(t(f"capture.new_{kind}"), type="button", class_name="button quick-add-open",
                         on_click=ItemState.open_new(kind)),
        ),
        rx.el.p(rx.cond(ItemState.added_kind == kind, ItemState.add_notice, ""), class_name="upload-ok small",
                role="status"),
        class_name="quick-add",
    )
