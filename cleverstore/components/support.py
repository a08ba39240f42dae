"""A support conversation, shown the same way to the customer and to the admin."""
from __future__ import annotations

import reflex as rx


def message_list(messages) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            messages,
            lambda m: rx.el.li(
                rx.el.p(rx.el.strong(m["from"]), " · ", m["when"], class_name="muted small"),
                rx.el.p(m["body"], class_name="prewrap"),
                class_name=rx.cond(m["from_admin"] != "", "message message-staff", "message"),
            ),
        ),
        class_name="messages",
    )
