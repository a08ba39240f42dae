"""`lazy_mount`: children drawn only when they come near the screen (assets/lazy_mount.jsx).

For drawings that cost the browser much and sit below the fold on a phone (the dashboard's charts): the
page is usable sooner, and the box around the drawing keeps its size, so nothing moves when it is drawn.
"""
from __future__ import annotations

import reflex as rx


class LazyMount(rx.Component):
    library = "$/public/lazy_mount.jsx"
    tag = "LazyMount"

    # how far below the screen a drawing starts (CSS length): drawn before the customer scrolls to it
    margin: rx.Var[str]


def lazy_mount(*children: rx.Component, class_name: str = "", margin: str = "300px") -> rx.Component:
    return LazyMount.create(*children, class_name=class_name, margin=margin)
