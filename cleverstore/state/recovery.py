"""Forgotten password: ask for a link, then set a new password from the link (30 minutes, once)."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.accounts import (
    request_password_reset,
    reset_link_status,
    reset_password_by_link,
)
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState


class ForgotState(AppState):
    sent: bool = False

    @rx.event
    async def request_link(self, form: dict):
        """The same answer for every address: whether it has an account is never shown."""
        email = str(form.get("email") or "")[:320]
        await asyncio.to_thread(request_password_reset, email)
        self.sent = True


class ResetState(AppState):
    link_ok: bool = False
    needs_code: bool = False
    done: bool = False
    errors: dict[str, str] = {}
    loaded: bool = False
    _token: str = ""

    @rx.event
    def on_load(self):
        self._require_account()
        token = str(self.router.url.query_parameters.get("token", "") or "")[:100]
        self._token = token
        needs = reset_link_status(token)
        self.link_ok = needs is not None
        self.needs_code = bool(needs)
        self.done, self.errors, self.loaded = False, {}, True

    @rx.event
    async def save_password(self, form: dict):
        args = [str(form.get(name) or "")[:4096] for name in ("new_password", "new_password_repeat", "code")]
        try:
            await asyncio.to_thread(reset_password_by_link, self._token, *args)
        except ValidationFailed as failed:
            if "token" in failed.errors:
                self.link_ok = False
            self.errors = self._messages(failed)
            return None
        self.errors, self.done, self._token = {}, True, ""
        self.signed_in_name = ""
        return None
