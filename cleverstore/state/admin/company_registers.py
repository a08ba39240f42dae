"""Admin: a SuperPro company customer's registers on the customer page (add, rename, archive, remove)."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.company_registers import (
    add_company_register,
    archive_company_register,
    company_registers_of,
    remove_company_register,
    rename_company_register,
    restore_company_register,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.guards import as_admin
from cleverstore.state.presenters.admin import company_register_rows


class AdminCompanyRegistersState(AdminBase):
    owner_id: str = ""
    company_customer: bool = False
    company_plan: bool = False  # on a SuperPro agreement: registers can be added
    registers: list[dict[str, str]] = []

    def _refresh(self) -> None:
        found = company_registers_of(self.owner_id)
        self.company_customer = found.company_customer
        self.company_plan = found.on_company_plan
        self.registers = company_register_rows(found.rows, self.lang)

    @rx.event
    @as_admin("company_registers")
    def on_load(self, admin_id: int):
        self.errors, self.message = {}, ""
        self.owner_id = str(self.router.url.query_parameters.get("id", ""))[:20]
        try:
            self._refresh()
        except NotFound:
            self.registers, self.company_customer, self.company_plan = [], False, False
        self.loaded = True
        return None

    def _run(self, action: str, change, done_key: str, *, one_message: bool = False, **values):
        """Run an audited change; `one_message`: a table row's form shows its refusal under the table."""
        admin_id = self._require_admin(action)
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            result = change(admin_id)
        except ValidationFailed as failed:
            self._fail(ValidationFailed({"register": next(iter(failed.errors.values()))}) if one_message
                       else failed)
            return None
        except NotFound:
            self._fail(ValidationFailed({"register": "error.register_unknown"}))
            return None
        self._refresh()
        self._done(done_key, **{k: (v(result) if callable(v) else v) for k, v in values.items()})
        return None

    @rx.event
    def add_register(self, form: dict):
        form = dict(form)
        return self._run("company_register_add", lambda admin: add_company_register(admin, self.owner_id, form),
                         "companies.added", name=lambda name: name)

    @rx.event
    def rename_register(self, form: dict):
        form = dict(form)
        return self._run("company_register_rename", lambda admin: rename_company_register(admin, form),
                         "companies.renamed", one_message=True, name=lambda name: name)

    @rx.event
    def archive_register(self, register_id: str):
        return self._run("company_register_archive",
                         lambda admin: archive_company_register(admin, str(register_id)[:20]),
                         "companies.archived_done")

    @rx.event
    def restore_register(self, register_id: str):
        return self._run("company_register_restore",
                         lambda admin: restore_company_register(admin, str(register_id)[:20]),
                         "companies.restored_done")

    @rx.event
    def remove_register(self, form: dict):
        form = dict(form)
        return self._run("company_register_remove", lambda admin: remove_company_register(admin, form),
                         "companies.removed_done", one_message=True, count=lambda objects: objects)
