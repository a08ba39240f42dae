"""The billing page: plans before paying, the lock and how to pay, invoices, card, notice of termination.

Stripe calls run in a thread (`asyncio.to_thread`) so the event loop never waits on the network.
"""
from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx
import stripe

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services.billing import payments as service
from cleverstore.services.billing import rules, superpro
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.money import format_ore
from cleverstore.state.base import AppState
from cleverstore.state.plans import plan_cards


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

    def _fill(self, account_id: int) -> None:
        with session_scope() as db:
            row = rules.billing_row(db, account_id)
            self.register_open = rules.register_open(db, account_id)
            self.subscribed = rules.has_live_subscription(row)
            self.locked = row is not None and row.subscription_id is not None and not self.register_open
            self.status = self._t(f"billing.status.{row.status}") if row and row.subscription_id else ""
            names = {p["code"]: p["name"] for p in self.plans}
            self.plan_name = names.get(row.plan_code or "", "") if row else ""
            self.period_end = row.current_period_end.date().isoformat() if row and row.current_period_end else ""
            self.cancel_at = row.cancel_at.date().isoformat() if row and row.cancel_at else ""
            self.card = f"{row.card_brand.capitalize()} •••• {row.card_last4} ({row.card_exp_month:02d}/{row.card_exp_year})" \
                if row and row.card_last4 else ""
            self.card_warning = rules.card_expires_soon(row, date.today())
            self.invoice_terms = bool(row and row.collection_method == "send_invoice")

    def _load_invoices(self, account_id: int) -> list[service.InvoiceLine]:
        with session_scope() as db:
            return service.invoices(db, stripe_client(), account_id)

    @rx.event
    async def on_load(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        self.message = self.error = self.cancel_preview = ""
        self.superpro_errors, self.superpro_sent = {}, False
        self.plans = await asyncio.to_thread(plan_cards)
        self._fill(caller.account_id)
        try:
            lines = await asyncio.to_thread(self._load_invoices, caller.account_id)
        except stripe.StripeError:
            lines, self.error = [], self._t("billing.stripe_unavailable")
        self.invoices = [{"number": i.number, "date": i.created.date().isoformat(),
                          "amount": format_ore(i.amount_ore, self.lang),
                          "status": self._t(f"billing.invoice_status.{i.status}"), "open": "1" if i.status == "open" else "",
                          "hosted_url": i.hosted_url, "pdf_url": i.pdf_url} for i in lines]
        self.open_invoice_url = next((i.hosted_url for i in lines if i.status == "open"), "")
        self.loaded = True
        return None

    @rx.event
    async def choose_plan(self, code: str):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")

        def start() -> str:
            with session_scope() as db:
                return service.start_checkout(db, stripe_client(), caller.account_id, str(code)[:30],
                                              get_settings().base_url)
        try:
            url = await asyncio.to_thread(start)
        except ValidationFailed as exc:
            self.error = self._t(next(iter(exc.errors.values())))
            return None
        except stripe.StripeError:
            self.error = self._t("billing.stripe_unavailable")
            return None
        return rx.redirect(url)

    @rx.event
    async def open_portal(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")

        def portal() -> str:
            with session_scope() as db:
                return service.portal_url(db, stripe_client(), caller.account_id, get_settings().base_url + "/billing")
        try:
            url = await asyncio.to_thread(portal)
        except stripe.StripeError:
            self.error = self._t("billing.stripe_unavailable")
            return None
        return rx.redirect(url)

    @rx.event
    def preview_cancel(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with session_scope() as db:
            try:
                self.cancel_preview = service.cancellation_preview(db, caller.account_id).date().isoformat()
            except ValidationFailed as exc:
                self.error = self._t(next(iter(exc.errors.values())))
        return None

    @rx.event
    def keep_subscription(self):
        self.cancel_preview = ""

    async def _change_cancellation(self, withdraw: bool):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")

        def change() -> None:
            with session_scope() as db:
                if withdraw:
                    service.withdraw_cancellation(db, stripe_client(), caller.account_id)
                else:
                    service.request_cancellation(db, stripe_client(), caller.account_id)
        self.error = self.message = ""
        try:
            await asyncio.to_thread(change)
        except ValidationFailed as exc:
            self.error = self._t(next(iter(exc.errors.values())))
        except stripe.StripeError:
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
    def request_superpro(self, form: dict):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        form = form if isinstance(form, dict) else {}
        try:
            with session_scope() as db:
                superpro.submit_request(db, caller.account_id, form)
        except ValidationFailed as exc:
            self.superpro_errors = {k: self._t(v) for k, v in exc.errors.items()}
            return None
        self.superpro_errors, self.superpro_sent = {}, True
        return None


class CheckoutReturnState(AppState):
    """/billing/success: shows "payment received" as soon as Stripe says so (same sync as the webhook)."""

    loaded: bool = False
    confirmed: bool = False

    @rx.event
    async def on_load(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        session_id = str(self.router.url.query_parameters.get("session_id", ""))[:200]

        def sync() -> bool:
            with session_scope() as db:
                if rules.register_open(db, caller.account_id):
                    return True
                return service.sync_after_redirect(db, stripe_client(), caller.account_id, session_id)
        try:
            self.confirmed = await asyncio.to_thread(sync)
        except stripe.StripeError:
            self.confirmed = False
        self.loaded = True
        return None

    @rx.event
    async def check_again(self):
        return await self.on_load()
