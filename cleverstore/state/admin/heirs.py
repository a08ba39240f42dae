"""Admin: heir claims, decided by two different administrators; and misuse signals of devices."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.admin import misuse_signals
from cleverstore.services.heirs import (
    approve_heir_claim,
    open_heir_claims,
    propose_heir_claim,
    reject_heir_claim,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.guards import as_admin
from cleverstore.state.presenters.admin import (
    claim_document_rows,
    heir_claim_rows,
    misuse_signal_rows,
)

_DECISIONS = {"propose": propose_heir_claim, "approve": approve_heir_claim, "reject": reject_heir_claim}


class AdminHeirsState(AdminBase):
    claims: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    signals: list[dict[str, str]] = []

    def _refresh(self, admin_id: int) -> None:
        waiting = open_heir_claims(admin_id)
        self.claims = heir_claim_rows(waiting.claims, admin_id, self.lang)
        self.documents = claim_document_rows(waiting.documents)
        self.signals = misuse_signal_rows(misuse_signals(), self.lang)

    @rx.event
    @as_admin("heir_claims")
    def on_load(self, admin_id: int):
        self.errors, self.message = {}, ""
        self._refresh(admin_id)
        self.loaded = True
        return None

    def _decide(self, action: str, claim_id: str, *note: str):
        admin_id = self._require_admin(f"heir_{action}")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            _DECISIONS[action](admin_id, claim_id, *note)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except NotFound:
            return None
        self._refresh(admin_id)
        self._done(f"admin.heir_{action}_done", clear_form=False)
        return None

    @rx.event
    def propose(self, form: dict):
        return self._decide("propose", str(form.get("claim_id") or ""), str(form.get("note") or ""))

    @rx.event
    def approve(self, claim_id: str):
        return self._decide("approve", claim_id)

    @rx.event
    def reject(self, form: dict):
        return self._decide("reject", str(form.get("claim_id") or ""), str(form.get("note") or ""))
