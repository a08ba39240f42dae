"""The customer's categories (with useful life), location tree and custom fields."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import EDIT, Caller
from cleverstore.services.register import (
    delete_category,
    delete_custom_field,
    delete_location,
    load_catalogue,
    move_location,
    save_category,
    save_custom_field,
    save_location,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.guards import in_register
from cleverstore.state.presenters.register import category_row, field_row, location_row


class CatalogueState(AppState):
    categories: list[dict[str, str]] = []
    locations: list[dict[str, str]] = []
    fields: list[dict[str, str]] = []
    message: str = ""
    error: str = ""
    form_key: int = 0
    loaded: bool = False

    def _reload(self, account_id: int) -> None:
        shown = load_catalogue(account_id)
        self.categories = [category_row(c) for c in shown.categories]
        self.locations = [location_row(n) for n in shown.locations]
        self.fields = [field_row(f, self.lang) for f in shown.fields]
        self.loaded = True

    def _change(self, action, message_key: str):
        """`action(account_id)`: one catalogue action of the register package, then the lists again."""
        caller = self._require_register_access(EDIT)
        if caller is None:
            return self._refused()
        try:
            action(caller.account_id)
        except ValidationFailed as failed:
            self.error, self.message = self._t(next(iter(failed.errors.values()))), ""
            return None
        except NotFound:
            self.error, self.message = self._t("catalogue.missing"), ""
            self._reload(caller.account_id)
            return None
        self.error, self.message = "", self._t(message_key)
        self.form_key += 1
        self._reload(caller.account_id)
        return None

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        self.message = self.error = ""
        self._reload(caller.account_id)
        return None

    @rx.event
    def save_category(self, form: dict):
        values = {k: str(v)[:200] for k, v in dict(form).items()}
        return self._change(lambda a: save_category(a, values), "catalogue.saved")

    @rx.event
    def delete_category(self, category_id: str):
        return self._change(lambda a: delete_category(a, str(category_id)[:20]), "catalogue.deleted")

    @rx.event
    def save_location(self, form: dict):
        values = {k: str(v)[:200] for k, v in dict(form).items()}
        return self._change(lambda a: save_location(a, values), "catalogue.saved")

    @rx.event
    def move_location(self, location_id: str, parent_id: str):
        """The "move under" select of one location (empty = top level)."""
        return self._change(lambda a: move_location(a, str(location_id)[:20], str(parent_id)[:20]),
                            "catalogue.moved")

    @rx.event
    def delete_location(self, location_id: str):
        return self._change(lambda a: delete_location(a, str(location_id)[:20]), "catalogue.deleted")

    @rx.event
    def save_field(self, form: dict):
        values = {k: str(v)[:200] for k, v in dict(form).items()}
        return self._change(lambda a: save_custom_field(a, values), "catalogue.saved")

    @rx.event
    def delete_field(self, field_id: str):
        return self._change(lambda a: delete_custom_field(a, str(field_id)[:20]), "catalogue.deleted")
