"""Admin: a SuperPro company customer's registers on the customer page (add, rename, archive, remove)."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.models import Account, AccountKind
from cleverstore.services.company_registers import admin as company_register_admin
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.state.admin.base import AdminBase


def _checked(value: object) -> bool:
    return str(value or "").lower() in ("on", "true", "1")


class AdminCompanyRegistersState(AdminBase):
    owner_id: str = ""
    company_customer: bool = False
    registers: list[dict[str, str]] = []
    form_key: int = 0

    def _refresh(self) -> None:
        with session_scope() as db:
            owner = db.get(Account, int(self.owner_id)) if self.owner_id.isdigit() else None
            self.company_customer = owner is not None and owner.kind == AccountKind.COMPANY.value
            rows = company_register_admin.registers_for_admin(db, self.owner_id) if owner is not None else []
        self.registers = [{"id": str(r.register_id), "name": r.name, "org_number": r.org_number,
                           "objects": str(r.objects), "archived": "1" if r.archived else "",
                           "status": self._t("companies.archived" if r.archived else "companies.in_use")}
                          for r in rows]

    @rx.event
    def on_load(self):
        if self._require_admin("company_registers") is None:
            return rx.redirect("/admin/login")
        self.errors, self.message = {}, ""
        self.owner_id = str(self.router.url.query_parameters.get("id", ""))[:20]
        try:
            self._refresh()
        except NotFound:
            self.registers, self.company_customer = [], False
        self.loaded = True
        return None

    def _run(self, action: str, change, done_key: str, *, one_message: bool = False, **values):
        """Run an audited change; `one_message`: a table row's form shows its refusal under the table."""
        admin_id = self._require_admin(action)
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            with session_scope() as db:
                result = change(db, admin_id)
        except ValidationFailed as failed:
            self._fail(ValidationFailed({"register": next(iter(failed.errors.values()))}) if one_message
                       else failed)
            return None
        except NotFound:
            self._fail(ValidationFailed({"register": "error.register_unknown"}))
            return None
        self._refresh()
        self._done(done_key, **{k: (v(result) if callable(v) else v) for k, v in values.items()})
        self.form_key += 1
        return None

    @rx.event
    def add_register(self, form: dict):
        form = dict(form)
        return self._run("company_register_add",
                         lambda db, admin: company_register_admin.add_register(db, admin, self.owner_id, form),
                         "companies.added", name=lambda register: register.name)

    @rx.event
    def rename_register(self, form: dict):
        form = dict(form)
        return self._run("company_register_rename",
                         lambda db, admin: company_register_admin.rename_register(
                             db, admin, str(form.get("register_id") or "")[:20], form),
                         "companies.renamed", one_message=True, name=lambda register: register.name)

    @rx.event
    def archive_register(self, register_id: str):
        return self._run("company_register_archive",
                         lambda db, admin: company_register_admin.set_archived(db, admin, str(register_id)[:20], True),
                         "companies.archived_done")

    @rx.event
    def restore_register(self, register_id: str):
        return self._run("company_register_restore",
                         lambda db, admin: company_register_admin.set_archived(db, admin, str(register_id)[:20], False),
                         "companies.restored_done")

    @rx.event
    def remove_register(self, form: dict):
        form = dict(form)
        return self._run("company_register_remove",
                         lambda db, admin: company_register_admin.remove_register(
                             db, admin, str(form.get("register_id") or "")[:20], _checked(form.get("confirm"))),
                         "companies.removed_done", one_message=True, count=lambda objects: objects)
