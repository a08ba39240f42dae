"""One register object: view it, add it, edit it, delete it."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.services import inventory
from cleverstore.services.errors import NotFound, ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.presenters import item_detail, item_form_values


class ItemState(AppState):
    item_id: str = ""
    item: dict[str, str] = {}
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    summary: str = ""
    not_found: bool = False
    confirm_delete: bool = False
    categories: list[str] = []
    locations: list[str] = []
    form_key: int = 0
    loaded: bool = False

    def _requested_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _reset_page(self) -> None:
        self.errors, self.summary, self.item, self.values = {}, "", {}, {}
        self.not_found = self.confirm_delete = self.loaded = False
        self.form_key += 1

    def _load(self, *, for_form: bool):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        self._reset_page()
        wanted = self._requested_id()
        with session_scope() as db:
            self.categories, self.locations = inventory.filter_options(db, caller.account_id)
            if for_form and not wanted:
                self.item_id = ""
                self.values = item_form_values(None, self.lang)
                self.loaded = True
                return None
            try:
                found = inventory.get_item(db, caller.account_id, wanted)
            except NotFound:
                self.item_id, self.not_found, self.loaded = "", True, True
                return None
            self.item_id = str(found.id)
            self.item = item_detail(found, self.lang)
            self.values = item_form_values(found, self.lang)
        self.loaded = True
        return None

    @rx.event
    def load_view(self):
        return self._load(for_form=False)

    @rx.event
    def load_form(self):
        return self._load(for_form=True)

    @rx.event
    def save(self, form: dict):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        fields = {key: str(value)[:6000] for key, value in dict(form).items()}
        try:
            with session_scope() as db:
                if self.item_id:
                    saved = inventory.update_item(db, caller.account_id, self.item_id, fields)
                else:
                    saved = inventory.create_item(db, caller.account_id, fields)
                saved_id = saved.id
        except ValidationFailed as failed:
            self.values = fields
            self.errors = {field: self._t(key) for field, key in failed.errors.items()}
            self.summary = self._t("form.fix_errors", count=len(failed.errors))
            return None
        except NotFound:
            self.not_found = True
            return None
        self.errors, self.summary = {}, ""
        return [rx.redirect(f"/object?id={saved_id}"), rx.toast.success(self._t("item.saved"))]

    @rx.event
    def ask_delete(self):
        self.confirm_delete = True

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = False

    @rx.event
    def delete(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        try:
            with session_scope() as db:
                inventory.delete_item(db, caller.account_id, self.item_id)
        except NotFound:
            self.not_found = True
            return None
        self.confirm_delete = False
        return [rx.redirect("/register"), rx.toast.success(self._t("item.deleted"))]
