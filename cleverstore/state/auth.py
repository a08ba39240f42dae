"""Log in, sign up and log out. Passwords are never stored in state vars."""
from __future__ import annotations

import asyncio
import time
from urllib.parse import quote

import reflex as rx

from cleverstore.db import session_scope, unit_of_work
from cleverstore.models import AccountKind
from cleverstore.services.accounts import account as accounts
from cleverstore.services.accounts import login as login_service
from cleverstore.services.accounts import sessions
from cleverstore.services.accounts.login import LoginOutcome, attempt_login
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.base import AppState


def go_to_session_route(ticket: str, next_path: str = "") -> rx.event.EventSpec:
    """A full page load to the route that swaps the ticket for the HttpOnly cookie."""
    target = f"/auth/session?ticket={ticket}"
    if next_path:
        target += "&next=" + quote(sessions.safe_next(next_path), safe="")
    return rx.call_script(f"window.location.assign('{target}')")


def _login_in_thread(email: str, password: str, prefix: str) -> LoginOutcome:
    return unit_of_work(attempt_login, email, password, prefix)


# How long a half-finished login (password done, code or terms pending) stays valid.
PENDING_SECONDS = 300


def _code_in_thread(account_id: int, code: str, prefix: str) -> LoginOutcome:
    return unit_of_work(login_service.submit_code, account_id, code, prefix)


def _terms_in_thread(account_id: int) -> LoginOutcome:
    return unit_of_work(login_service.accept_terms, account_id)


class LoginState(AppState):
    error: str = ""
    email_value: str = ""
    step: str = "password"  # "password", "code" or "terms"
    _pending_account: int = 0
    _pending_until: float = 0.0

    def _pending(self) -> int:
        if self._pending_account and time.monotonic() < self._pending_until:
            return self._pending_account
        return 0

    def _follow(self, outcome: LoginOutcome):
        """Show the next step, or leave for the cookie route when the login is complete."""
        if outcome.throttled:
            self.error = self._t("login.throttled")
            return None
        if outcome.suspended:
            self.error, self.step, self._pending_account = self._t("login.suspended"), "password", 0
            return None
        if outcome.ok:
            self.error, self.step, self._pending_account = "", "password", 0
            return go_to_session_route(outcome.ticket, str(self.router.url.query_parameters.get("next", "")))
        if outcome.needs_code or outcome.needs_terms:
            if self._pending_account != outcome.account_id or self.step == "password":
                self._pending_until = time.monotonic() + PENDING_SECONDS
            self._pending_account = outcome.account_id
            self.error = "" if self.step == "password" or outcome.needs_terms else self._t("login.code_wrong")
            self.step = "code" if outcome.needs_code else "terms"
            return None
        self.step, self._pending_account = "password", 0
        self.error = self._t("login.failed")
        return None

    @rx.event
    async def login(self, form: dict):
        email = str(form.get("email") or "")[:320]
        password = str(form.get("password") or "")[:4096]
        self.email_value = email
        if self._maintenance_on():
            return None
        self.step, self._pending_account = "password", 0
        if not email.strip() or not password:
            self.error = self._t("login.fill_both")
            return None
        prefix = sessions.ip_prefix(self._client_address())
        outcome = await asyncio.to_thread(_login_in_thread, email, password, prefix)
        return self._follow(outcome)

    @rx.event
    async def submit_code(self, form: dict):
        """Second step: a TOTP code or a recovery code."""
        account_id = self._pending()
        if not account_id or self.step != "code":
            return self._start_over()
        code = str(form.get("code") or "")[:40]
        prefix = sessions.ip_prefix(self._client_address())
        outcome = await asyncio.to_thread(_code_in_thread, account_id, code, prefix)
        return self._follow(outcome)

    @rx.event
    async def accept_terms(self, form: dict):
        """Last step when the terms changed: the customer accepts the new version."""
        account_id = self._pending()
        if not account_id or self.step != "terms":
            return self._start_over()
        if str(form.get("accept_new_terms") or "").lower() not in ("on", "true", "1"):
            self.error = self._t("login.accept_new_terms_needed")
            return None
        outcome = await asyncio.to_thread(_terms_in_thread, account_id)
        return self._follow(outcome)

    def _start_over(self) -> None:
        self.step, self._pending_account = "password", 0
        self.error = self._t("login.start_over")

    @rx.event
    def start_over(self):
        self._start_over()


def _sign_up_in_thread(form: dict) -> None:
    """Create the account, or tell the owner of a taken address; the caller never learns which."""
    unit_of_work(accounts.sign_up, form)


class SignupState(AppState):
    kind: str = AccountKind.PRIVATE.value
    errors: dict[str, str] = {}
    summary: str = ""
    check_mail: bool = False

    @rx.event
    def start(self):
        """A fresh form on every visit to the page."""
        self.errors, self.summary, self.check_mail = {}, "", False

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
            await asyncio.to_thread(_sign_up_in_thread, fields)
        except ValidationFailed as failed:
            self.errors = self._messages(failed)
            self.summary = self._t("form.fix_errors", count=len(failed.errors))
            return None
        # The same outcome for a new and a taken address (no account enumeration): check your e-mail.
        self.errors, self.summary, self.check_mail = {}, "", True
        return None


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
