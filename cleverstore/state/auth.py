"""Log in, sign up and log out. Passwords are never stored in state vars."""
from __future__ import annotations

import asyncio
import time
from urllib.parse import quote

import reflex as rx

from cleverstore.services.accounts import (
    PENDING_LOGIN_SECONDS,
    PRIVATE_ACCOUNT,
    LoginOutcome,
    accept_terms_at_login,
    is_sign_up_kind,
    log_in,
    log_out,
    operator_contact,
    safe_next,
    sign_up_customer,
    submit_login_code,
)
from cleverstore.services.billing import wished_plan
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState


def go_to_session_route(ticket: str, next_path: str = "") -> rx.event.EventSpec:
    """A full page load to the route that swaps the ticket for the HttpOnly cookie."""
    target = f"/auth/session?ticket={ticket}"
    if next_path:
        target += "&next=" + quote(safe_next(next_path), safe="")
    return rx.call_script(f"window.location.assign('{target}')")


class LoginState(AppState):
    error: str = ""
    email_value: str = ""
    step: str = "password"  # "password", "code", "terms" or "warned" (failed attempts to show first)
    warning: str = ""
    _pending_account: int = 0
    _pending_until: float = 0.0
    _ticket: str = ""

    def _pending(self) -> int:
        if self._pending_account and time.monotonic() < self._pending_until:
            return self._pending_account
        return 0

    def _follow(self, outcome: LoginOutcome):
        """Show the next step, or leave for the cookie route when the login is complete."""
        if outcome.throttled:
            self.error = self._t("login.throttled")
            return None
        if outcome.code_locked:
            self.error, self.step, self._pending_account = self._t("login.code_locked"), "password", 0
            return None
        if outcome.suspended:
            contact = operator_contact()
            self.error = self._t("login.suspended", phone=contact.phone, email=contact.email)
            self.step, self._pending_account = "password", 0
            return None
        if outcome.ok and outcome.failed_attempts:
            # The owner reads how many wrong passwords were tried before the session opens.
            self.error, self.step, self._pending_account, self._ticket = "", "warned", 0, outcome.ticket
            self.warning = self._t("login.failed_attempts", count=outcome.failed_attempts)
            return None
        if outcome.ok:
            self.error, self.step, self._pending_account = "", "password", 0
            return go_to_session_route(outcome.ticket, str(self.router.url.query_parameters.get("next", "")))
        if outcome.needs_code or outcome.needs_terms:
            if self._pending_account != outcome.account_id or self.step == "password":
                self._pending_until = time.monotonic() + PENDING_LOGIN_SECONDS
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
        outcome = await asyncio.to_thread(log_in, email, password, self._client_address())
        return self._follow(outcome)

    @rx.event
    async def submit_code(self, form: dict):
        """Second step: a TOTP code or a recovery code."""
        account_id = self._pending()
        if not account_id or self.step != "code":
            return self._start_over()
        code = str(form.get("code") or "")[:40]
        outcome = await asyncio.to_thread(submit_login_code, account_id, code, self._client_address())
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
        outcome = await asyncio.to_thread(accept_terms_at_login, account_id)
        return self._follow(outcome)

    @rx.event
    def continue_after_warning(self):
        """The owner has read the failed attempts: the login goes on to its session."""
        ticket, self._ticket, self.step, self.warning = self._ticket, "", "password", ""
        if not ticket:
            return self._start_over()
        return go_to_session_route(ticket, str(self.router.url.query_parameters.get("next", "")))

    def _start_over(self) -> None:
        self.step, self._pending_account = "password", 0
        self.error = self._t("login.start_over")

    @rx.event
    def start_over(self):
        self._start_over()


# The plan chosen on the landing page waits in the browser through the e-mail confirmation and the
# first login; the billing page (state/billing.py) reads the same key and shows that plan chosen.
PLAN_WISH_KEY = "cleverstore_plan_wish"


class SignupState(AppState):
    kind: str = PRIVATE_ACCOUNT
    errors: dict[str, str] = {}
    summary: str = ""
    check_mail: bool = False
    plan_wish: str = rx.LocalStorage("", name=PLAN_WISH_KEY)
    plan_name: str = ""
    plan_by_agreement: bool = False

    @rx.event
    def start(self):
        """A fresh form on every visit to the page; `?plan=plus` from a plan card is shown and kept."""
        self.errors, self.summary, self.check_mail = {}, "", False
        wish = wished_plan(str(self.router.url.query_parameters.get("plan", ""))[:60])
        if wish is None:
            self.plan_name, self.plan_by_agreement = "", False
            return
        self.plan_wish, self.plan_name, self.plan_by_agreement = wish.code, wish.name, wish.by_agreement
        if wish.by_agreement:
            self.kind = "company"

    @rx.event
    def set_kind(self, kind: str):
        if is_sign_up_kind(kind):
            self.kind = kind

    @rx.event
    async def submit(self, form: dict):
        if self._maintenance_on():
            return None
        fields = {key: str(value)[:4096] for key, value in dict(form).items()}
        fields["kind"] = self.kind
        fields["language"] = self.lang
        try:
            await asyncio.to_thread(sign_up_customer, fields)
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
        log_out(self._session_token(), caller.account_id if caller is not None else None)
        self._forget_private()
        return rx.call_script("window.location.assign('/auth/logout')")
