"""The customer's own details, e-mail address and password."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.models import Account
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import sessions
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.validation import display_phone
from cleverstore.state.base import AppState, Caller


def _profile_values(account: Account) -> dict[str, str]:
    return {
        "name": account.name,
        "email": account.email,
        "phone": display_phone(account.phone),
        "street": account.street,
        "postal_code": account.postal_code,
        "city": account.city,
        "org_number": account.org_number or "",
        "customer_number": account.customer_number or "",
        "kind": account.kind,
    }


class ProfileState(AppState):
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    message: str = ""
    form_key: int = 0
    loaded: bool = False

    def _show(self, account: Account) -> None:
        self.values = _profile_values(account)
        self.signed_in_name = account.name

    def _fail(self, failed: ValidationFailed) -> None:
        self.errors = self._messages(failed)
        self.message = ""

    def _succeed(self, key: str, **values: object) -> None:
        self.errors = {}
        self.message = self._t(key, **values)
        self.form_key += 1

    @rx.event
    def on_load(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            self._show(db.get(Account, caller.account_id))
        self.errors, self.message = {}, ""
        self.form_key += 1
        self.loaded = True
        return None

    @rx.event
    def save_details(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        fields = {key: str(value)[:400] for key, value in dict(form).items()}
        try:
            with tenant_scope(caller.account_id) as db:
                self._show(accounts.update_profile(db, caller.account_id, fields))
        except ValidationFailed as failed:
            self.values = {**self.values, **fields}
            self._fail(failed)
            return None
        self._succeed("profile.details_saved")
        return None

    @rx.event
    async def change_email(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        new_email = str(form.get("new_email") or "")[:400]
        password = str(form.get("email_password") or "")[:4096]
        try:
            account = await asyncio.to_thread(_change_email, caller, new_email, password)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._show(account)
        self._succeed("profile.email_changed")
        return None

    @rx.event
    async def change_password(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        args = [str(form.get(name) or "")[:4096] for name in ("current_password", "new_password", "new_password_repeat")]
        try:
            ended = await asyncio.to_thread(_change_password, caller, *args)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._succeed("profile.password_changed", count=ended)
        return None


def _change_email(caller: Caller, new_email: str, password: str) -> Account:
    with tenant_scope(caller.account_id) as db:
        return accounts.change_email(db, caller.account_id, new_email, password)


def _change_password(caller: Caller, current: str, new: str, repeat: str) -> int:
    """Returns how many other sessions were signed out."""
    with tenant_scope(caller.account_id) as db:
        accounts.change_password(db, caller.account_id, current, new, repeat)
        return sessions.revoke_all(db, caller.account_id, keep_session_id=caller.session_id)
