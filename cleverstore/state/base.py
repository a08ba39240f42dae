"""The root of every CleverStore state: language, and who is asking.

Identity is never taken from the client: each handler that touches private data
calls `_require_account()`, which reads the session cookie from the headers of
the websocket connection sending the event and checks it against the database.
"""
from __future__ import annotations

import json
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from cleverstore.i18n import normalise_language, translate
from cleverstore.services.access import (
    Caller,
    Identity,
    identify,
    signed_in_home,
    switch_register,
)
from cleverstore.services.shared import NotFound, ValidationFailed

SESSION_COOKIE = "cs_session"
# Where switching register lands: the same register page, or the register list (an object of
# the previous company does not exist in the next one).
REGISTER_PAGES = frozenset({"/register", "/dashboard", "/reports", "/catalogue", "/import"})

__all__ = ["AppState", "Caller", "FormFields"]


class AppState(rx.State):
    lang: str = rx.Cookie("sv", name="cs_lang", same_site="lax", max_age=365 * 24 * 3600)
    signed_in_name: str = ""
    maintenance_sv: str = ""
    support_unread: int = 0
    maintenance_en: str = ""
    email_unverified: bool = False
    # SuperPro: the registers the customer may switch between (empty without company registers)
    register_choices: list[dict[str, str]] = []
    active_register: str = ""
    active_register_label: str = ""
    register_notice: str = ""

    @rx.event
    def set_language(self, lang: str):
        self.lang = normalise_language(lang)

    @rx.var
    def is_en(self) -> bool:
        return self.lang == "en"

    @rx.var
    def in_maintenance(self) -> bool:
        return self.maintenance_sv != ""

    @rx.var
    def signed_in(self) -> bool:
        return self.signed_in_name != ""

    def _t(self, key: str, **values: object) -> str:
        return translate(key, normalise_language(self.lang), **values)

    def _messages(self, failed: ValidationFailed) -> dict[str, str]:
        """A ValidationFailed's field → message, in the visitor's language."""
        return {field: self._t(key) for field, key in failed.errors.items()}

    def _session_token(self) -> str:
        raw = self.router.headers.cookie or ""
        try:
            morsel = SimpleCookie(raw).get(SESSION_COOKIE)
        except CookieError:
            return ""
        return morsel.value if morsel else ""

    def _client_address(self) -> str:
        return self.router.session.client_ip or ""

    def _maintenance_on(self) -> bool:
        """Refresh the maintenance message; True while customers must wait."""
        # asked on every customer event (one indexed row): with several workers, a cache per
        # process would show the message late on some tabs
        return self._show_maintenance(identify("", with_register=False).maintenance)

    def _show_maintenance(self, notice: tuple[str, str] | None) -> bool:
        self.maintenance_sv = notice[0] if notice else ""
        self.maintenance_en = notice[1] if notice else ""
        return notice is not None

    def _identified(self, *, with_register: bool) -> Identity:
        """Who is asking; the page's header fields (name, unread answers, maintenance) follow."""
        identity = identify(self._session_token(), with_register=with_register)
        self._show_maintenance(identity.maintenance)
        caller = identity.caller
        self.signed_in_name = caller.name if caller else ""
        self.support_unread = caller.support_unread if caller else 0
        self.email_unverified = caller is not None and not caller.verified
        return identity

    def _caller(self) -> Caller | None:
        return identify(self._session_token(), with_register=False).caller

    def _require_account(self) -> Caller | None:
        """The caller, or None (and the page forgets who was signed in)."""
        return self._identified(with_register=False).caller

    def _require_register_access(self) -> Caller | None:
        """The caller, when the register is open to them (a paid subscription); checked on every
        register event, never cached: a lock applies on the customer's next click.

        A signed-in customer without access gets None like a visitor; the handler's redirect to
        /login then sends them on to /billing, which explains the lock and how to pay.
        """
        identity = self._identified(with_register=True)
        if identity.caller is None or identity.register is None or not identity.register_open:
            return None
        self._show_registers(identity.register)
        return identity.caller

    def _show_registers(self, active) -> None:
        self.register_choices = [
            {"id": str(c.account_id),
             "label": f"{c.name} ({c.org_number})" if c.org_number else c.name} for c in active.choices]
        self.active_register = str(active.account_id)
        self.active_register_label = next((c["label"] for c in self.register_choices
                                           if c["id"] == self.active_register), "")

    @rx.event
    def switch_register(self, register_id: str):
        """The switcher: work in another of the caller's own registers (kept on the session, server side)."""
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            active = switch_register(caller, str(register_id))
        except NotFound:
            self.register_notice = self._t("switcher.refused")
            return None
        self.register_notice = ""
        self._show_registers(active)
        path = self.router.url.path
        target = path if path in REGISTER_PAGES else "/register"
        return rx.call_script(f"window.location.assign({json.dumps(target)})")

    def _home_for(self, caller: Caller) -> str:
        """Where a signed-in customer belongs: the register, or billing while it is locked/unpaid."""
        return signed_in_home(caller)

    @rx.event
    def load_identity(self):
        """on_load of public pages: show the header a signed-in visitor expects."""
        self._require_account()

    @rx.event
    def require_signed_in(self):
        """on_load guard of private pages (navigation only; handlers check again)."""
        if self._require_account() is None:
            return rx.redirect("/login")
        return None

    @rx.event
    def redirect_signed_in(self):
        """on_load of login/sign-up: a signed-in visitor goes straight to the register (or to billing)."""
        caller = self._require_account()
        if caller is not None:
            return rx.redirect(self._home_for(caller))
        return None


class FormFields(rx.State, mixin=True):
    """A page's form: field errors, a message, and a key that empties the form after success.

    A mixin, so each state that uses it (`class ProfileState(FormFields, AppState)`) gets fields of
    its own; the methods rely on AppState's `_t` and `_messages`.
    """

    errors: dict[str, str] = {}
    message: str = ""
    form_key: int = 0

    def _fail(self, failed: ValidationFailed) -> None:
        """The refused fields, each with its message in the visitor's language; nothing was saved."""
        self.errors = self._messages(failed)
        self.message = ""

    def _done(self, key: str, *, clear_form: bool = True, **values: object) -> None:
        """Success: the message, no errors, and (by default) an empty form."""
        self.errors = {}
        self.message = self._t(key, **values)
        if clear_form:
            self.form_key += 1
