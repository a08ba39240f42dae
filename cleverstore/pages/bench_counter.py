"""An unlinked page with nothing but a counter: the same app, server and socket as the register, no work.

The register benchmark clicks it to measure what a bare Reflex event costs on this machine.
"""
from __future__ import annotations

import reflex as rx

from cleverstore.state.bench_counter import BenchCounterState


def bench_counter_page() -> rx.Component:
    return rx.el.main(
        rx.el.p(BenchCounterState.count, id="bench-counter-value"),
        rx.el.button("+1", type="button", id="bench-counter-button", on_click=BenchCounterState.increment),
    )
