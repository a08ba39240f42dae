"""The in-app list of current reminders: what needs the customer's attention, each linking to its page."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.reminders import current_reminders
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.presenters.reminders import reminder_row


class RemindersState(AppState):
    reminders: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        self.reminders = [reminder_row(r) for r in current_reminders(caller.account_id, self.lang)]
        self.loaded = True
