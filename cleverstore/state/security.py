"""Account security page: two-factor login, signed-in devices and sessions, sign out one or all."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.accounts import (
    confirm_two_step,
    end_one_session,
    end_other_sessions,
    forget_known_device,
    security_overview,
    start_two_step,
    turn_off_two_step,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState, Caller, FormFields
from cleverstore.state.guards import signed_in
from cleverstore.state.presenters.accounts import (
    device_row,
    recovery_file_text,
    session_row,
)


class SecurityState(FormFields, AppState):
    session_rows: list[dict[str, str]] = []
    device_rows: list[dict[str, str]] = []
    totp_on: bool = False
    codes_left: int = 0
    setup_secret: str = ""
    setup_uri: str = ""
    setup_qr: str = ""
    recovery_codes: list[str] = []
    recovery_file: str = ""
    loaded: bool = False

    def _refresh(self, caller: Caller) -> None:
        overview = security_overview(caller.account_id, caller.session_id)
        self.totp_on = overview.totp_on
        self.codes_left = overview.codes_left
        self.session_rows = [session_row(s) for s in overview.sessions]
        self.device_rows = [device_row(d) for d in overview.devices]

    @rx.event
    @signed_in
    def on_load(self, caller: Caller):
        self._refresh(caller)
        self.errors, self.message, self.recovery_codes = {}, "", []
        self.setup_secret = self.setup_uri = self.setup_qr = self.recovery_file = ""
        self.loaded = True
        return None

    @rx.event
    @signed_in
    def sign_out_session(self, caller: Caller, session_id: str):
        try:
            end_one_session(caller.account_id, session_id)
        except NotFound:
            self.message = self._t("security.session_not_found")
        else:
            self._done("security.session_ended")
        self._refresh(caller)
        return None

    @rx.event
    @signed_in
    def forget_device(self, caller: Caller, device_id: str):
        """Forget a device: its sessions end and its next login sends a new-device notice."""
        try:
            forget_known_device(caller.account_id, device_id)
        except NotFound:
            self.message = self._t("security.device_not_found")
        else:
            self._done("security.device_forgotten")
        if self._require_account() is None:
            return self._to_login()
        self._refresh(caller)
        return None

    @rx.event
    @signed_in
    def sign_out_others(self, caller: Caller):
        ended = end_other_sessions(caller.account_id, caller.session_id)
        self._done("security.others_ended", count=ended)
        self._refresh(caller)
        return None

    @rx.event
    @signed_in
    def start_totp(self, caller: Caller):
        try:
            setup = start_two_step(caller.account_id)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.setup_secret = setup.secret
        self.setup_uri = setup.uri
        self.setup_qr = setup.qr_image
        self.errors, self.message = {}, ""
        return None

    @rx.event
    @signed_in
    def confirm_totp(self, caller: Caller, form: dict):
        code = str(form.get("totp") or "")[:20]
        try:
            codes = confirm_two_step(caller.account_id, code)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.recovery_codes = codes
        self.recovery_file = recovery_file_text(codes, self.lang)
        self.setup_secret = self.setup_uri = self.setup_qr = ""
        self._done("security.totp_on")
        self._refresh(caller)
        return None

    @rx.event
    @signed_in
    async def disable_totp(self, caller: Caller, form: dict):
        password = str(form.get("totp_password") or "")[:4096]
        try:
            await asyncio.to_thread(turn_off_two_step, caller.account_id, password)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.recovery_codes, self.recovery_file = [], ""
        self._done("security.totp_off")
        self._refresh(caller)
        return None

    @rx.event
    def download_recovery_codes(self):
        """The codes shown once, as a text file to keep (made from this tab's state, nothing is stored)."""
        if not self.recovery_file:
            return None
        return rx.download(data=self.recovery_file, filename="cleverstore-recovery-codes.txt")

    @rx.event
    def copy_recovery_codes(self):
        if not self.recovery_file:
            return None
        self.message = self._t("security.recovery_copied")
        return rx.set_clipboard(self.recovery_file)
