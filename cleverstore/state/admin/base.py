"""The root of admin states: who is asking, checked on every event, refusals logged."""
from __future__ import annotations

import asyncio
import logging
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.services.accounts import sessions
from cleverstore.services.admin import auth as admin_auth
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.base import AppState

logger = logging.getLogger("cleverstore.admin")


class AdminBase(AppState):
    admin_email: str = ""
    loaded: bool = False
    errors: dict[str, str] = {}
    message: str = ""

    def _admin_token(self) -> str:
        try:
            morsel = SimpleCookie(self.router.headers.cookie or "").get(admin_auth.COOKIE_NAME)
        except CookieError:
            return ""
        return morsel.value if morsel else ""

    def _require_admin(self, action: str) -> int | None:
        """The admin id, or None after logging the refused attempt (a customer firing admin events)."""
        with session_scope() as db:
            admin = admin_auth.resolve(db, self._admin_token())
            if admin is not None:
                self.admin_email = admin.email
                return admin.id
            customer = sessions.resolve(db, self._session_token())
            detail = f"customer {customer[0].id}" if customer else "no session"
            audit.record(db, None, "refused_admin_event", "event", action[:40], detail)
        logger.warning("Refused admin event %s (%s)", action, detail)
        self.admin_email = ""
        return None

    def _fail(self, failed: ValidationFailed) -> None:
        self.errors = self._messages(failed)
        self.message = ""

    def _done(self, key: str, **values) -> None:
        self.errors = {}
        self.message = self._t(key, **values)

    @rx.event
    def require_admin(self):
        """on_load of admin pages."""
        if self._require_admin("open_page") is None:
            return rx.redirect("/admin/login")
        self.loaded = True
        return None

    @rx.event
    def logout(self):
        with session_scope() as db:
            admin_auth.revoke(db, self._admin_token())
        return rx.call_script("window.location.assign('/admin/auth/logout')")


def _admin_login_in_thread(email: str, password: str, code: str, prefix: str) -> str | None:
    with session_scope() as db:
        return admin_auth.attempt_admin_login(db, email, password, code, prefix)


class AdminLoginState(AppState):
    error: str = ""

    @rx.event
    async def login(self, form: dict):
        email = str(form.get("email") or "")[:320]
        password = str(form.get("password") or "")[:4096]
        code = str(form.get("code") or "")[:12]
        prefix = sessions.ip_prefix(self._client_address())
        ticket = await asyncio.to_thread(_admin_login_in_thread, email, password, code, prefix)
        if ticket is None:
            self.error = self._t("admin.login_failed")
            return None
        self.error = ""
        return rx.call_script(f"window.location.assign('/admin/auth/session?ticket={ticket}')")
