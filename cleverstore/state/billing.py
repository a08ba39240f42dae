"""The billing page: plans before paying, the lock and how to pay, invoices, card, notice of termination.

Stripe calls run in a thread (`asyncio.to_thread`) so the event loop never waits on the network.
"""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.billing import (
    StripeUnavailable,
    billing_invoices,
    billing_overview,
    billing_portal_address,
    cancellation_preview_date,
    confirm_checkout,
    plan_usage,
    request_subscription_cancellation,
    submit_superpro_request,
    withdraw_subscription_cancellation,
)
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.auth import PLAN_WISH_KEY
from cleverstore.state.base import AppState
from cleverstore.state.company_details import company_plan_cards
from cleverstore.state.guards import signed_in
from cleverstore.state.plans import plan_cards
from cleverstore.state.presenters.billing import card_label, invoice_row, usage_lines


class BillingState(AppState):
    loaded: bool = False
    plans: list[dict[str, str | bool | list[str]]] = []
    subscribed: bool = False  # a live subscription exists
    register_open: bool = False
    locked: bool = False  # had a subscription, now without access
    status: str = ""
    plan_name: str = ""
    period_end: str = ""
    cancel_at: str = ""
    card: str = ""
    card_warning: bool = False
    invoice_terms: bool = False
    invoices: list[dict[str, str]] = []
    open_invoice_url: str = ""
    cancel_preview: str = ""
    message: str = ""
    error: str = ""
    superpro_errors: dict[str, str] = {}
    superpro_sent: bool = False
    plan_wish: str = rx.LocalStorage("", name=PLAN_WISH_KEY)  # chosen on the landing page before sign-up
    chosen_plan: str = ""
    usage: list[str] = []  # "Du använder 812 av 1 000 föremål", the storage likewise

    def _fill(self, account_id: int) -> None:
        overview = billing_overview(account_id)
        self.register_open = overview.register_open
        self.subscribed = overview.subscribed
        self.locked = overview.locked
        self.status = self._t(f"billing.status.{overview.status}") if overview.has_subscription else ""
        names = {p["code"]: p["name"] for p in self.plans}
        self.plan_name = names.get(overview.plan_code, "")
        # never "Perioden löper till …" next to a failed payment: it reads as paid (the lock notice says what failed)
        owing = overview.status in ("past_due", "unpaid")
        self.period_end = overview.period_end.isoformat() if overview.period_end and not owing else ""
        self.cancel_at = overview.cancel_at.isoformat() if overview.cancel_at else ""
        self.card = card_label(overview)
        self.card_warning = overview.card_warning
        self.invoice_terms = overview.invoice_terms
        self.usage = usage_lines(plan_usage(account_id), self.lang) if overview.subscribed else []

    def _first_error(self, failed: ValidationFailed) -> None:
        self.error = self._t(next(iter(failed.errors.values())))

    @rx.event
    @signed_in
    async def on_load(self, caller: Caller):
        self.message = self.error = self.cancel_preview = ""
        self.superpro_errors, self.superpro_sent = {}, False
        self.plans = await asyncio.to_thread(plan_cards)
        self.plans = await asyncio.to_thread(company_plan_cards, caller.account_id, self.plans)  # prices excl. VAT
        codes = {str(p["code"]) for p in self.plans}
        self.chosen_plan = self.plan_wish if self.plan_wish in codes else ""
        self._fill(caller.account_id)
        try:
            lines = await asyncio.to_thread(billing_invoices, caller.account_id)
        except StripeUnavailable:
            lines, self.error = [], self._t("billing.stripe_unavailable")
        self.invoices = [invoice_row(line, self.lang) for line in lines]
        self.open_invoice_url = next((i.hosted_url for i in lines if i.status == "open"), "")
        self.loaded = True
        return None

    @rx.event
    @signed_in
    async def open_portal(self, caller: Caller):
        try:
            url = await asyncio.to_thread(billing_portal_address, caller.account_id)
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
            return None
        return rx.redirect(url)

    @rx.event
    @signed_in
    def preview_cancel(self, caller: Caller):
        try:
            self.cancel_preview = cancellation_preview_date(caller.account_id).isoformat()
        except ValidationFailed as failed:
            self._first_error(failed)
        return None

    @rx.event
    def keep_subscription(self):
        self.cancel_preview = ""

    async def _change_cancellation(self, withdraw: bool):
        caller = self._require_account()
        if caller is None:
            return self._to_login()
        change = withdraw_subscription_cancellation if withdraw else request_subscription_cancellation
        self.error = self.message = ""
        try:
            await asyncio.to_thread(change, caller.account_id)
        except ValidationFailed as failed:
            self._first_error(failed)
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
        self.cancel_preview = ""
        self._fill(caller.account_id)
        if not self.error:
            self.message = self._t("billing.cancel_withdrawn" if withdraw else "billing.cancel_confirmed",
                                   date=self.cancel_at)
        return None

    @rx.event
    async def confirm_cancel(self):
        return await self._change_cancellation(withdraw=False)

    @rx.event
    async def withdraw_cancel(self):
        return await self._change_cancellation(withdraw=True)

    @rx.event
    @signed_in
    def request_superpro(self, caller: Caller, form: dict):
        try:
            submit_superpro_request(caller.account_id, form)
        except ValidationFailed as failed:
            self.superpro_errors = self._messages(failed)
            return None
        self.superpro_errors, self.superpro_sent = {}, True
        return None


class CheckoutReturnState(AppState):
    """/billing/success: shows "payment received" as soon as Stripe says so (same sync as the webhook)."""

    loaded: bool = False
    confirmed: bool = False

    @rx.event
    @signed_in
    async def on_load(self, caller: Caller):
        session_id = str(self.router.url.query_parameters.get("session_id", ""))[:200]
        try:
            self.confirmed = await asyncio.to_thread(confirm_checkout, caller.account_id, session_id)
        except StripeUnavailable:
            self.confirmed = False
        self.loaded = True
        return None

    @rx.event
    async def check_again(self):
        return await self.on_load()
