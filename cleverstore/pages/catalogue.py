"""Categories (with the useful life used for depreciation), the location tree and custom fields."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.layout import register_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.services.register import FIELD_KINDS
from cleverstore.state.catalogue import CatalogueState


def _category_row(category) -> rx.Component:
    form_id = "category-" + category["id"]
    return rx.el.li(
        rx.el.form(
            rx.el.input(type="hidden", name="id", value=category["id"]),
            rx.el.label(t("catalogue.category_name"), html_for=form_id + "-name", class_name="sr-only"),
            rx.el.input(id=form_id + "-name", name="name", default_value=category["name"], class_name="input"),
            rx.el.label(t("catalogue.life"), html_for=form_id + "-life", class_name="field-label"),
            rx.el.input(id=form_id + "-life", name="useful_life_years", default_value=category["life"],
                        input_mode="numeric", class_name="input input-short"),
            rx.el.button(t("catalogue.save"), type="submit", class_name="button"),
            rx.el.button(t("catalogue.delete"), type="button", class_name="link-button danger",
                         on_click=CatalogueState.delete_category(category["id"])),
            on_submit=CatalogueState.save_category, no_validate=True, reset_on_submit=False,
            class_name="inline-form category-form",
        ),
    )


def _location_row(location) -> rx.Component:
    select_id = "move-" + location["id"]
    return rx.el.li(
        rx.el.span(location["name"], class_name="location-name"),
        rx.el.label(t("catalogue.move_under"), html_for=select_id, class_name="field-label inline-label"),
        rx.el.select(
            rx.el.option(t("catalogue.top_level"), value=""),
            rx.foreach(CatalogueState.locations, lambda other: rx.el.option(other["path"], value=other["id"])),
            id=select_id, value=location["parent"], class_name="input select",
            on_change=lambda parent: CatalogueState.move_location(location["id"], parent),
        ),
        rx.el.button(t("catalogue.delete"), type="button", class_name="link-button danger",
                     on_click=CatalogueState.delete_location(location["id"])),
        style={"margin_left": location["indent"]},
        class_name="location-row location-item",
    )


def _categories() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("catalogue.categories")),
        rx.el.p(t("catalogue.life_hint"), class_name="field-hint"),
        rx.el.ul(rx.foreach(CatalogueState.categories, _category_row), class_name="plain-list"),
        rx.el.form(
            rx.el.label(t("catalogue.new_category"), html_for="new-category", class_name="field-label"),
            rx.el.input(id="new-category", name="name", class_name="input", auto_complete="off"),
            rx.el.label(t("catalogue.life"), html_for="new-category-life", class_name="field-label"),
            rx.el.input(id="new-category-life", name="useful_life_years", input_mode="numeric",
                        class_name="input input-short"),
            rx.el.button(t("catalogue.add"), type="submit", class_name="button"),
            on_submit=CatalogueState.save_category, no_validate=True, reset_on_submit=True, class_name="inline-form",
        ),
        class_name="panel",
    )


def _locations() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("catalogue.locations")),
        rx.el.ul(rx.foreach(CatalogueState.locations, _location_row), class_name="plain-list tree"),
        rx.el.form(
            rx.el.label(t("catalogue.new_location"), html_for="new-location", class_name="field-label"),
            rx.el.input(id="new-location", name="name", class_name="input", auto_complete="off"),
            rx.el.label(t("catalogue.inside"), html_for="new-location-parent", class_name="field-label"),
            rx.el.select(rx.el.option(t("catalogue.top_level"), value=""),
                         rx.foreach(CatalogueState.locations, lambda o: rx.el.option(o["path"], value=o["id"])),
                         id="new-location-parent", name="parent_id", class_name="input select"),
            rx.el.button(t("catalogue.add"), type="submit", class_name="button"),
            on_submit=CatalogueState.save_location, no_validate=True, reset_on_submit=True, class_name="inline-form",
        ),
        class_name="panel",
    )


def _fields() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("catalogue.fields")),
        rx.el.ul(rx.foreach(CatalogueState.fields, lambda f: rx.el.li(
            rx.el.span(f["name"], " (", f["kind"], ")"),
            rx.el.button(t("catalogue.delete"), type="button", class_name="link-button danger",
                         on_click=CatalogueState.delete_field(f["id"])), class_name="field-row")),
            class_name="plain-list"),
        rx.el.form(
            rx.el.label(t("catalogue.new_field"), html_for="new-field", class_name="field-label"),
            rx.el.input(id="new-field", name="name", class_name="input", auto_complete="off"),
            rx.el.label(t("catalogue.field_kind"), html_for="new-field-kind", class_name="field-label"),
            rx.el.select(*[rx.el.option(t(f"field_kind.{k}"), value=k) for k in FIELD_KINDS],
                         id="new-field-kind", name="kind", class_name="input select"),
            rx.el.button(t("catalogue.add"), type="submit", class_name="button"),
            on_submit=CatalogueState.save_field, no_validate=True, reset_on_submit=True, class_name="inline-form",
        ),
        class_name="panel",
    )


@customer_page("/catalogue", "title.catalogue", CatalogueState.on_load)
def catalogue_page() -> rx.Component:
    content = rx.fragment(
        rx.el.p(CatalogueState.message, class_name="status-line", aria_live="polite"),
        rx.el.p(CatalogueState.error, class_name="field-error", role="alert"),
        rx.el.div(_categories(), _locations(), _fields(), key=CatalogueState.form_key.to_string()),
    )
    return register_frame(rx.el.div(rx.el.h1(t("catalogue.title")), when_loaded(CatalogueState.loaded, content),
                                    class_name="catalogue-page"))
