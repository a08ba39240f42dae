"""Import a CSV file: choose it, see the preview and every row's problems, then import all or nothing."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.components.uploads import file_picker, upload_status
from cleverstore.pages.registry import customer_page
from cleverstore.state.register_import import PREVIEW_COLUMNS, ImportState


def _preview() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("import.preview")),
        rx.el.p(t("import.source"), " ", ImportState.source, " · ", ImportState.row_count, " ", t("import.rows")),
        rx.cond(ImportState.preview_note != "", rx.el.p(ImportState.preview_note, class_name="muted",
                                                        id="import-preview-note"), rx.fragment()),
        rx.cond(ImportState.ignored != "", rx.el.p(t("import.ignored"), " ", ImportState.ignored, class_name="muted"),
                rx.fragment()),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(t(f"history_field.{c}"), scope="col") for c in PREVIEW_COLUMNS])),
            rx.el.tbody(rx.foreach(ImportState.preview, lambda row: rx.el.tr(
                *[rx.el.td(row[c], data_label=t(f"history_field.{c}")) for c in PREVIEW_COLUMNS]))),
            class_name="items",
        ),
        rx.cond(
            ImportState.error_count > 0,
            rx.el.div(
                rx.el.p(t("import.errors_intro"), " ", ImportState.error_count, class_name="error-summary",
                        role="alert"),
                rx.el.ul(rx.foreach(ImportState.row_errors, lambda e: rx.el.li(
                    t("import.row"), " ", e["row"], ", ", e["column"], ": ", e["message"]))),
            ),
            rx.el.button(t("import.confirm"), " (", ImportState.row_count, ")", type="button",
                         class_name="button button-primary", on_click=ImportState.confirm,
                         disabled=ImportState.importing),
        ),
        rx.el.button(t("import.discard"), type="button", class_name="button", on_click=ImportState.discard),
        class_name="panel",
    )


@customer_page("/import", "title.import", ImportState.on_load)
def import_page() -> rx.Component:
    content = rx.fragment(
        rx.el.p(t("import.intro")),
        rx.el.p(rx.cond(ImportState.importing, t("import.busy"), ImportState.done_message), class_name="status-line",
                aria_live="polite"),
        rx.cond(ImportState.done_message != "", rx.el.a(t("item.back"), href="/register", class_name="button"),
                rx.fragment()),
        file_picker("import.choose", "import-file", url="/register/import", accept=".csv,text/csv",
                    status_id="import-status", refresh_id="import-refresh", multiple=False),
        upload_status("import-status"),
        rx.el.button(t("gallery.refresh"), id="import-refresh", type="button", class_name="sr-only", tab_index=-1,
                     on_click=ImportState.reload),
        rx.el.p(ImportState.file_error, class_name="field-error", role="alert"),
        rx.cond(ImportState.has_file & (ImportState.file_error == ""), _preview(), rx.fragment()),
    )
    return register_frame(rx.el.h1(t("import.title")), when_loaded(ImportState.loaded, content))
