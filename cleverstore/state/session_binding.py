"""Before every event: a tab's state belongs to the session that filled it.

A Reflex tab token is enough to reach a tab's state, and the state outlives the socket. So
before any event runs (the reconnect's full snapshot included) the event's cookies are compared
with the ones that filled the tab; when they differ, or a snapshot is due and the session has
ended since, every private var of the tab is forgotten first. Only a digest of the cookies is kept.
"""
from __future__ import annotations

import asyncio

from reflex.middleware import Middleware
from reflex.state import State

from cleverstore.state.base import AppState

# the events that answer with the whole state tree
SNAPSHOT_EVENTS = frozenset(f"{State.get_full_name()}.{name}" for name in ("hydrate", "hydrate_and_load"))


def _private_states(cls: type = AppState) -> list[type]:
    found = []
    for sub in cls.get_substates():
        found += [sub, *_private_states(sub)]
    return found


class SessionBinding(Middleware):
    """Forgets a tab's private vars when the event's session is not the one that filled them."""

    async def preprocess(self, app, state, event):
        tab = await state.get_state(AppState)
        key = tab._owner_key()
        stale = key != tab._owner
        if not stale and event.name in SNAPSHOT_EVENTS and (tab._owner_session or tab._owner_admin):
            stale = not await asyncio.to_thread(tab._sessions_still_live)
        if stale:
            for cls in _private_states():  # with Redis, load every substate so none keeps old data
                await state.get_state(cls)
            tab._forget_private()
            tab._owner = key
