"""The root of admin states: who is asking, checked on every event, refusals logged."""
from __future__ import annotations

import asyncio
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from cleverstore.services.access import admin_caller, log_out_admin
from cleverstore.services.admin import ADMIN_COOKIE, admin_login
from cleverstore.state.base import AppState, FormFields


class AdminBase(FormFields, AppState):
    admin_email: str = ""
    loaded: bool = False

    def _admin_token(self) -> str:
        try:
            morsel = SimpleCookie(self.router.headers.cookie or "").get(ADMIN_COOKIE)
        except CookieError:
            return ""
        return morsel.value if morsel else ""

    def _require_admin(self, action: str) -> int | None:
        """The admin id, or None after logging the refused attempt (a customer firing admin events)."""
        admin = admin_caller(self._admin_token(), self._session_token(), action)
        self._bind_admin(admin is not None)
        self.admin_email = admin.email if admin is not None else ""
        return admin.admin_id if admin is not None else None

    @rx.event
    def require_admin(self):
        """on_load of admin pages."""
        if self._require_admin("open_page") is None:
            return rx.redirect("/admin/login")
        self.loaded = True
        return None

    @rx.event
    def logout(self):
        log_out_admin(self._admin_token())
        self._forget_private()
        return rx.call_script("window.location.assign('/admin/auth/logout')")


class AdminLoginState(AppState):
    error: str = ""

    @rx.event
    async def login(self, form: dict):
        email = str(form.get("email") or "")[:320]
        password = str(form.get("password") or "")[:4096]
        code = str(form.get("code") or "")[:12]
        ticket = await asyncio.to_thread(admin_login, email, password, code, self._client_address())
        if ticket is None:
            self.error = self._t("admin.login_failed")
            return None
        self.error = ""
        return rx.call_script(f"window.location.assign('/admin/auth/session?ticket={ticket}')")
