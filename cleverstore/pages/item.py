"""An object's page, and the form to add or edit one."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.capture import capture_button, quick_add, quick_add_form
from cleverstore.components.forms import (
    checkbox_field,
    datalist,
    error_summary,
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from cleverstore.components.gallery import object_gallery
from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.components.upgrade import upgrade_link
from cleverstore.components.uploads import file_picker, upload_status
from cleverstore.pages.registry import customer_page
from cleverstore.services.register import STATUSES
from cleverstore.state.item import SUMMARY_ID, ItemState

DETAIL_FIELDS = (
    ("field.category", "category"),
    ("field.location", "location"),
    ("field.tags", "tags"),
    ("field.quantity", "quantity"),
    ("field.manufacturer", "manufacturer"),
    ("field.model", "model"),
    ("field.serial_number", "serial_number"),
    ("field.purchase_date", "purchase_date"),
    ("field.purchase_place", "purchase_place"),
    ("field.purchase_price", "purchase_price"),
    ("field.replacement_value", "replacement_value"),
    ("field.estimated_value", "current_value"),
    ("item.useful_life", "life"),
    ("field.warranty_end", "warranty_end"),
    ("field.insured", "insured"),
    ("field.lifetime_warranty", "lifetime_warranty"),
    ("field.asset_id", "asset_id"),
    ("field.status", "status_label"),
    ("item.status_details", "status_details"),
)
LINK_REL = "noopener noreferrer nofollow"  # a customer's link may lead anywhere: no opener, no referrer, no rank
FILE_KINDS = ("receipt", "warranty", "manual", "photo", "other")


def _not_found() -> rx.Component:
    return rx.el.div(
        rx.el.h1(t("item.not_found_title")),
        rx.el.p(t("item.not_found")),
        rx.el.a(t("item.back"), href="/register", class_name="button"),
        class_name="panel",
    )


def _detail(label_key: str, key: str) -> rx.Component:
    value = ItemState.item.get(key, "")
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(rx.cond(value != "", value, "–")), class_name="detail")


def _link_detail() -> rx.Component:
    """The object's link: clickable only for http(s) (decided by the presenter), else the text as written."""
    url = ItemState.item.get("url", "")
    shown = rx.cond(ItemState.item.get("url_is_web", "") == "1",
                    rx.el.a(url, href=url, target="_blank", rel=LINK_REL, class_name="detail-link"),
                    rx.cond(url != "", url, "–"))
    return rx.el.div(rx.el.dt(t("field.url")), rx.el.dd(shown), class_name="detail")


def _delete_area() -> rx.Component:
    return rx.cond(
        ItemState.confirm_delete,
        rx.el.div(
            rx.el.p(t("item.confirm_delete"), class_name="warning"),
            rx.el.button(t("item.delete_yes"), type="button", class_name="button button-danger",
                         on_click=ItemState.delete),
            rx.el.button(t("common.cancel"), type="button", class_name="button", on_click=ItemState.cancel_delete),
            role="alertdialog",
            aria_label=t("item.confirm_delete"),
            class_name="confirm",
        ),
        rx.el.button(t("item.delete"), type="button", class_name="button button-danger-outline",
                     on_click=ItemState.ask_delete),
    )


def _gallery() -> rx.Component:
    base = "/files/upload?item=" + ItemState.item_id
    return rx.el.section(
        rx.el.h2(t("gallery.title")),
        object_gallery(ItemState.main_photo, ItemState.photos, ItemState.documents,
                       on_make_main=ItemState.make_main, on_delete=ItemState.delete_file,
                       editable=ItemState.can_edit_register),
        rx.cond(ItemState.can_edit_register, rx.el.div(
            file_picker("gallery.take_photo", "photo-input", url=base + "&kind=photo", accept="image/*",
                        capture="environment", status_id="upload-status", refresh_id="files-refresh",
                        hint_key="gallery.photo_hint"),
            rx.el.div(
                rx.el.label(t("gallery.kind"), html_for="document-kind", class_name="field-label"),
                rx.el.select(*[rx.el.option(t(f"file_kind.{k}"), value=k) for k in FILE_KINDS],
                             id="document-kind", class_name="input select"),
                class_name="field",
            ),
            file_picker("gallery.add_document", "document-input", url=base,
                        accept="image/jpeg,image/png,image/webp,application/pdf", status_id="upload-status",
                        refresh_id="files-refresh", kind_select_id="document-kind", hint_key="gallery.document_hint"),
            class_name="upload-row",
        ), rx.fragment()),
        upload_status("upload-status"),
        rx.el.p(ItemState.file_message, class_name="status-line", aria_live="polite"),
        rx.el.button(t("gallery.refresh"), id="files-refresh", type="button", class_name="sr-only",
                     tab_index=-1, on_click=ItemState.reload_files),
        class_name="panel",
        aria_label=t("gallery.title"),
    )


def _history() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("history.title")),
        rx.cond(
            ItemState.changes.length() > 0,
            rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(t(k), scope="col") for k in (
                    "history.when", "history.who", "history.field", "history.from", "history.to")])),
                rx.el.tbody(rx.foreach(ItemState.changes, lambda c: rx.el.tr(
                    rx.el.td(c["when"], data_label=t("history.when")), rx.el.td(c["who"], data_label=t("history.who")),
                    rx.el.td(c["field"], data_label=t("history.field")),
                    rx.el.td(c["old"], class_name="prewrap", data_label=t("history.from")),
                    rx.el.td(c["new"], class_name="prewrap", data_label=t("history.to"))))),
                class_name="items history",
            ),
            rx.el.p(t("history.empty"), class_name="muted"),
        ),
    )


@customer_page("/object", "title.object", ItemState.load_view)
def item_view_page() -> rx.Component:
    found = rx.fragment(
        rx.el.div(
            rx.el.h1(ItemState.item.get("name", "")),  # a nameless object arrives as "Namnlös sak"
            rx.cond(ItemState.can_edit_register, rx.el.div(  # a viewer looks and prints only
                rx.el.a(rx.cond(ItemState.item.get("nameless", "") == "1", t("capture.fill_in"), t("item.edit")),
                        href="/object/edit?id=" + ItemState.item_id, class_name="button button-primary"),
                _delete_area(),
                class_name="actions",
            ), rx.fragment()),
            class_name="page-head",
        ),
        rx.el.div(rx.cond(ItemState.notice != "", rx.el.p(ItemState.notice, class_name="success"), rx.fragment()),
                  role="status", aria_live="polite", id="item-notice"),
        rx.cond(ItemState.item.get("nameless", "") == "1", rx.el.p(t("capture.needs_details"), class_name="notice"),
                rx.fragment()),
        _gallery(),
        rx.el.dl(*[_detail(label, key) for label, key in DETAIL_FIELDS], _link_detail(),
                 rx.foreach(ItemState.custom_shown, lambda f: rx.el.div(rx.el.dt(f["name"]), rx.el.dd(f["value"]),
                                                                       class_name="detail")),
                 class_name="details"),
        rx.el.section(rx.el.h2(t("field.description")),
                      rx.el.p(ItemState.item.get("description", ""), class_name="prewrap")),
        rx.el.section(rx.el.h2(t("field.notes")), rx.el.p(ItemState.item.get("notes", ""), class_name="prewrap")),
        _history(),
        rx.el.a(t("item.back"), href="/register", class_name="object-back"),
    )
    return register_frame(when_loaded(ItemState.loaded, rx.cond(ItemState.not_found, _not_found(), found),
                                      reserve="100vh"))


def _custom_input(field) -> rx.Component:
    field_id = "item-" + field["key"]
    value = ItemState.values.get(field["key"], "")
    kind = field["kind"]
    return rx.el.div(
        rx.el.label(field["name"], html_for=field_id, class_name="field-label"),
        rx.cond(
            kind == "yes_no",
            rx.el.select(rx.el.option("–", value=""), rx.el.option(t("common.yes"), value="yes"),
                         rx.el.option(t("common.no"), value="no"), id=field_id, name=field["key"],
                         default_value=value, class_name="input select"),
            rx.el.input(id=field_id, name=field["key"], default_value=value, class_name="input",
                        type=rx.cond(kind == "date", "date", "text"),
                        input_mode=rx.cond(kind == "number", "decimal", "text"), auto_complete="off",
                        aria_describedby=field_id + "-error"),
        ),
        rx.el.p(ItemState.errors.get(field["key"], ""), id=field_id + "-error", class_name="field-error",
                aria_live="polite"),
        class_name="field",
    )


def _status_group(status: str, names: tuple[str, ...], *fields: rx.Component) -> rx.Component:
    """The fields of one status: shown while that status is chosen (or one of them has an error). Hidden,
    not removed, so what they hold is sent unchanged."""
    shown = ItemState.status_choice == status
    for name in names:
        shown = shown | (ItemState.errors.get(name, "") != "")
    return rx.el.div(*fields, hidden=~shown, class_name="status-fields", data_status=status)


def _form() -> rx.Component:
    errors, values = ItemState.errors, ItemState.values

    def text(label_key: str, name: str, **kwargs) -> rx.Component:
        return text_field(label_key, name, errors=errors, form="item", default_value=values.get(name, ""), **kwargs)

    return rx.el.form(
        error_summary(ItemState.summary, summary_id=SUMMARY_ID),
        upgrade_link(ItemState.over_limit),
        rx.el.div(
            text("field.name", "name", required=True),
            rx.el.div(text("field.category", "category", list_id="category-options"), quick_add("category"),
                      class_name="field-with-add"),
            rx.el.div(text("field.location", "location", list_id="location-options", hint_key="hint.location_path"),
                      quick_add("place"), class_name="field-with-add"),
            text("field.tags", "tags", hint_key="hint.tags"),
            text("field.quantity", "quantity", input_mode="numeric"),
            text("field.manufacturer", "manufacturer"),
            text("field.model", "model"),
            text("field.serial_number", "serial_number"),
            text("field.purchase_date", "purchase_date", input_type="date"),
            text("field.purchase_place", "purchase_place"),
            text("field.purchase_price", "purchase_price", input_mode="decimal", hint_key="hint.amount"),
            text("field.replacement_value", "replacement_value", input_mode="decimal", hint_key="hint.amount"),
            text("field.current_value", "current_value", input_mode="decimal", hint_key="hint.own_value"),
            text("field.warranty_end", "warranty_end", input_type="date"),
            checkbox_field("field.insured", "insured", form="item", checked=values.get("insured", "") == "on"),
            text("field.asset_id", "asset_id"),
            text("field.url", "url", input_type="url"),
            checkbox_field("field.lifetime_warranty", "lifetime_warranty", form="item",
                           checked=values.get("lifetime_warranty", "") == "on"),
            class_name="grid",
        ),
        rx.el.fieldset(
            rx.el.legend(t("item.status_legend")),
            rx.el.div(
                select_field("field.status", "status", [(status, f"status.{status}") for status in STATUSES],
                             errors=errors, form="item", default_value=values.get("status", "in_use"),
                             on_change=ItemState.choose_status),
                _status_group("lent_out", ("lent_to", "lent_until"),
                              text("field.lent_to", "lent_to"),
                              text("field.lent_until", "lent_until", input_type="date")),
                _status_group("sold", ("sold_date", "sold_price", "sold_to"),
                              text("field.sold_date", "sold_date", input_type="date"),
                              text("field.sold_price", "sold_price", input_mode="decimal", hint_key="hint.amount"),
                              text("field.sold_to", "sold_to")),
                _status_group("lost", ("lost_date", "police_report"),
                              text("field.lost_date", "lost_date", input_type="date"),
                              text("field.police_report", "police_report")),
                class_name="grid",
            ),
            rx.el.p(t("item.status_hint"), class_name="field-hint"),
            class_name="fieldset",
        ),
        rx.cond(ItemState.custom_fields.length() > 0, rx.el.fieldset(
            rx.el.legend(t("item.custom_legend")),
            rx.el.div(rx.foreach(ItemState.custom_fields, _custom_input), class_name="grid"),
            class_name="fieldset",
        ), rx.fragment()),
        textarea_field("field.description", "description", errors=errors, form="item",
                       default_value=values.get("description", "")),
        textarea_field("field.notes", "notes", errors=errors, form="item", default_value=values.get("notes", "")),
        datalist("category-options", ItemState.categories),
        datalist("location-options", ItemState.locations),
        rx.el.div(
            submit_button("item.save"),
            rx.el.a(t("common.cancel"), href=rx.cond(ItemState.item_id != "", "/object?id=" + ItemState.item_id,
                                                     "/register"), class_name="button"),
            class_name="actions",
        ),
        on_submit=ItemState.save,
        reset_on_submit=False,
        no_validate=True,
        key=ItemState.form_key.to_string(),
        class_name="form",
    )


def _capture_first() -> rx.Component:
    """A new object starts best with its photos: the rest can be filled in now or later."""
    return rx.el.section(
        rx.el.h2(t("capture.lead"), id="capture-first-title"),
        capture_button(),
        rx.el.p(t("capture.or_fill_in"), class_name="capture-or"),
        class_name="panel capture-first",
        aria_labelledby="capture-first-title",
    )


@customer_page("/object/new", "title.new_object", ItemState.load_form)
@customer_page("/object/edit", "title.edit_object", ItemState.load_form)
def item_form_page() -> rx.Component:
    return register_frame(
        when_loaded(
            ItemState.loaded,
            rx.cond(
                ItemState.not_found,
                _not_found(),
                rx.fragment(
                    rx.el.h1(rx.cond(ItemState.item_id != "", t("item.edit_title"), t("item.new_title"))),
                    rx.cond(ItemState.item_id == "", _capture_first(), rx.fragment()),
                    _form(),
                    quick_add_form("category"),
                    quick_add_form("place"),
                ),
            ),
        )
    )
