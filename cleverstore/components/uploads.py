"""A file picker that uploads through our own route (see assets/upload.js) and then refreshes the page's list."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t
from cleverstore.services.register import MAX_UPLOAD_BYTES as MAX_BYTES


def file_picker(label_key: str, input_id: str, *, url, accept: str, status_id: str, refresh_id: str,
                capture: str | None = None, kind_select_id: str | None = None, multiple: bool = True,
                hint_key: str | None = None) -> rx.Component:
    extra = {"capture": capture} if capture else {}
    if kind_select_id:
        extra["data-kind-select"] = kind_select_id
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
                "data-max-bytes": str(MAX_BYTES),
                "data-too-big": t("upload.too_big_named"),
                "data-busy": t("upload.busy"),
                "data-failed": t("upload.failed"),
                **extra,
            },
        ),
        class_name="field file-field",
    )


def upload_status(status_id: str) -> rx.Component:
    return rx.el.p(id=status_id, class_name="upload-status", aria_live="polite", role="status")
