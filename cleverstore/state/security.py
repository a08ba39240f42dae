"""Account security page: two-factor login, signed-in devices and sessions, sign out one or all."""
from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from cleverstore.db import tenant_scope
from cleverstore.models import Account
from cleverstore.services.accounts import devices, sessions, two_factor
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.state.base import AppState, Caller

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_time(moment: datetime) -> str:
    """A UTC time as the customer reads it (Swedish time)."""
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _disable_in_thread(caller: Caller, password: str) -> None:
    with tenant_scope(caller.account_id) as db:
        two_factor.disable(db, caller.account_id, password)


class SecurityState(AppState):
    session_rows: list[dict[str, str]] = []
    device_rows: list[dict[str, str]] = []
    totp_on: bool = False
    codes_left: int = 0
    setup_secret: str = ""
    setup_uri: str = ""
    recovery_codes: list[str] = []
    errors: dict[str, str] = {}
    message: str = ""
    form_key: int = 0
    loaded: bool = False

    def _refresh(self, caller: Caller) -> None:
        with tenant_scope(caller.account_id) as db:
            rows = devices.live_sessions(db, caller.account_id, caller.session_id)
            known = devices.known_devices(db, caller.account_id)
            self.totp_on = two_factor.is_enabled(db, caller.account_id)
            self.codes_left = two_factor.recovery_codes_left(db, caller.account_id)
        self.session_rows = [
            {"id": str(r.session_id), "device": r.device_label, "prefix": r.ip_prefix,
             "started": local_time(r.started), "last_seen": local_time(r.last_seen),
             "current": "yes" if r.current else ""}
            for r in rows
        ]
        self.device_rows = [
            {"id": str(d.id), "device": d.label or "?", "prefix": d.ip_prefix,
             "first_seen": local_time(d.first_seen_at), "last_seen": local_time(d.last_seen_at)}
            for d in known
        ]

    def _done(self, key: str, **values: object) -> None:
        self.errors, self.message = {}, self._t(key, **values)
        self.form_key += 1

    @rx.event
    def on_load(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        self._refresh(caller)
        self.errors, self.message, self.recovery_codes = {}, "", []
        self.setup_secret = self.setup_uri = ""
        self.loaded = True
        return None

    @rx.event
    def sign_out_session(self, session_id: str):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            number = int(str(session_id)[:12])
            with tenant_scope(caller.account_id) as db:
                devices.sign_out_session(db, caller.account_id, number)
        except (ValueError, NotFound):
            self.message = self._t("security.session_not_found")
        else:
            self._done("security.session_ended")
        self._refresh(caller)
        return None

    @rx.event
    def forget_device(self, device_id: str):
        """Forget a device: its sessions end and its next login sends a new-device notice."""
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            number = int(str(device_id)[:12])
            with tenant_scope(caller.account_id) as db:
                devices.forget_device(db, caller.account_id, number)
        except (ValueError, NotFound):
            self.message = self._t("security.device_not_found")
        else:
            self._done("security.device_forgotten")
        if self._require_account() is None:
            return rx.redirect("/login")
        self._refresh(caller)
        return None

    @rx.event
    def sign_out_others(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with tenant_scope(caller.account_id) as db:
            ended = sessions.revoke_all(db, caller.account_id, keep_session_id=caller.session_id)
        self._done("security.others_ended", count=ended)
        self._refresh(caller)
        return None

    @rx.event
    def start_totp(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            with tenant_scope(caller.account_id) as db:
                secret = two_factor.begin_setup(db, caller.account_id)
                email = db.get(Account, caller.account_id).email
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.setup_secret = secret
        self.setup_uri = two_factor.provisioning_uri(secret, email)
        self.errors, self.message = {}, ""
        return None

    @rx.event
    def confirm_totp(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        code = str(form.get("totp") or "")[:20]
        try:
            with tenant_scope(caller.account_id) as db:
                codes = two_factor.confirm_setup(db, caller.account_id, code)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.recovery_codes = codes
        self.setup_secret = self.setup_uri = ""
        self._done("security.totp_on")
        self._refresh(caller)
        return None

    @rx.event
    async def disable_totp(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        password = str(form.get("totp_password") or "")[:4096]
        try:
            await asyncio.to_thread(_disable_in_thread, caller, password)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            return None
        self.recovery_codes = []
        self._done("security.totp_off")
        self._refresh(caller)
        return None
