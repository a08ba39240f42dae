"""The customer's categories (with useful life), location tree and custom fields."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.services.register import catalogue as taxonomy
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.state.base import AppState


class CatalogueState(AppState):
    categories: list[dict[str, str]] = []
    locations: list[dict[str, str]] = []
    fields: list[dict[str, str]] = []
    message: str = ""
    error: str = ""
    form_key: int = 0
    loaded: bool = False

    def _reload(self, account_id: int) -> None:
        with tenant_scope(account_id) as db:
            self.categories = [{"id": str(c.id), "name": c.name, "life": str(c.useful_life_years or "")}
                               for c in taxonomy.categories(db, account_id)]
            self.locations = [{"id": str(n.id), "name": n.name, "path": n.path, "parent": str(n.parent_id or ""),
                               "indent": f"{n.depth * 1.25}rem"} for n in taxonomy.location_tree(db, account_id)]
            self.fields = [{"id": str(f.id), "name": f.name, "kind": self._t(f"field_kind.{f.kind}")}
                           for f in taxonomy.custom_fields(db, account_id)]
        self.loaded = True

    def _change(self, action, message_key: str):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        try:
            with tenant_scope(caller.account_id) as db:
                action(db, caller.account_id)
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
    def on_load(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        self.message = self.error = ""
        self._reload(caller.account_id)
        return None

    @rx.event
    def save_category(self, form: dict):
        values = {k: str(v)[:200] for k, v in dict(form).items()}
        return self._change(lambda db, a: taxonomy.save_category(db, a, values, values.get("id") or None),
                            "catalogue.saved")

    @rx.event
    def delete_category(self, category_id: str):
        return self._change(lambda db, a: taxonomy.delete_category(db, a, str(category_id)[:20]),
                            "catalogue.deleted")

    @rx.event
    def save_location(self, form: dict):
        values = {k: str(v)[:200] for k, v in dict(form).items()}
        return self._change(lambda db, a: taxonomy.save_location(db, a, values, values.get("id") or None),
                            "catalogue.saved")

    @rx.event
    def move_location(self, location_id: str, parent_id: str):
        """The "move under" select of one location (empty = top level)."""
        return self._change(lambda db, a: taxonomy.move_location(db, a, str(location_id)[:20], str(parent_id)[:20]),
                            "catalogue.moved")

    @rx.event
    def delete_location(self, location_id: str):
        return self._change(lambda db, a: taxonomy.delete_location(db, a, str(location_id)[:20]),
                            "catalogue.deleted")

    @rx.event
    def save_field(self, form: dict):
        values = {k: str(v)[:200] for k, v in dict(form).items()}
        return self._change(lambda db, a: taxonomy.save_custom_field(db, a, values), "catalogue.saved")

    @rx.event
    def delete_field(self, field_id: str):
        return self._change(lambda db, a: taxonomy.delete_custom_field(db, a, str(field_id)[:20]),
                            "catalogue.deleted")
