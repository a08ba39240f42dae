"""Admin: SuperPro requests, invoice terms and the plan catalogue's yearly prices (price adjustment)."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.billing import (
    StripeUnavailable,
    agreements_overview,
    mark_superpro_request_handled,
    publish_yearly_price,
    put_customer_on_invoice_terms,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.guards import as_admin
from cleverstore.state.presenters.admin import plan_price_rows, superpro_request_rows


class AdminAgreementsState(AdminBase):
    requests: list[dict[str, str]] = []
    plans: list[dict[str, str]] = []
    answered: str = ""  # the form the message answers ("request", "terms", "price"): shown beside it

    def _refresh(self) -> None:
        overview = agreements_overview()
        self.requests = superpro_request_rows(overview.requests)
        self.plans = plan_price_rows(overview.plans, self.lang)

    @rx.event
    @as_admin("agreements")
    def on_load(self, admin_id: int):
        self.errors, self.message, self.answered = {}, "", ""
        self._refresh()
        self.loaded = True
        return None

    @rx.event
    @as_admin("superpro_handled")
    def mark_handled(self, admin_id: int, request_id: str):
        try:
            mark_superpro_request_handled(admin_id, request_id)
        except NotFound:
            return None
        self._refresh()
        self.answered = "request"
        self._done("admin.superpro_handled", clear_form=False)
        return None

    @rx.event
    @as_admin("invoice_terms")
    async def set_invoice_terms(self, admin_id: int, form: dict):
        self.answered = "terms"
        try:
            number = await asyncio.to_thread(put_customer_on_invoice_terms, admin_id, dict(form))
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except StripeUnavailable:
            self._fail(ValidationFailed({"plan": "billing.stripe_unavailable"}))  # shown under the plan select
            return None
        names = {p["code"]: p["name"] for p in self.plans}
        self._done("admin.agreement_done", number=number, plan=names.get(str(form.get("plan")), ""),
                   days=str(form.get("days_until_due") or "").strip())
        return None

    @rx.event
    @as_admin("price_change")
    async def publish_price(self, admin_id: int, form: dict):
        self.answered = "price"
        try:
            moved = await asyncio.to_thread(publish_yearly_price, admin_id, dict(form))
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except StripeUnavailable:
            self._fail(ValidationFailed({"plan": "billing.stripe_unavailable"}))  # shown under the plan select
            return None
        self._refresh()
        self._done("admin.price_done", count=moved)
        return None
