"""My data: the export link, marketing consent, what is kept and how long, erasure, heir contacts, heir claims."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.heirs import (
    add_heir_contact,
    heir_overview,
    object_to_heir_claim,
    remove_heir_contact,
)
from cleverstore.services.privacy import (
    cancel_account_erasure,
    change_marketing_consent,
    privacy_settings,
    request_account_erasure,
)
from cleverstore.services.shared import NotFound, ValidationFailed, local_text
from cleverstore.state.base import AppState, Caller, FormFields
from cleverstore.state.guards import signed_in
from cleverstore.state.presenters.privacy import claim_row, contact_row


class PrivacyState(FormFields, AppState):
    marketing: bool = False
    erasure_date: str = ""
    contacts: list[dict[str, str]] = []
    claims: list[dict[str, str]] = []
    loaded: bool = False

    def _refresh(self, caller: Caller) -> None:
        settings = privacy_settings(caller.account_id)
        self.marketing = settings.marketing
        self.erasure_date = local_text(settings.erasure_at, date_only=True)
        heirs = heir_overview(caller.account_id)
        self.contacts = [contact_row(c) for c in heirs.contacts]
        self.claims = [claim_row(c, self.lang) for c in heirs.claims]

    @rx.event
    @signed_in
    def on_load(self, caller: Caller):
        self._refresh(caller)
        self.errors, self.message, self.loaded = {}, "", True
        return None

    @rx.event
    @signed_in
    def set_marketing(self, caller: Caller, consent: bool):
        change_marketing_consent(caller.account_id, consent is True)
        self._refresh(caller)
        self._done("privacy.consent_on" if self.marketing else "privacy.consent_off")
        return None

    @rx.event
    @signed_in
    def add_contact(self, caller: Caller, form: dict):
        try:
            add_heir_contact(caller.account_id, form)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._refresh(caller)
        self._done("privacy.contact_added")
        return None

    @rx.event
    @signed_in
    def remove_contact(self, caller: Caller, contact_id: str):
        try:
            remove_heir_contact(caller.account_id, contact_id)
        except NotFound:
            self.message = self._t("privacy.not_found")
            return None
        self._refresh(caller)
        self._done("privacy.contact_removed")
        return None

    @rx.event
    @signed_in
    def object_to_claim(self, caller: Caller, claim_id: str):
        try:
            object_to_heir_claim(caller.account_id, claim_id)
        except NotFound:
            self.message = self._t("privacy.not_found")
            return None
        self._refresh(caller)
        self._done("privacy.claim_objected")
        return None

    @rx.event
    @signed_in
    async def request_erasure(self, caller: Caller, form: dict):
        try:
            outcome = await asyncio.to_thread(request_account_erasure, caller.account_id, dict(form))
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
    @signed_in
    def cancel_erasure(self, caller: Caller):
        cancel_account_erasure(caller.account_id)
        self._refresh(caller)
        self._done("privacy.erasure_cancelled")
        return None
