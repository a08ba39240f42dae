"""The yearly re-inventory page: one place at a time, one answer per object card.

Every answer runs under `@in_register` (a locked register refuses it like any edit) and reloads the
walk, so the progress, the order (not yet checked first) and the other places stay true.
"""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.register import check_item, inventory_walk
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState, FormFields
from cleverstore.state.guards import edits_register, in_register
from cleverstore.state.presenters.inventory import walk_rows

PANELS = ("moved", "gone", "new_photo")


class InventoryState(FormFields, AppState):
    progress: str = ""
    percent: int = 0
    places: list[dict[str, str]] = []
    place_key: str = ""
    place_label: str = ""
    place_progress: str = ""
    place_percent: int = 0
    place_done: bool = False
    objects: list[dict[str, str]] = []
    targets: list[dict[str, str]] = []
    register_checked: str = ""
    open_item: str = ""     # the card whose panel ("moved", "gone", "new_photo") is open
    open_panel: str = ""
    gone_as: str = "sold"
    loaded: bool = False

    def _show(self, account_id: int, place: str) -> None:
        shown = walk_rows(inventory_walk(account_id, place), self.lang)
        for name, value in shown.items():
            setattr(self, name, value)
        self.loaded = True

    def _answer(self, caller: Caller, item_id: str, what: str, **details) -> None:
        """One answer of the walk; a refusal keeps the card's panel open with its message."""
        try:
            done = check_item(caller.account_id, str(item_id)[:20], what, actor=caller.actor, **details)
        except ValidationFailed as failed:
            self._fail(failed)
            return
        except NotFound:
            self.errors, self.message = {"item": self._t("inventory.missing")}, ""
            self.open_item = self.open_panel = ""
            self._show(caller.account_id, self.place_key)
            return
        self.open_item = self.open_panel = ""
        self._done(f"inventory.done_{what}", name=done.name or self._t("inventory.unnamed"))
        self._show(caller.account_id, self.place_key)

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        self.errors, self.message, self.open_item, self.open_panel = {}, "", "", ""
        self._show(caller.account_id, str(self.router.url.query_parameters.get("place", ""))[:20])

    @rx.event
    @in_register
    def choose_place(self, caller: Caller, key: str):
        self.errors, self.message, self.open_item, self.open_panel = {}, "", "", ""
        self._show(caller.account_id, str(key)[:20])

    @rx.event
    @edits_register
    def still_here(self, caller: Caller, item_id: str):
        self._answer(caller, item_id, "still_here")

    @rx.event
    def open_answer(self, item_id: str, panel: str):
        """Open one card's "moved", "gone" or "new photo" panel (the same again closes it)."""
        if panel not in PANELS or (self.open_item == str(item_id) and self.open_panel == panel):
            self.open_item = self.open_panel = ""
        else:
            self.open_item, self.open_panel = str(item_id)[:20], panel
            self.gone_as = "sold"
        self.errors = {}

    @rx.event
    def close_answer(self):
        self.open_item = self.open_panel = ""
        self.errors = {}

    @rx.event
    def set_gone_as(self, value: str):
        self.gone_as = str(value)[:20]

    @rx.event
    @edits_register
    def save_move(self, caller: Caller, form: dict):
        values = dict(form)
        self._answer(caller, str(values.get("item", "")), "moved", place_id=str(values.get("place", ""))[:20])

    @rx.event
    @edits_register
    def save_gone(self, caller: Caller, form: dict):
        values = dict(form)
        self._answer(caller, str(values.get("item", "")), "gone", gone_as=str(values.get("gone_as", ""))[:20],
                     sold_date=str(values.get("sold_date", ""))[:11])

    @rx.event
    @edits_register
    def photo_taken(self, caller: Caller, item_id: str):
        """The card's photo upload is done (the script clicks its refresh button)."""
        self._answer(caller, item_id, "new_photo")
