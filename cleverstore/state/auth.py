"""Log in, sign up and log out. Passwords are never stored in state vars."""
from __future__ import annotations

import asyncio

from urllib.parse import quote

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.models import AccountKind
from cleverstore.services import accounts, activity, sessions
from cleverstore.services.errors import ValidationFailed
from cleverstore.services.login import LoginOutcome, attempt_login
from cleverstore.state.base import AppState


def go_to_session_route(ticket: str, next_path: str = "") -> rx.event.EventSpec:
    """A full page load to the route that swaps the ticket for the HttpOnly cookie."""
    target = f"/auth/session?ticket={ticket}"
    if next_path:
        target += "&next=" + quote(sessions.safe_next(next_path), safe="")
    return rx.call_script(f"window.location.assign('{target}')")


def _login_in_thread(email: str, password: str, prefix: str) -> LoginOutcome:
    with session_scope() as db:
        return attempt_login(db, email, password, prefix)


class LoginState(AppState):
    error: str = ""
    email_value: str = ""

    @rx.event
    async def login(self, form: dict):
        email = str(form.get("email") or "")[:320]
        password = str(form.get("password") or "")[:4096]
        self.email_value = email
        if self._maintenance_on():
            return None
        if not email.strip() or not password:
            self.error = self._t("login.fill_both")
            return None
        prefix = sessions.ip_prefix(self._client_address())
        outcome = await asyncio.to_thread(_login_in_thread, email, password, prefix)
        if outcome.throttled:
            self.error = self._t("login.throttled")
            return None
        if outcome.suspended:
            self.error = self._t("login.suspended")
            return None
        if not outcome.ok:
            self.error = self._t("login.failed")
            return None
        self.error = ""
        return go_to_session_route(outcome.ticket, str(self.router.url.query_parameters.get("next", "")))


def _sign_up_in_thread(form: dict) -> str:
    with session_scope() as db:
        account = accounts.sign_up(db, form)
        return sessions.create_login_ticket(db, account.id)


class SignupState(AppState):
    kind: str = AccountKind.PRIVATE.value
    errors: dict[str, str] = {}
    summary: str = ""

    @rx.event
    def set_kind(self, kind: str):
        if kind in (AccountKind.PRIVATE.value, AccountKind.COMPANY.value):
            self.kind = kind

    @rx.event
    async def submit(self, form: dict):
        if self._maintenance_on():
            return None
        fields = {key: str(value)[:4096] for key, value in dict(form).items()}
        fields["kind"] = self.kind
        fields["language"] = self.lang
        try:
            ticket = await asyncio.to_thread(_sign_up_in_thread, fields)
        except ValidationFailed as failed:
            self.errors = {field: self._t(key) for field, key in failed.errors.items()}
            self.summary = self._t("form.fix_errors", count=len(failed.errors))
            return None
        self.errors = {}
        self.summary = ""
        return go_to_session_route(ticket)


class LogoutState(AppState):
    @rx.event
    def logout(self):
        """End the session on the server now; the route then clears the cookie."""
        caller = self._caller()
        with session_scope() as db:
            sessions.revoke(db, self._session_token())
            if caller is not None:
                activity.record(db, caller.account_id, "logout")
        self.signed_in_name = ""
        return rx.call_script("window.location.assign('/auth/logout')")
