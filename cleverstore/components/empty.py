"""An empty list says it is empty and what comes next, with an icon, so it never reads as a page that failed."""
from __future__ import annotations

import reflex as rx

from cleverstore.components.text import t


def empty_note(icon: str, text_key: str, next_key: str | None = None) -> rx.Component:
    """`icon` is a lucide name (decorative); `text_key` says what is empty, `next_key` the step that fills it."""
    next_step = rx.el.p(t(next_key), class_name="muted") if next_key else rx.fragment()
    return rx.el.div(rx.icon(icon, size=28, aria_hidden="true", class_name="empty-icon"),
                     rx.el.div(rx.el.p(t(text_key)), next_step, class_name="empty-text"), class_name="empty-inline")
