"""A one-value cache that refreshes after a few seconds (per worker process)."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


class TtlCache:
    def __init__(self, seconds: float):
        self._seconds = seconds
        self._value: Any = None
        self._expires = 0.0
        self._lock = threading.Lock()

    def get(self, load: Callable[[], Any]) -> Any:
        with self._lock:
            if time.monotonic() >= self._expires:
                self._value = load()
                self._expires = time.monotonic() + self._seconds
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._expires = 0.0
