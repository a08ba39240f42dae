"""The billing page's part for the 14-day right of withdrawal: the consent before Checkout, and within
the 14 days "Ångra köpet" with the refund explained, confirmed in a second step.

A substate of `BillingState`: it shares the page's message, error and subscription facts, and fills
them again after a withdrawal (the register is then locked, the plans are offered again).
"""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.billing import (
    StripeUnavailable,
    start_plan_checkout,
    withdraw_purchase,
    withdrawal_status,
)
from cleverstore.services.shared import ValidationFailed, format_ore
from cleverstore.state.billing import BillingState
from cleverstore.state.guards import signed_in


class WithdrawalState(BillingState):
    consent_needed: bool = True  # a private customer: Checkout only after the box is ticked
    service_consent: bool = False
    consent_missing: bool = False  # "Välj" was pressed without the box ticked
    lead: str = ""  # "Abonnemanget började … du kan ångra köpet till och med …"; "" when no right applies
    explained: str = ""  # the refund: paid, days used, what they cost, what comes back
    confirm_label: str = ""
    confirming: bool = False

    def _show(self, offer) -> None:
        if offer is None:
            self.lead = self.explained = self.confirm_label = ""
            return
        money = {name: format_ore(getattr(offer, f"{name}_ore"), self.lang) for name in ("paid", "used", "refund")}
        self.lead = self._t("billing.withdrawal_lead", started=offer.started.isoformat(),
                            last_day=offer.last_day.isoformat())
        self.explained = self._t("billing.withdrawal_sum", days=offer.days_used, period_days=offer.period_days,
                                 **money)
        self.confirm_label = self._t("billing.withdrawal_confirm", refund=money["refund"])

    @rx.event
    @signed_in
    async def load(self, caller: Caller):
        self.confirming = self.consent_missing = False
        try:
            status = await asyncio.to_thread(withdrawal_status, caller.account_id)
        except StripeUnavailable:
            self._show(None)  # the page already says Stripe cannot be reached (the invoices)
            return None
        self.consent_needed = status.consent_needed
        self._show(status.offer)
        return None

    @rx.event
    def set_service_consent(self, checked: bool):
        self.service_consent = bool(checked)
        self.consent_missing = False

    @rx.event
    @signed_in
    async def choose_plan_with_consent(self, caller: Caller, code: str):
        """Checkout for a plan; the service checks the consent again (the box is only the page's part)."""
        self.error = self.message = ""
        try:
            url = await asyncio.to_thread(start_plan_checkout, caller.account_id, str(code), self.service_consent)
        except ValidationFailed as failed:
            self.consent_missing = "consent" in failed.errors
            self._first_error(failed)
            return None
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
            return None
        return rx.redirect(url)

    @rx.event
    def ask_to_withdraw(self):
        self.confirming = True

    @rx.event
    def keep_purchase(self):
        self.confirming = False

    @rx.event
    @signed_in
    async def confirm_withdrawal(self, caller: Caller):
        self.error = self.message = ""
        try:
            refund = await asyncio.to_thread(withdraw_purchase, caller.account_id)
        except ValidationFailed as failed:
            self._first_error(failed)
            refund = None
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
            refund = None
        self.confirming = False
        self._fill(caller.account_id)
        if refund is not None:
            self.message = self._t("billing.withdrawal_done", refund=format_ore(refund, self.lang))
            self._show(None)
        return None
