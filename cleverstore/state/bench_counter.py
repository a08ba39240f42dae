"""A bare counter: the yardstick for event latency (benchmarks/register_events.py compares against it)."""
from __future__ import annotations

import reflex as rx


class BenchCounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self):
        self.count += 1
