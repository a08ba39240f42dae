"""The yearly re-inventory, phone first: pick a place, then one card per object with four big answers
("Finns kvar", "Flyttad till …", "Borta", "Nytt foto"). Objects not yet checked this round come first;
the register's and the place's progress stay on top. On a wide screen the places sit beside the cards.
"""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.components.uploads import file_picker, upload_status
from cleverstore.pages.registry import customer_page
from cleverstore.state.inventory import InventoryState

GONE_CHOICES = ("sold", "discarded", "lost")


def _progress(label, percent, label_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.p(label, id=label_id, class_name="inventory-progress-text"),
        rx.el.div(rx.el.div(class_name="bar", style={"width": percent.to_string() + "%"}),
                  class_name="bar-track inventory-bar", role="progressbar",
                  aria_labelledby=label_id, aria_valuemin=0, aria_valuemax=100, aria_valuenow=percent),
        class_name="inventory-progress",
    )


def _place_chip(place) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(place["label"], class_name="inventory-place-name"),
            rx.el.span(place["progress"], class_name="inventory-place-count"),
            rx.cond(place["done"] == "1", rx.icon("check", size=16, aria_hidden="true"), rx.fragment()),
            type="button",
            class_name=rx.cond(place["done"] == "1", "inventory-place done", "inventory-place"),
            aria_pressed=rx.cond(place["current"] == "1", "true", "false"),
            style={"padding_left": "calc(.9rem + " + place["indent"] + ")"},
            on_click=InventoryState.choose_place(place["key"]),
        ),
    )


def _places() -> rx.Component:
    return rx.el.nav(
        rx.el.h2(t("inventory.places"), id="inventory-places-title"),
        rx.el.ul(rx.foreach(InventoryState.places, _place_chip), class_name="inventory-places"),
        aria_labelledby="inventory-places-title",
        class_name="inventory-side",
    )


def _answer_button(card, what: str, icon: str, on_click, *, pressed=None) -> rx.Component:
    return rx.el.button(
        rx.icon(icon, size=20, aria_hidden="true"),
        rx.el.span(t(f"inventory.{what}")),
        type="button",
        class_name=f"button inventory-answer answer-{what}",
        aria_expanded=pressed,
        on_click=on_click,
    )


def _opened(card, panel: str):
    return (InventoryState.open_item == card["id"]) & (InventoryState.open_panel == panel)


def _expanded(card, panel: str):
    return rx.cond(_opened(card, panel), "true", "false")


def _error(name: str) -> rx.Component:
    return rx.el.p(InventoryState.errors.get(name, ""), class_name="field-error", role="alert")


def _cancel() -> rx.Component:
    return rx.el.button(t("inventory.cancel"), type="button", class_name="button", on_click=InventoryState.close_answer)


def _move_panel(card) -> rx.Component:
    return rx.el.form(
        rx.el.input(type="hidden", name="item", value=card["id"]),
        rx.el.div(
            rx.el.label(t("inventory.move_to"), html_for="inventory-move-place", class_name="field-label"),
            rx.el.select(
                rx.el.option(t("inventory.choose"), value=""),
                rx.foreach(InventoryState.targets, lambda target: rx.el.option(target["path"], value=target["id"])),
                id="inventory-move-place", name="place", class_name="input select",
            ),
            _error("location"),
            class_name="field",
        ),
        rx.el.div(
            rx.el.button(t("inventory.save_move"), type="submit", class_name="button button-primary"),
            _cancel(),
            class_name="actions",
        ),
        on_submit=InventoryState.save_move, no_validate=True, class_name="inventory-panel",
    )


def _gone_panel(card) -> rx.Component:
    return rx.el.form(
        rx.el.input(type="hidden", name="item", value=card["id"]),
        rx.el.fieldset(
            rx.el.legend(t("inventory.gone_as"), class_name="field-label"),
            *[rx.el.div(
                rx.el.input(type="radio", id=f"inventory-gone-{choice}", name="gone_as", value=choice,
                            checked=InventoryState.gone_as == choice,
                            on_change=InventoryState.set_gone_as(choice)),
                rx.el.label(t(f"status.{choice}"), html_for=f"inventory-gone-{choice}"),
                class_name="radio inventory-radio",
            ) for choice in GONE_CHOICES],
            _error("status"),
            class_name="fieldset inventory-gone-choices",
        ),
        rx.cond(
            InventoryState.gone_as == "sold",
            rx.el.div(
                rx.el.label(t("inventory.sold_date"), html_for="inventory-sold-date", class_name="field-label"),
                rx.el.input(id="inventory-sold-date", name="sold_date", type="date", class_name="input"),
                _error("sold_date"),
                class_name="field",
            ),
            rx.fragment(),
        ),
        rx.el.div(
            rx.el.button(t("inventory.save_gone"), type="submit", class_name="button button-primary"),
            _cancel(),
            class_name="actions",
        ),
        on_submit=InventoryState.save_gone, no_validate=True, class_name="inventory-panel",
    )


def _photo_panel(card) -> rx.Component:
    """The object page's photo capture, for this object; when the upload is done the script clicks the
    hidden button, which records the answer."""
    return rx.el.div(
        file_picker("inventory.new_photo", "inventory-photo", url=card["upload_url"], accept="image/*",
                    capture="environment", status_id="inventory-photo-status", refresh_id="inventory-photo-done",
                    multiple=False, hint_key="inventory.photo_hint"),
        upload_status("inventory-photo-status"),
        _error("photo"),
        rx.el.button(t("inventory.new_photo"), id="inventory-photo-done", type="button", class_name="sr-only",
                     tab_index=-1, on_click=InventoryState.photo_taken(card["id"])),
        _cancel(),
        class_name="inventory-panel",
    )


def _card(card) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.cond(card["thumb"] != "",
                    rx.el.img(src=card["thumb"], alt="", class_name="inventory-thumb", loading="lazy",
                              width=72, height=72),
                    rx.el.div(rx.icon("image", size=28, aria_hidden="true"), class_name="inventory-thumb empty")),
            rx.el.div(
                rx.el.h3(rx.el.a(card["name"], href="/object?id=" + card["id"], class_name="inventory-name")),
                rx.el.p(rx.el.span(card["status_label"], class_name="status status-" + card["status"]),
                        rx.el.span(card["checked_label"], " ",
                                   rx.el.span(card["checked_date"], class_name="inventory-checked-date"),
                                   class_name="inventory-checked-on"),
                        class_name="inventory-meta"),
                class_name="inventory-card-text",
            ),
            rx.cond(card["checked"] == "1",
                    rx.el.span(rx.icon("circle-check", size=24, aria_hidden="true"), class_name="inventory-tick"),
                    rx.fragment()),
            class_name="inventory-card-head",
        ),
        rx.el.div(
            _answer_button(card, "still_here", "check", InventoryState.still_here(card["id"])),
            _answer_button(card, "moved", "move-right", InventoryState.open_answer(card["id"], "moved"),
                           pressed=_expanded(card, "moved")),
            _answer_button(card, "gone", "circle-x", InventoryState.open_answer(card["id"], "gone"),
                           pressed=_expanded(card, "gone")),
            _answer_button(card, "new_photo", "camera", InventoryState.open_answer(card["id"], "new_photo"),
                           pressed=_expanded(card, "new_photo")),
            class_name="inventory-answers",
            role="group",
            aria_label=card["name"],
        ),
        rx.cond(_opened(card, "moved"), _move_panel(card), rx.fragment()),
        rx.cond(_opened(card, "gone"), _gone_panel(card), rx.fragment()),
        rx.cond(_opened(card, "new_photo"), _photo_panel(card), rx.fragment()),
        class_name=rx.cond(card["checked"] == "1", "inventory-card checked", "inventory-card"),
        custom_attrs={"data-item": card["id"]},
    )


def _walk() -> rx.Component:
    return rx.el.section(
        rx.el.h2(InventoryState.place_label, id="inventory-place-title"),
        _progress(InventoryState.place_progress, InventoryState.place_percent, "inventory-place-progress"),
        rx.cond(InventoryState.place_done, rx.el.p(t("inventory.place_done"), class_name="success"), rx.fragment()),
        rx.el.ul(rx.foreach(InventoryState.objects, _card), class_name="inventory-cards"),
        aria_labelledby="inventory-place-title",
        class_name="inventory-walk",
    )


def _content() -> rx.Component:
    return rx.fragment(
        _progress(InventoryState.progress, InventoryState.percent, "inventory-progress"),
        rx.el.p(InventoryState.register_checked, class_name="muted small"),
        rx.el.p(InventoryState.message, class_name="status-line", aria_live="polite", role="status"),
        _error("item"),
        rx.cond(
            InventoryState.places.length() > 0,
            rx.el.div(_places(), _walk(), class_name="inventory-layout"),
            rx.el.p(t("inventory.empty"), class_name="empty"),
        ),
    )


@customer_page("/inventory", "inventory.title", InventoryState.on_load)
def inventory_page() -> rx.Component:
    return register_frame(
        rx.el.div(
            rx.el.div(rx.el.h1(t("inventory.title")), rx.el.p(t("inventory.lead"), class_name="lead"),
                      class_name="page-head"),
            when_loaded(InventoryState.loaded, _content(), reserve="100vh"),
            class_name="inventory-page",
        )
    )
