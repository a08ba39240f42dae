"""The customer's own details, e-mail address and password."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.accounts import (
    ProfileView,
    change_email_address,
    change_login_password,
    profile_of,
    save_profile,
)
from cleverstore.services.reminders import reminder_choices, save_reminder_choices
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState, FormFields
from cleverstore.state.guards import signed_in
from cleverstore.state.presenters.accounts import profile_values
from cleverstore.state.presenters.reminders import choice_values


class ProfileState(FormFields, AppState):
    values: dict[str, str] = {}
    reminder_values: dict[str, str] = {}  # each kind "on" or "", and the cadence
    loaded: bool = False

    def _show(self, view: ProfileView) -> None:
        self.values = profile_values(view)
        self.signed_in_name = view.name

    @rx.event
    @signed_in
    def on_load(self, caller: Caller):
        self._show(profile_of(caller.account_id))
        self.reminder_values = choice_values(reminder_choices(caller.account_id))
        self.errors, self.message = {}, ""
        self.form_key += 1
        self.loaded = True
        return None

    @rx.event
    @signed_in
    def save_details(self, caller: Caller, form: dict):
        fields = {key: str(value)[:400] for key, value in dict(form).items()}
        try:
            self._show(save_profile(caller.account_id, fields))
        except ValidationFailed as failed:
            self.values = {**self.values, **fields}
            self._fail(failed)
            return None
        self._done("profile.details_saved")
        return None

    @rx.event
    @signed_in
    def save_reminders(self, caller: Caller, form: dict):
        """The kinds ticked (an unticked box is not sent: off) and the cadence."""
        fields = {key: str(value)[:20] for key, value in dict(form).items()}
        try:
            self.reminder_values = choice_values(save_reminder_choices(caller.account_id, fields))
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._done("reminders.saved")
        return None

    @rx.event
    @signed_in
    async def change_email(self, caller: Caller, form: dict):
        new_email = str(form.get("new_email") or "")[:400]
        password = str(form.get("email_password") or "")[:4096]
        try:
            view = await asyncio.to_thread(change_email_address, caller.account_id, new_email, password)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._show(view)
        self._done("profile.email_changed")
        return None

    @rx.event
    @signed_in
    async def change_password(self, caller: Caller, form: dict):
        args = [str(form.get(name) or "")[:4096] for name in ("current_password", "new_password", "new_password_repeat")]
        try:
            ended = await asyncio.to_thread(change_login_password, caller.account_id, *args, caller.session_id)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._done("profile.password_changed", count=ended)
        return None
