"""One register object: view it with its files and history, add it, edit it, delete it."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import EDIT, Caller
from cleverstore.services.register import (
    ItemFiles,
    ItemOptions,
    add_category_from_form,
    add_place_from_form,
    delete_item,
    item_files,
    known_form_fields,
    new_item_values,
    open_item,
    remove_file,
    save_item,
    set_main_file,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState
from cleverstore.state.guards import edits_register, in_register
from cleverstore.state.presenters.gallery import gallery_of
from cleverstore.state.presenters.register import (
    change_view,
    custom_field_choice,
    custom_shown,
    item_detail,
)

SUMMARY_ID = "item-error-summary"
# After a refused save the summary at the top gets the focus and the view (the page stayed at "Spara").
FOCUS_SUMMARY = (
    "window.requestAnimationFrame(function () {"
    f" var box = document.getElementById('{SUMMARY_ID}');"
    " if (box) { box.scrollIntoView({block: 'start'}); box.focus({preventScroll: true}); } });"
)


class ItemState(AppState):
    item_id: str = ""
    item: dict[str, str] = {}
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    summary: str = ""
    over_limit: bool = False  # the save was refused for the plan's limit: the form offers the upgrade
    notice: str = ""
    status_choice: str = "in_use"
    _saved_notice: str = ""
    not_found: bool = False
    confirm_delete: bool = False
    categories: list[str] = []
    locations: list[str] = []
    custom_fields: list[dict[str, str]] = []
    custom_shown: list[dict[str, str]] = []
    main_photo: dict[str, str] = {}
    photos: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    changes: list[dict[str, str]] = []
    file_message: str = ""
    form_key: int = 0
    loaded: bool = False
    adding: str = ""        # the form's inline "new category" / "new place" field that is open
    add_error: str = ""
    added_kind: str = ""
    add_notice: str = ""

    def _requested_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _reset_page(self) -> None:
        self.errors, self.summary, self.item, self.values, self.over_limit = {}, "", {}, {}, False
        self.notice, self._saved_notice = self._saved_notice, ""
        self.main_photo, self.photos, self.documents = {}, [], []
        self.changes, self.custom_shown, self.file_message = [], [], ""
        self.not_found = self.confirm_delete = self.loaded = False
        self.adding = self.add_error = self.added_kind = self.add_notice = ""
        self.form_key += 1

    def _show_options(self, options: ItemOptions) -> None:
        self.categories = list(options.categories)
        self.locations = list(options.locations)
        self.custom_fields = [custom_field_choice(f) for f in options.custom_fields]

    def _show_files(self, found: ItemFiles) -> None:
        """The gallery, the history and the detail rows of the object."""
        gallery = gallery_of(found.files, self.lang)
        self.main_photo, self.photos, self.documents = gallery.main, gallery.photos, gallery.documents
        self.changes = [change_view(change, self.lang) for change in found.changes]
        self.item = item_detail(found.view, self.lang, found.today)

    def _load(self, *, for_form: bool):
        caller = self._require_register_access()
        if caller is None:
            return self._to_login()
        self._reset_page()
        wanted = self._requested_id()
        screen = open_item(caller.account_id, wanted, lang=self.lang)
        self._show_options(screen.options)
        if for_form and not wanted:
            self.item_id = ""
            self.values = new_item_values()
            self.status_choice = self.values.get("status", "in_use") or "in_use"
            self.loaded = True
            return None
        opened = screen.item
        if opened is None:
            self.item_id, self.not_found, self.loaded = "", True, True
            return None
        self.item_id = str(opened.view.item.id)
        self.values = dict(opened.values)
        self.status_choice = self.values.get("status", "in_use") or "in_use"
        self.custom_shown = custom_shown(screen.options.custom_fields, opened.custom, self.lang)
        self._show_files(opened)
        self.loaded = True
        return None

    @rx.event
    def load_view(self):
        return self._load(for_form=False)

    @rx.event
    def load_form(self):
        return self._load(for_form=True)

    @rx.event
    @edits_register
    def save(self, caller: Caller, form: dict):
        fields = known_form_fields(form, (field["key"] for field in self.custom_fields))
        try:
            saved_id = save_item(caller.account_id, self.item_id, fields, actor=caller.actor)
        except ValidationFailed as failed:
            self.values = fields
            self.errors = self._messages(failed)
            self.over_limit = "limit" in failed.errors  # the plan holds no more objects: say so, offer the upgrade
            self.summary = self.errors["limit"] if self.over_limit else \
                self._t("form.fix_errors", count=len(failed.errors))
            self.status_choice = str(fields.get("status") or "in_use")
            return rx.call_script(FOCUS_SUMMARY)
        except NotFound:
            self.not_found = True
            return None
        self.errors, self.summary, self.over_limit = {}, "", False
        # said on the object's page, in its status line: a toast would cover the page's fields
        self._saved_notice = self._t("item.saved")
        return rx.redirect(f"/object?id={saved_id}")

    @rx.event
    def choose_status(self, status: str):
        """The form shows the fields of the chosen status only (lent out, sold, lost)."""
        self.status_choice = str(status)[:20]

    # --- a new category or place from the form, without leaving it ----------------------

    @rx.event
    def open_new(self, kind: str):
        self.adding = kind if kind in ("category", "place") else ""
        self.add_error = ""

    @rx.event
    def close_new(self):
        self.adding = self.add_error = ""

    def _added(self, kind: str, field_id: str, name: str, message_key: str):
        """Put the new name in the form's field (what was typed elsewhere stays) and say so."""
        self.adding, self.add_error, self.added_kind = "", "", kind
        self.add_notice = self._t(message_key, name=name)
        return [rx.set_value(field_id, name), rx.set_focus(field_id)]

    @rx.event
    @edits_register
    def add_category(self, caller: Caller, form: dict):
        try:
            name = add_category_from_form(caller.account_id, str(dict(form).get("name", ""))[:101])
        except ValidationFailed as failed:
            self.add_error = self._t(next(iter(failed.errors.values())))
            return None
        if name not in self.categories:
            self.categories = sorted([*self.categories, name], key=str.lower)
        return self._added("category", "item-category", name, "capture.category_added")

    @rx.event
    @edits_register
    def add_place(self, caller: Caller, form: dict):
        form = dict(form)
        try:
            path = add_place_from_form(caller.account_id, str(form.get("name", ""))[:121],
                                       str(form.get("parent", ""))[:601])
        except ValidationFailed as failed:
            self.add_error = self._t(next(iter(failed.errors.values())))
            return None
        except NotFound:
            self.add_error = self._t("capture.parent_missing")
            return None
        if path not in self.locations:
            self.locations = sorted([*self.locations, path], key=str.lower)
        return self._added("place", "item-location", path, "capture.place_added")

    @rx.event
    def ask_delete(self):
        self.confirm_delete = True

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = False

    @rx.event
    @edits_register
    def delete(self, caller: Caller):
        try:
            delete_item(caller.account_id, self.item_id)
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
            return self._to_login()
        try:
            found = item_files(caller.account_id, self.item_id)
        except NotFound:
            self.not_found = True
            return None
        self._show_files(found)
        return None

    def _file_action(self, action, file_id: str, message_key: str):
        """`action(account_id, file id, actor)` of the register package, then the gallery again."""
        caller = self._require_register_access(EDIT)
        if caller is None:
            return self._refused()
        try:
            action(caller.account_id, str(file_id)[:20], caller.actor)
        except NotFound:
            self.file_message = self._t("upload.file_missing")
            return self._reload_files()
        self.file_message = self._t(message_key)
        return self._reload_files()

    @rx.event
    def make_main(self, file_id: str):
        return self._file_action(lambda a, f, _actor: set_main_file(a, f), file_id, "gallery.main_set")

    @rx.event
    def delete_file(self, file_id: str):
        return self._file_action(lambda a, f, actor: remove_file(a, f, actor=actor), file_id, "gallery.deleted")
