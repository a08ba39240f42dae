"""Small figures of a register kept in this process's memory under the register's revision.

Every register event reads the matching count and totals, the count of objects needing details
and the place paths; most events find the register as the last one left it. The database counts
the register's revision up in a trigger on every row these are made of (see `summaries`), and the
register list reads that revision anyway, so a figure remembered under the revision it was read
at is exact until the next change, with no write to keep it (unlike `summaries`, which keeps the
figures that cost a second in the database, for every app node).

Only figures made of rows the revision counts may be remembered: objects, their files, categories
and places. A search (the text index) or a tag filter (tags have no trigger) is counted afresh.

A figure is kept under the register's id, creation time and revision (`Recalled.version`): on SQLite an
erased register's id may come back for a new register whose revision starts again, but not within the
second the erased one was created in (creation times are kept to the second). The erasure also drops the
register's figures from this process's memory.

The revision is read before a figure is made. On PostgreSQL a write that commits in between makes the
figure newer than its revision, never older; the next event reads the new revision and makes the figure
again.
"""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

# Entries in all (a few per register in use; each a few hundred bytes, place paths a little more).
SIZE = 4096
_MISSING = object()


class RevisionMemo:
    """Least recently used figures by (register, version, what); values are copied in and out, so a caller
    changing what it got never changes what the next one gets."""

    def __init__(self, size: int = SIZE):
        self._size = size
        self._entries: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()  # events of one worker run in threads

    def recall(self, account_id: int, version: tuple | None, what: Hashable) -> Any:
        """The figure remembered for exactly this version of the register (`Recalled.version`), or None."""
        if version is None:
            return None
        key = (account_id, version, what)
        with self._lock:
            value = self._entries.get(key, _MISSING)
            if value is _MISSING:
                return None
            self._entries.move_to_end(key)
        return copy.deepcopy(value)

    def keep(self, account_id: int, version: tuple | None, what: Hashable, value: Any) -> None:
        if version is None or value is None:
            return
        value, key = copy.deepcopy(value), (account_id, version, what)
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def forget(self, account_id: int) -> None:
        """Drop every figure of a register (it is being erased)."""
        with self._lock:
            for key in [key for key in self._entries if key[0] == account_id]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


register_figures = RevisionMemo()
