"""Påminnelser, phone first: one card per current reminder (a warranty that ends, a lent object that is late,
a policy that renews, the re-inventory, the card), each a link to the object or page; a link to the
profile's reminder settings to turn kinds off."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.empty import empty_note
from cleverstore.components.layout import page_frame, when_loaded
from cleverstore.components.text import t
from cleverstore.pages.registry import customer_page
from cleverstore.state.reminders import RemindersState


KIND_ICONS = (("warranty", "shield-check"), ("lent", "hand-helping"), ("policy", "file-text"),
              ("reinventory", "clipboard-check"), ("card", "credit-card"))


def _icon(name: str) -> rx.Component:
    return rx.icon(name, size=22, aria_hidden="true", class_name="reminder-icon")


def _card(reminder) -> rx.Component:
    return rx.el.li(
        rx.el.a(
            rx.match(reminder["kind"], *[(kind, _icon(name)) for kind, name in KIND_ICONS], _icon("bell")),
            rx.el.span(reminder["text"], class_name="reminder-text"),
            href=reminder["href"],
            class_name="reminder-link link-target",
        ),
        class_name="reminder panel",
        data_kind=reminder["kind"],
    )


def _content() -> rx.Component:
    return rx.fragment(
        rx.cond(
            RemindersState.reminders.length() > 0,
            rx.el.div(
                rx.el.p(t("reminders.lead"), class_name="muted"),
                rx.el.ul(rx.foreach(RemindersState.reminders, _card), class_name="plain-list reminder-list"),
            ),
            empty_note("bell", "reminders.empty", "reminders.empty_next"),
        ),
        rx.el.p(rx.el.a(t("reminders.change_settings"), href="/profile#reminders", class_name="link-target")),
    )


@customer_page("/reminders", "reminders.title", RemindersState.on_load)
def reminders_page() -> rx.Component:
    return page_frame(
        rx.el.h1(t("reminders.title")),
        when_loaded(RemindersState.loaded, _content()),
    )
