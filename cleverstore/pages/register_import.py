"""Import a file: choose it; for a spreadsheet we do not know, say which column fills which field; see what
will be added, updated and refused; import the good rows (and download the refused ones) or nothing."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import checkbox_field
from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.components.upgrade import upgrade_link
from cleverstore.components.uploads import file_picker, upload_status
from cleverstore.pages.registry import customer_page
from cleverstore.state.register_import import PREVIEW_COLUMNS, ImportState

S = ImportState
ACCEPT = (".csv,.txt,.tsv,.xlsx,.zip,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
          "application/zip")


def _column(col) -> rx.Component:
    select_id = "import-col-" + col["index"]
    return rx.el.tr(
        rx.el.th(rx.el.label(col["header"], html_for=select_id), scope="row", data_label=t("import.map_column")),
        rx.el.td(col["sample"], class_name="muted", data_label=t("import.map_sample")),
        rx.el.td(
            rx.el.select(
                rx.foreach(S.options, lambda o: rx.el.option(o["label"], value=o["value"])),
                rx.el.option(col["custom_label"], value=col["custom"]),
                id=select_id, name=col["name"], default_value=col["target"], class_name="input select",
            ),
            data_label=t("import.map_field"),
        ),
    )


def _mapping() -> rx.Component:
    return rx.el.form(
        rx.el.h2(t("import.map_title")),
        rx.el.p(t("import.map_intro")),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th(t("import.map_column"), scope="col"),
                                 rx.el.th(t("import.map_sample"), scope="col"),
                                 rx.el.th(t("import.map_field"), scope="col"))),
            rx.el.tbody(rx.foreach(S.columns, _column)),
            class_name="items", id="import-columns",
        ),
        checkbox_field("import.map_keep", "keep", form="import-map", checked=False),
        rx.el.p(S.mapping_error, class_name="field-error", role="alert", id="import-mapping-error"),
        rx.el.div(
            rx.el.button(t("import.map_apply"), type="submit", class_name="button button-primary"),
            rx.el.button(t("import.discard"), type="button", class_name="button", on_click=S.discard),
            class_name="actions",
        ),
        on_submit=S.apply_columns, class_name="panel form", id="import-map", key=S.row_count.to_string(),
    )


def _counts() -> rx.Component:
    return rx.el.ul(
        rx.el.li(t("import.will_add", count=S.will_add), id="import-will-add"),
        rx.cond(S.will_update > 0, rx.el.li(t("import.will_update", count=S.will_update)), rx.fragment()),
        rx.cond(S.refused_count > 0, rx.el.li(t("import.will_refuse", count=S.refused_count),
                                              id="import-will-refuse"), rx.fragment()),
        rx.cond(S.warned_count > 0, rx.el.li(t("import.warned", count=S.warned_count)), rx.fragment()),
        rx.cond(S.over_limit > 0, rx.el.li(t("limit.import_over", count=S.over_limit), " ",
                                           upgrade_link(S.over_limit > 0), id="import-over-limit"), rx.fragment()),
        class_name="import-counts",
    )


def _refused() -> rx.Component:
    return rx.el.div(
        rx.el.h3(t("import.refused_title")),
        rx.el.p(t("import.refused_intro")),
        rx.cond(S.refused_note != "", rx.el.p(S.refused_note, class_name="muted", id="import-refused-note"),
                rx.fragment()),
        rx.el.ul(rx.foreach(S.refused_rows, lambda r: rx.el.li(
            rx.el.strong(t("import.row"), " ", r["row"]), " ", r["name"], ": ", r["reasons"])),
            id="import-refused", class_name="import-refused"),
        rx.el.button(t("import.download_refused"), type="button", class_name="button",
                     on_click=S.download_refused),
        class_name="error-summary", role="alert",
    )


def _preview() -> rx.Component:
    label = lambda c: t(f"history_field.{c}")  # noqa: E731
    return rx.el.section(
        rx.el.h2(t("import.preview")),
        rx.el.p(t("import.source"), " ", S.source, " · ", S.row_count, " ", t("import.rows")),
        _counts(),
        rx.cond(S.preview_note != "", rx.el.p(S.preview_note, class_name="muted", id="import-preview-note"),
                rx.fragment()),
        rx.cond(S.ignored != "", rx.el.p(t("import.ignored"), " ", S.ignored, class_name="muted"), rx.fragment()),
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(label(c), scope="col") for c in PREVIEW_COLUMNS])),
            rx.el.tbody(rx.foreach(S.preview, lambda row: rx.el.tr(
                *[rx.el.td(row[c], data_label=label(c)) for c in PREVIEW_COLUMNS]))),
            class_name="items",
        ),
        rx.cond(S.refused_count > 0, _refused(), rx.fragment()),
        rx.el.div(
            rx.cond(
                S.will_add + S.will_update > 0,
                rx.el.button(rx.cond(S.refused_count > 0, t("import.confirm_good", count=S.will_add + S.will_update),
                                     rx.fragment(t("import.confirm"), " (", S.will_add + S.will_update, ")")),
                             type="button", class_name="button button-primary", on_click=S.confirm,
                             disabled=S.importing, id="import-confirm"),
                rx.fragment(),
            ),
            rx.el.button(rx.cond(S.refused_count > 0, t("import.import_nothing"), t("import.discard")),
                         type="button", class_name="button", on_click=S.discard, disabled=S.importing),
            rx.el.button(t("import.map_again"), type="button", class_name="button",
                         on_click=S.choose_columns, disabled=S.importing),
            rx.cond(S.kept, rx.el.button(t("import.map_forget"), type="button", class_name="button",
                                         on_click=S.forget_columns, disabled=S.importing), rx.fragment()),
            class_name="actions",
        ),
        class_name="panel",
    )


def _progress() -> rx.Component:
    return rx.el.div(
        rx.cond(
            S.importing,
            rx.el.div(
                rx.el.p(t("import.busy")),
                rx.el.label(t("import.progress"), html_for="import-progress", class_name="field-label"),
                rx.el.progress(id="import-progress", value=S.progress, max=100, class_name="progress"),
                rx.el.span(S.progress, " %", class_name="muted"),
                class_name="field",
            ),
            rx.el.p(S.done_message, id="import-done"),
        ),
        rx.cond(S.refused_ready, rx.el.button(t("import.download_refused"), type="button", class_name="button",
                                              on_click=S.download_refused), rx.fragment()),
        role="status", aria_live="polite", class_name="status-line",
    )


@customer_page("/import", "title.import", ImportState.on_load)
def import_page() -> rx.Component:
    content = rx.fragment(
        rx.el.p(t("import.intro")),
        _progress(),
        rx.cond(S.done_message != "", rx.el.a(t("item.back"), href="/register", class_name="button"),
                rx.fragment()),
        file_picker("import.choose", "import-file", url="/register/import", accept=ACCEPT,
                    status_id="import-status", refresh_id="import-refresh", multiple=False),
        upload_status("import-status"),
        rx.el.button(t("gallery.refresh"), id="import-refresh", type="button", class_name="sr-only", tab_index=-1,
                     on_click=S.reload),
        rx.el.p(S.file_error, class_name="field-error", role="alert", id="import-file-error"),
        rx.cond(S.has_file & (S.file_error == ""),
                rx.cond(S.step == "map", _mapping(), _preview()), rx.fragment()),
    )
    return register_frame(rx.el.h1(t("import.title")), when_loaded(S.loaded, content))
