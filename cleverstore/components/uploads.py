"""A file picker that uploads through our own route (see assets/upload.js) and then refreshes the page's list.

Each chosen file gets a row (name, progress, the server's answer, "Try again") in a list the script
fills; React renders that list empty and never touches its rows.
"""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t
from cleverstore.services.register import MAX_UPLOAD_BYTES as MAX_BYTES


def upload_texts() -> dict[str, object]:
    """The script's own words, in the page's language (the server's answers come with their own)."""
    return {
        "data-max-bytes": str(MAX_BYTES),
        "data-too-big": t("upload.too_big_named"),
        "data-busy": t("upload.busy"),
        "data-failed": t("upload.failed"),
        "data-retry": t("capture.retry"),
        "data-waiting": t("capture.waiting"),
    }


def progress_list(progress_id: str) -> rx.Component:
    """Where the script lists the chosen files while they are sent (hidden until the first file)."""
    return rx.el.ul(id=progress_id, class_name="upload-items", hidden=True, aria_label=t("capture.progress"))


def file_picker(label_key: str, input_id: str, *, url, accept: str, status_id: str, refresh_id: str,
                capture: str | None = None, kind_select_id: str | None = None, multiple: bool = True,
                hint_key: str | None = None, max_bytes: int | None = None) -> rx.Component:
    extra = {"capture": capture} if capture else {}
    if max_bytes is not None:  # a route with its own limit (the report check); else an object's file
        extra["data-max-bytes"] = str(max_bytes)
    if kind_select_id:
        extra["data-kind-select"] = kind_select_id
    progress_id = f"{input_id}-progress"
    # "capture" makes a phone open its camera; it is not a prop Reflex knows, so it goes in as an attribute
    return rx.el.div(
        rx.el.label(t(label_key), html_for=input_id, class_name="field-label button file-button"),
        rx.cond(hint_key is not None, rx.el.p(t(hint_key) if hint_key else "", class_name="field-hint"),
                rx.fragment()),
        rx.el.input(
            id=input_id,
            type="file",
            accept=accept,
            multiple=multiple,
            class_name="file-input",
            custom_attrs={
                "data-upload-url": url,
                "data-status": status_id,
                "data-refresh": refresh_id,
                "data-progress": progress_id,
                **upload_texts(),
                **extra,
            },
        ),
        progress_list(progress_id),
        class_name="field file-field",
    )


def upload_status(status_id: str) -> rx.Component:
    return rx.el.p(id=status_id, class_name="upload-status", aria_live="polite", role="status")
