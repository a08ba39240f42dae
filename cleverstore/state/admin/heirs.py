"""Admin: heir claims (T15), decided by two different administrators; and misuse signals (T16)."""
from __future__ import annotations

import reflex as rx
from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Account, ClaimDocument
from cleverstore.services.accounts import devices
from cleverstore.services.heirs import claims as legacy
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.timefmt import local_text
from cleverstore.state.admin.base import AdminBase


class AdminHeirsState(AdminBase):
    claims: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    signals: list[dict[str, str]] = []

    def _refresh(self, admin_id: int) -> None:
        with session_scope() as db:
            claims = legacy.open_claims(db, admin_id)
            owners = {a.id: a for a in db.exec(select(Account).where(Account.id.in_([c.account_id for c in claims])))}
            self.claims = [{
                "id": str(c.id), "reference": c.reference, "owner": f"{owners[c.account_id].name} "
                f"({owners[c.account_id].customer_number})", "claimant": f"{c.claimant_name} <{c.claimant_email}>",
                "reason": self._t(f"admin.heir_reason_{c.reason}"), "status": c.status, "message": c.message,
                "created": local_text(c.created_at),
                "proposed_by_me": "yes" if c.proposed_by == admin_id else "",
            } for c in claims]
            documents = db.exec(select(ClaimDocument).where(ClaimDocument.claim_id.in_([c.id for c in claims]))).all()
            self.documents = [{"claim_id": str(d.claim_id), "id": str(d.id), "kind": d.kind, "name": d.filename,
                               "url": f"/admin/heir-document/{d.id}"} for d in documents]
            self.signals = [{"kind": self._t(f"admin.signal_{s.kind}"), "key": s.key, "count": str(s.count)}
                            for s in devices.misuse_signals(db)]

    @rx.event
    def on_load(self):
        admin_id = self._require_admin("heir_claims")
        if admin_id is None:
            return rx.redirect("/admin/login")
        self.errors, self.message = {}, ""
        self._refresh(admin_id)
        self.loaded = True
        return None

    def _decide(self, action: str, claim_id: str, note: str = ""):
        admin_id = self._require_admin(f"heir_{action}")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            wanted = int(str(claim_id))
            with session_scope() as db:
                if action == "propose":
                    legacy.propose(db, admin_id, wanted, note[:500])
                elif action == "approve":
                    legacy.approve(db, admin_id, wanted)
                else:
                    legacy.reject(db, admin_id, wanted, note[:500])
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except (NotFound, ValueError):
            return None
        self._refresh(admin_id)
        self._done(f"admin.heir_{action}_done")
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
