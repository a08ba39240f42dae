"""The customer's insurance policies: what each covers and its sums, so the dashboard can say whether the
register is properly insured. Phone first: one column of cards, the form below them."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.forms import danger_button, error_summary, select_field, submit_button, text_field
from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.components.uploads import file_picker, upload_status
from cleverstore.pages.registry import customer_page
from cleverstore.services.insurance import KINDS
from cleverstore.state.insurance import InsuranceState as S

FORM = "policy"


def _policy_card(policy) -> rx.Component:
    return rx.el.li(
        rx.el.h3(policy["title"], class_name="policy-title"),
        rx.el.p(policy["kind"], class_name="muted"),
        rx.el.p(policy["summary"], class_name="policy-summary"),
        rx.cond(policy["document"] != "",
                rx.el.a(t("insurance.open_document"), href=policy["document_url"], target="_blank",
                        class_name="policy-document"),
                rx.el.p(t("insurance.no_document"), class_name="muted")),
        rx.el.div(
            rx.el.button(t("insurance.edit"), type="button", class_name="button",
                         on_click=S.edit(policy["id"])),
            rx.el.button(t("insurance.delete"), type="button", class_name="button button-danger-outline",
                         on_click=S.ask_delete(policy["id"])),
            class_name="policy-actions",
        ),
        rx.cond(policy["allrisk"] != "", _separate_cover(policy), rx.fragment()),
        rx.cond(S.confirm_id == policy["id"],
                rx.el.div(
                    rx.el.p(S.confirm_text, role="alert"),
                    danger_button("insurance.confirm_yes", button_type="button", on_click=S.delete),
                    rx.el.button(t("insurance.cancel"), type="button", class_name="button", on_click=S.cancel_delete),
                    class_name="confirm-box"),
                rx.fragment()),
        class_name="panel policy-card",
    )


def _separate_cover(policy) -> rx.Component:
    """An allrisk policy's objects (each can be taken off) and the objects the comparison suggests for it."""
    select_id = "cover-item-" + policy["id"]
    return rx.el.div(
        rx.el.ul(rx.foreach(S.on_cover, lambda row: rx.cond(
            row["policy_id"] == policy["id"],
            rx.el.li(rx.el.a(row["name"], href="/object?id=" + row["id"]), " ",
                     rx.el.button(t("insurance.take_off"), type="button", class_name="button",
                                  on_click=S.take_off_cover(row["id"]))),
            rx.fragment())), class_name="cover-objects"),
        rx.cond(S.suggestions.length() > 0,
                rx.el.form(
                    rx.el.input(type="hidden", name="policy", value=policy["id"]),
                    rx.el.label(t("insurance.separate_cover"), html_for=select_id, class_name="field-label"),
                    rx.el.select(rx.foreach(S.suggestions, lambda s: rx.el.option(s["name"], value=s["id"])),
                                 id=select_id, name="item", class_name="input select"),
                    rx.el.button(t("insurance.put_on"), type="submit", class_name="button"),
                    on_submit=S.put_on_cover, reset_on_submit=False, class_name="inline-form"),
                rx.fragment()),
        class_name="policy-cover",
    )


def _list() -> rx.Component:
    return rx.cond(
        S.policies.length() > 0,
        rx.el.ul(rx.foreach(S.policies, _policy_card), class_name="plain-list policy-list"),
        rx.el.p(t("insurance.empty"), class_name="muted empty-note"),
    )


def _money(label_key: str, name: str, hint_key: str | None = None) -> rx.Component:
    return text_field(label_key, name, errors=S.errors, form=FORM, default_value=S.values[name],
                      input_mode="decimal", hint_key=hint_key)


def _places() -> rx.Component:
    return rx.cond(
        S.places.length() > 0,
        rx.el.fieldset(
            rx.el.legend(t("insurance.places"), class_name="field-label"),
            rx.el.p(t("insurance.places_hint"), class_name="field-hint"),
            rx.foreach(S.places, lambda place: rx.el.div(
                rx.el.input(type="checkbox", id="policy-place-" + place["id"], name="place_" + place["id"],
                            default_checked=place["checked"] != "", class_name="checkbox"),
                rx.el.label(place["path"], html_for="policy-place-" + place["id"], class_name="inline-label"),
                class_name="field field-check")),
            class_name="field field-wide policy-places",
        ),
        rx.fragment(),
    )


def _document() -> rx.Component:
    return rx.cond(
        S.editing,
        rx.el.div(
            rx.el.h3(t("insurance.document")),
            file_picker("insurance.upload_document", "policy-document", url=S.document_url,
                        accept="application/pdf,.pdf", status_id="policy-document-status",
                        refresh_id="policy-document-done", multiple=False),
            upload_status("policy-document-status"),
            rx.el.button(t("gallery.refresh"), id="policy-document-done", type="button", class_name="sr-only",
                         tab_index=-1, on_click=S.reload),
            class_name="policy-upload",
        ),
        rx.fragment(),
    )


def _form() -> rx.Component:
    return rx.el.section(
        rx.el.h2(rx.cond(S.editing, t("insurance.edit_title"), t("insurance.new"))),
        rx.cond(S.editing, rx.el.p(S.form_title, class_name="muted"), rx.fragment()),
        error_summary(rx.cond(S.errors.length() > 0, t("insurance.check_fields"), "")),
        rx.el.form(
            text_field("insurance.company", "company", errors=S.errors, form=FORM, default_value=S.values["company"],
                       required=True, autocomplete="organization"),
            text_field("insurance.policy_number", "policy_number", errors=S.errors, form=FORM,
                       default_value=S.values["policy_number"]),
            select_field("insurance.kind", "kind", [(k, f"insurance.kind.{k}") for k in KINDS], errors=S.errors,
                         form=FORM, default_value=S.values["kind"]),
            _money("insurance.contents_sum", "contents_sum"),
            _money("insurance.theft_limit", "theft_limit", "insurance.theft_hint"),
            text_field("insurance.theft_limit_percent", "theft_limit_percent", errors=S.errors, form=FORM,
                       default_value=S.values["theft_limit_percent"], input_mode="numeric"),
            _money("insurance.single_item_limit", "single_item_limit"),
            _money("insurance.excess", "excess"),
            text_field("insurance.renews_on", "renews_on", errors=S.errors, form=FORM,
                       default_value=S.values["renews_on"], input_type="date"),
            _places(),
            rx.el.div(
                submit_button("insurance.save", "shield-check"),
                rx.cond(S.editing, rx.el.button(t("insurance.cancel"), type="button", class_name="button",
                                                on_click=S.new), rx.fragment()),
                class_name="form-actions",
            ),
            on_submit=S.save, no_validate=True, reset_on_submit=False, class_name="form-grid policy-form",
            key=S.form_key.to_string(),
        ),
        _document(),
        class_name="panel",
        id="policy-form",
    )


def _words() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("insurance.theft_words")),
        rx.el.p(t("insurance.theft_words_hint"), class_name="field-hint", id="theft-words-hint"),
        rx.el.form(
            rx.el.label(t("insurance.theft_words"), html_for="theft-words", class_name="sr-only"),
            rx.el.textarea(id="theft-words", name="words", default_value=S.words, rows=6,
                           aria_describedby="theft-words-hint", class_name="input textarea"),
            rx.el.div(
                rx.el.button(t("insurance.save_words"), type="submit", class_name="button"),
                rx.el.button(t("insurance.reset_words"), type="button", class_name="button",
                             on_click=S.reset_words),
                class_name="form-actions",
            ),
            on_submit=S.save_words, reset_on_submit=False, key=S.form_key.to_string(),
        ),
        rx.el.p(S.words_message, class_name="status-line", aria_live="polite"),
        class_name="panel",
    )


@customer_page("/insurance", "title.insurance", S.on_load)
def insurance_page() -> rx.Component:
    content = rx.fragment(
        rx.el.p(S.message, class_name="status-line", aria_live="polite"),
        _list(),
        _form(),
        _words(),
    )
    return register_frame(rx.el.div(rx.el.h1(t("insurance.title")), rx.el.p(t("insurance.lead"), class_name="lead"),
                                    when_loaded(S.loaded, content), class_name="insurance-page"))
