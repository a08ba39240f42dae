"""My data: the export link, marketing consent, what is kept and how long, erasure, legacy contacts, heir claims."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.models import Account
from cleverstore.services.accounts import account as accounts
from cleverstore.services.heirs import claims as legacy
from cleverstore.services.privacy import erasure
from cleverstore.services.privacy.erasure import ErasureOutcome
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.state.base import AppState, Caller
from cleverstore.state.security import local_time


def _erase_in_thread(caller: Caller, password: str) -> ErasureOutcome:
    with session_scope() as db:
        return erasure.request_erasure(db, caller.account_id, password)


class PrivacyState(AppState):
    marketing: bool = False
    erasure_date: str = ""
    contacts: list[dict[str, str]] = []
    claims: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    message: str = ""
    form_key: int = 0
    loaded: bool = False

    def _refresh(self, caller: Caller) -> None:
        with session_scope() as db:
            account = db.get(Account, caller.account_id)
            self.marketing = account.marketing_consent_at is not None
            pending = erasure.pending_request(db, caller.account_id)
            self.erasure_date = local_time(pending.effective_at)[:10] if pending else ""
            self.contacts = [{"id": str(c.id), "name": c.name, "email": c.email, "relation": c.relation}
                             for c in legacy.contacts(db, caller.account_id)]
            self.claims = [
                {"id": str(c.id), "reference": c.reference, "claimant": c.claimant_name,
                 "reason": self._t(f"privacy.claim_reason_{c.reason}"),
                 "status": self._t(f"privacy.claim_status_{c.status}"),
                 "can_object": "yes" if c.status in ("submitted", "proposed", "waiting") else ""}
                for c in legacy.claims_about(db, caller.account_id)
            ]

    def _done(self, key: str, **values: object) -> None:
        self.errors, self.message = {}, self._t(key, **values)
        self.form_key += 1

    def _fail(self, failed: ValidationFailed) -> None:
        self.errors = self._messages(failed)
        self.message = ""

    @rx.event
    def on_load(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        self._refresh(caller)
        self.errors, self.message, self.loaded = {}, "", True
        return None

    @rx.event
    def set_marketing(self, consent: bool):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with session_scope() as db:
            accounts.set_marketing_consent(db, caller.account_id, consent is True)
        self._refresh(caller)
        self._done("privacy.consent_on" if self.marketing else "privacy.consent_off")
        return None

    @rx.event
    def add_contact(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        fields = {k: str(v)[:400] for k, v in dict(form).items()}
        try:
            with session_scope() as db:
                legacy.add_contact(db, caller.account_id, fields)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._refresh(caller)
        self._done("privacy.contact_added")
        return None

    @rx.event
    def remove_contact(self, contact_id: str):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            with session_scope() as db:
                legacy.remove_contact(db, caller.account_id, int(str(contact_id)[:12]))
        except (ValueError, NotFound):
            self.message = self._t("privacy.not_found")
            return None
        self._refresh(caller)
        self._done("privacy.contact_removed")
        return None

    @rx.event
    def object_to_claim(self, claim_id: str):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        try:
            with session_scope() as db:
                legacy.object_to_claim(db, caller.account_id, int(str(claim_id)[:12]))
        except (ValueError, NotFound):
            self.message = self._t("privacy.not_found")
            return None
        self._refresh(caller)
        self._done("privacy.claim_objected")
        return None

    @rx.event
    async def request_erasure(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        if str(form.get("erase_confirm") or "").lower() not in ("on", "true", "1"):
            self.errors = {"erase_confirm": self._t("privacy.erase_confirm_needed")}
            return None
        try:
            outcome = await asyncio.to_thread(_erase_in_thread, caller, str(form.get("erase_password") or "")[:4096])
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        if outcome.erased_now:
            self.signed_in_name = ""
            return rx.call_script("window.location.assign('/auth/logout?erased=1')")
        self._refresh(caller)
        self._done("privacy.erasure_scheduled", date=self.erasure_date)
        return None

    @rx.event
    def cancel_erasure(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with session_scope() as db:
            erasure.cancel_erasure(db, caller.account_id)
        self._refresh(caller)
        self._done("privacy.erasure_cancelled")
        return None
