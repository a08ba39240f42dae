"""The root of every CleverStore state: language, and who is asking.

Identity is never taken from the client: each handler that touches private data
calls `_require_account()`, which reads the session cookie from the headers of
the websocket connection sending the event and checks it against the database.

A tab's state is bound to the session that filled it (`_owner`, `_owner_session`): when an
event's cookies are not the ones that filled it, or its session has ended, every private var is
forgotten before anything is sent (`state/session_binding.py` checks each event, `_identified`
each handler), so a copied tab token shows nothing of the customer.
"""
from __future__ import annotations

import hashlib
import json
from http.cookies import CookieError, SimpleCookie

import reflex as rx
from reflex.state import OnLoadInternalState

from cleverstore.i18n import normalise_language, translate
from cleverstore.services.access import (
    EDIT,
    OWN,
    OWNER,
    READ,
    Caller,
    Identity,
    admin_signed_in,
    client_address,
    identify,
    signed_in_home,
    switch_register,
)
from cleverstore.services.accounts import save_language
from cleverstore.services.admin import ADMIN_COOKIE
from cleverstore.services.shared import NotFound, ValidationFailed

SESSION_COOKIE = "cs_session"
# An owner no cookie digest equals: the next event forgets the whole tab (also substates not loaded).
STALE_OWNER = "stale"
# What survives forgetting the tab: the visitor's language and the binding itself.
KEPT_ON_FORGET = frozenset({"lang", "_owner", "_owner_session", "_owner_admin"})
# Where switching register lands: the same register page, or the register list (an object of
# the previous company does not exist in the next one).
REGISTER_PAGES = frozenset({"/register", "/dashboard", "/reports", "/catalogue", "/import"})

__all__ = ["AppState", "Caller", "FormFields"]


class AppState(rx.State):
    lang: str = rx.Cookie("sv", name="cs_lang", same_site="lax", max_age=365 * 24 * 3600)
    signed_in_name: str = ""
    # True once this tab has asked who is signed in: until then a customer's page keeps its frame drawn
    # signed in (the page is built before anyone is known), so the header does not flip on arrival
    identity_checked: bool = False
    maintenance_sv: str = ""
    support_unread: int = 0
    maintenance_en: str = ""
    email_unverified: bool = False
    heir_claim_open: bool = False
    # SuperPro: the registers the customer may switch between (empty without company registers)
    register_choices: list[dict[str, str]] = []
    active_register: str = ""
    active_register_label: str = ""
    register_notice: str = ""
    can_edit_register: bool = True  # the owner or an editor: the page offers adding and editing
    owns_register: bool = True
    shared_by: str = ""  # the owner's name, in a register shared with the person
    _refusal: str = ""
    # the digest of the cookies that filled this tab, and the sessions behind them (backend only)
    _owner: str = ""
    _owner_session: int = 0
    _owner_admin: bool = False

    @rx.event
    def set_language(self, lang: str):
        """Switch the page's language at once: the page's on_load runs again, so rows and messages made on
        the server are made anew in the new language; a signed-in customer's account keeps the choice."""
        self.lang = normalise_language(lang)
        caller = self._caller()
        if caller is not None:
            save_language(caller.account_id, self.lang)
        return OnLoadInternalState.on_load_internal()

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
        return self._cookie(SESSION_COOKIE)

    def _cookie(self, name: str) -> str:
        raw = self.router.headers.cookie or ""
        try:
            morsel = SimpleCookie(raw).get(name)
        except CookieError:
            return ""
        return morsel.value if morsel else ""

    # --- the tab's binding to the session that filled it --------------------------------

    def _owner_key(self) -> str:
        """A digest of this connection's session cookies ('' for a visitor without any)."""
        customer, admin = self._session_token(), self._cookie(ADMIN_COOKIE)
        if not customer and not admin:
            return ""
        return hashlib.sha256(f"{customer}\n{admin}".encode()).hexdigest()

    def _sessions_still_live(self) -> bool:
        """Whether the sessions that filled the tab are still live (asked before a full snapshot)."""
        if self._owner_session:
            caller = identify(self._session_token(), with_register=False).caller
            if caller is None or caller.session_id != self._owner_session:
                return False
        return not self._owner_admin or admin_signed_in(self._cookie(ADMIN_COOKIE))

    def _forget_private(self) -> None:
        """Every var of this tab back to its default (the language kept): nothing private remains.

        Resets the substates that are loaded; `session_binding` loads all of them first.
        """
        top = self
        while isinstance(top.parent_state, AppState):
            top = top.parent_state
        for name, field in type(top).__fields__.items():
            owner = field._owner
            if name not in KEPT_ON_FORGET and isinstance(owner, type) and issubclass(owner, AppState):
                setattr(top, name, field.default_value())
        for substate in top.substates.values():
            substate.reset()
        self._owner_session, self._owner_admin = 0, False

    def _bind_session(self, session_id: int) -> None:
        """A handler learnt who is asking: a session that ended (or another one) forgets the tab."""
        if self._owner_session and session_id != self._owner_session:
            self._forget_private()
            self._owner = STALE_OWNER
        self._owner_session = session_id

    def _bind_admin(self, signed_in: bool) -> None:
        """The same for the admin session behind admin events."""
        if self._owner_admin and not signed_in:
            self._forget_private()
            self._owner = STALE_OWNER
        self._owner_admin = signed_in

    def _client_address(self) -> str:
        """The customer's address (X-Forwarded-For believed only from CLEVERSTORE_TRUSTED_PROXIES)."""
        raw = self.router.headers.raw_headers
        peer = raw.get("asgi-scope-client", "") or self.router.session.client_ip or ""
        return client_address(peer, raw.get("x-forwarded-for", ""))

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
        self._bind_session(caller.session_id if caller else 0)
        self.signed_in_name = caller.name if caller else ""
        self.identity_checked = True
        self.support_unread = caller.support_unread if caller else 0
        self.email_unverified = caller is not None and not caller.verified
        self.heir_claim_open = caller is not None and caller.heir_claims_open > 0
        return identity

    def _caller(self) -> Caller | None:
        return identify(self._session_token(), with_register=False).caller

    def _require_account(self) -> Caller | None:
        """The caller, or None (and the page forgets who was signed in)."""
        return self._identified(with_register=False).caller

    def _require_register_access(self, need: str = READ) -> Caller | None:
        """The caller, when the register is open to them (a paid subscription) and their role allows
        `need` (READ, EDIT: owner or editor, OWN: the owner); checked on every register event, never
        cached: a lock, a removed membership or a changed role applies on the next click.

        A signed-in customer without access gets None like a visitor; the handler's redirect to
        /login then sends them on to /billing, which explains the lock and how to pay (a member whose
        shared register is closed goes to /members). A member whose role does not allow `need` gets None
        too, with the refusal in `_refusal` for the guard to show; nothing changes.
        """
        self._refusal = ""
        identity = self._identified(with_register=True)
        if identity.caller is None or identity.register is None or not identity.register_open:
            return None
        self._show_registers(identity.register)
        caller = identity.caller
        if (need == EDIT and not caller.can_edit) or (need == OWN and not caller.is_owner):
            self._refusal = self._t("members.refused_viewer" if need == EDIT else "members.refused_owner_only",
                                    owner=identity.register.name)
            return None
        return caller

    def _refused(self):
        """The answer to a refused register event: the role's message, or the way to /login."""
        if self._refusal:
            return rx.toast.error(self._refusal, id="role-refused")
        return self._to_login()

    def _show_registers(self, active) -> None:
        def label(c) -> str:
            if c.role != OWNER:
                return f"{c.name} ({self._t('switcher.shared_' + c.role)})"
            return f"{c.name} ({c.org_number})" if c.org_number else c.name

        self.register_choices = [{"id": str(c.account_id), "label": label(c)} for c in active.choices]
        self.active_register = str(active.account_id)
        self.active_register_label = next((c["label"] for c in self.register_choices
                                           if c["id"] == self.active_register), "")
        self.can_edit_register = active.role in (OWNER, "editor")
        self.owns_register = active.role == OWNER
        self.shared_by = "" if self.owns_register else active.name

    @rx.event
    def switch_register(self, register_id: str):
        """The switcher: work in another of the caller's own registers (kept on the session, server side)."""
        caller = self._require_account()
        if caller is None:
            return self._to_login()
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

    def _to_login(self):
        """Where a refused visitor goes: /login, except during maintenance, when the page keeps its
        address and shows only the maintenance message (nothing to log in to)."""
        if self.maintenance_sv:
            return None
        return rx.redirect("/login")

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
            return self._to_login()
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
