"""Capture: after the photos of a new object are up (over HTTP, see assets/upload.js), open that object."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.state.base import AppState
from cleverstore.state.guards import edits_register, in_register


class CaptureState(AppState):
    @rx.event
    @edits_register
    def open_captured(self, caller: Caller, form: dict):
        """The page's script sends the new object's id; the object page checks it is this register's."""
        item_id = str(dict(form).get("item", ""))[:20]
        if not item_id.isdigit():
            return None
        return rx.redirect(f"/object?id={item_id}")
