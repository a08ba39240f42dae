"""One register object: view it with its files and history, add it, edit it, delete it."""
from __future__ import annotations

from datetime import date

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.services.register import catalogue as taxonomy
from cleverstore.services.register import files, history
from cleverstore.services.register import items as inventory
from cleverstore.services.register.item_form import form_values
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.presenters.register import change_view, file_view, item_detail


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
    custom_fields: list[dict[str, str]] = []
    custom_shown: list[dict[str, str]] = []
    files: list[dict[str, str]] = []
    changes: list[dict[str, str]] = []
    file_message: str = ""
    form_key: int = 0
    loaded: bool = False

    def _requested_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _reset_page(self) -> None:
        self.errors, self.summary, self.item, self.values = {}, "", {}, {}
        self.files, self.changes, self.custom_shown, self.file_message = [], [], [], ""
        self.not_found = self.confirm_delete = self.loaded = False
        self.form_key += 1

    def _load_options(self, db, account_id: int) -> None:
        self.categories = [c.name for c in taxonomy.categories(db, account_id)]
        self.locations = [node.path for node in taxonomy.location_tree(db, account_id)]
        self.custom_fields = [{"key": f"cf_{f.id}", "name": f.name, "kind": f.kind}
                              for f in taxonomy.custom_fields(db, account_id)]

    def _load_files_and_history(self, db, account_id: int, item_id: int) -> None:
        self.files = [file_view(record, self.lang) for record in files.files_of(db, account_id, item_id)]
        self.changes = [change_view(change, self.lang) for change in history.changes(db, account_id, item_id)]

    def _load(self, *, for_form: bool):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        self._reset_page()
        wanted = self._requested_id()
        with tenant_scope(caller.account_id) as db:
            self._load_options(db, caller.account_id)
            if for_form and not wanted:
                self.item_id = ""
                self.values = form_values(None, category="", location="", tags=[], custom={}, lang=self.lang)
                self.loaded = True
                return None
            try:
                found = inventory.get_item(db, caller.account_id, wanted)
            except NotFound:
                self.item_id, self.not_found, self.loaded = "", True, True
                return None
            view = inventory.view_of(db, caller.account_id, found)
            custom = inventory.custom_values(db, found.id)
            self.item_id = str(found.id)
            self.item = item_detail(view, self.lang, date.today())
            self.values = form_values(found, category=view.category, location=view.location, tags=view.tags,
                                      custom=custom, lang=self.lang)
            self.custom_shown = [{"name": f["name"], "value": self._custom_display(f, custom)}
                                 for f in self.custom_fields if custom.get(int(f["key"][3:]))]
            self._load_files_and_history(db, caller.account_id, found.id)
        self.loaded = True
        return None

    def _custom_display(self, field: dict[str, str], custom: dict[int, str]) -> str:
        value = custom.get(int(field["key"][3:]), "")
        if field["kind"] == "yes_no":
            return self._t("common.yes" if value == "yes" else "common.no")
        return value

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
        fields = {str(key)[:40]: str(value)[:6000] for key, value in dict(form).items()}
        try:
            with tenant_scope(caller.account_id) as db:
                if self.item_id:
                    saved = inventory.update_item(db, caller.account_id, self.item_id, fields, actor=caller.name)
                else:
                    saved = inventory.create_item(db, caller.account_id, fields, actor=caller.name)
                saved_id = saved.id
        except ValidationFailed as failed:
            self.values = fields
            self.errors = self._messages(failed)
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
            with tenant_scope(caller.account_id) as db:
                inventory.delete_item(db, caller.account_id, self.item_id)
        except NotFound:
            self.not_found = True
            return None
        self.confirm_delete = False
        return [rx.redirect("/register"), rx.toast.success(self._t("item.deleted"))]

    # --- files ---------------------------------------------------------------

    @rx.event
    def reload_files(self):
        """After an upload (the upload itself goes over HTTP): show the new gallery and history."""
        return self._reload_files()

    def _reload_files(self):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            try:
                found = inventory.get_item(db, caller.account_id, self.item_id)
            except NotFound:
                self.not_found = True
                return None
            self._load_files_and_history(db, caller.account_id, found.id)
            self.item = item_detail(inventory.view_of(db, caller.account_id, found), self.lang, date.today())
        return None

    def _file_action(self, action, file_id: str, message_key: str):
        caller = self._require_register_access()
        if caller is None:
            return rx.redirect("/login")
        try:
            with tenant_scope(caller.account_id) as db:
                action(db, caller.account_id, str(file_id)[:20], caller.name)
        except NotFound:
            self.file_message = self._t("upload.file_missing")
            return self._reload_files()
        self.file_message = self._t(message_key)
        return self._reload_files()

    @rx.event
    def make_main(self, file_id: str):
        return self._file_action(lambda db, a, f, _actor: files.set_main(db, a, f), file_id, "gallery.main_set")

    @rx.event
    def delete_file(self, file_id: str):
        return self._file_action(lambda db, a, f, actor: files.remove(db, a, f, actor=actor), file_id,
                                 "gallery.deleted")
