"""The billing page's plan change (Bas → Plus now, Plus → Bas at the renewal) and the notice's cost.

Every figure is Stripe's (the previews); nothing changes until the customer confirms. Stripe calls run
in a thread. After a change the billing page's own state is filled again (plan, limits, invoices).
"""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.i18n import translate
from cleverstore.services.access import Caller
from cleverstore.services.billing import (
    DowngradeFit,
    StripeUnavailable,
    billing_invoices,
    billing_overview,
    downgrade_fit,
    notice_cost,
    plan_offers,
    schedule_plan_downgrade,
    take_back_plan_downgrade,
    upgrade_plan,
    upgrade_quote,
    waiting_plan_change,
)
from cleverstore.services.shared import ValidationFailed, format_ore
from cleverstore.state.base import AppState
from cleverstore.state.billing import BillingState
from cleverstore.state.guards import signed_in
from cleverstore.state.presenters.billing import count_text, invoice_row, plan_card, size_text


def _vat(amount_ore: int) -> int:
    return round(amount_ore * 25 / 125)


def too_big_lines(fit: DowngradeFit, lang: str) -> list[str]:
    """What to remove before the register fits the smaller plan."""
    lines = []
    if fit.objects_over:
        lines.append(translate("plan_change.remove_objects", lang, count=count_text(fit.objects_over, lang),
                               have=count_text(fit.objects, lang), plan=fit.plan_name,
                               max=count_text(fit.max_objects or 0, lang)))
    if fit.bytes_over:
        lines.append(translate("plan_change.remove_storage", lang, size=size_text(fit.bytes_over, lang),
                               have=size_text(fit.stored_bytes, lang), plan=fit.plan_name,
                               max=size_text(fit.max_stored_bytes or 0, lang)))
    return lines


class PlanChangeState(AppState):
    offers: list[dict[str, str | bool | list[str]]] = []  # the other card plans, with "direction" up/down
    current_plan: str = ""
    waiting: str = ""  # "Byter till Bas den 2027-12-07."
    quote_plan: str = ""  # the larger plan being previewed
    quote_text: str = ""
    quote_button: str = ""
    down_plan: str = ""  # the smaller plan being considered
    down_text: str = ""
    down_button: str = ""
    down_fits: bool = False
    remove_lines: list[str] = []
    notice_ends: str = ""
    notice_invoice: str = ""
    message: str = ""
    error: str = ""
    _proration_date: int = 0  # Stripe's moment of the quote, kept on the server

    def _clear(self) -> None:
        self.quote_plan = self.quote_text = self.quote_button = ""
        self.down_plan = self.down_text = self.down_button = ""
        self.down_fits, self.remove_lines, self._proration_date = False, [], 0

    def _fill(self, account_id: int) -> None:
        waiting = waiting_plan_change(account_id)
        offers = [p for p in plan_offers() if p.buyable]
        overview = billing_overview(account_id)
        mine = next((p for p in offers if p.code == overview.plan_code), None) if overview.subscribed else None
        self.current_plan = mine.name if mine else ""
        directions = {} if mine is None or overview.invoice_terms else {
            p.code: "up" if (p.yearly_price_ore or 0) > (mine.yearly_price_ore or 0) else "down"
            for p in offers if p.code != mine.code}
        # a smaller plan is offered only for a renewal that comes and is not already changed
        self.offers = [self._offer(p, directions[p.code]) for p in offers if p.code in directions
                       and (directions[p.code] == "up" or (waiting is None and overview.cancel_at is None))]
        self.waiting = self._t("plan_change.waiting", plan=waiting.plan_name,
                               date=waiting.on.isoformat() if waiting.on else "") if waiting else ""

    def _offer(self, plan, direction: str) -> dict:
        """A plan card (texts in both languages) with the change it offers."""
        key = "plan_change.upgrade" if direction == "up" else "plan_change.downgrade"
        return plan_card(plan) | {"direction": direction, "label": self._t(key, plan=plan.name)}

    def _failed(self, failed: ValidationFailed) -> None:
        self.error = self._t(next(iter(failed.errors.values())))

    async def _refresh_billing(self, account_id: int) -> None:
        billing = await self.get_state(BillingState)
        billing._fill(account_id)
        try:
            lines = await asyncio.to_thread(billing_invoices, account_id)
            billing.invoices = [invoice_row(line, self.lang) for line in lines]
        except StripeUnavailable:
            pass

    @rx.event
    @signed_in
    def load(self, caller: Caller):
        self.message = self.error = ""
        self._clear()
        self._fill(caller.account_id)

    # -- up, now ----------------------------------------------------------------------------------
    @rx.event
    @signed_in
    async def preview_upgrade(self, caller: Caller, code: str):
        self._clear()
        self.message = self.error = ""
        try:
            quote = await asyncio.to_thread(upgrade_quote, caller.account_id, str(code))
        except ValidationFailed as failed:
            return self._failed(failed)
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
            return None
        offer = next((p for p in plan_offers() if p.code == quote.plan_code), None)
        amount = format_ore(quote.amount_ore, self.lang)
        self.quote_plan, self._proration_date = quote.plan_code, quote.proration_date
        self.quote_text = self._t("plan_change.upgrade_quote", plan=quote.plan_name, amount=amount,
                                  vat=format_ore(_vat(quote.amount_ore), self.lang), date=quote.period_end.isoformat(),
                                  yearly=format_ore(offer.yearly_price_ore if offer else 0, self.lang))
        self.quote_button = self._t("plan_change.upgrade_confirm", amount=amount)
        return None

    @rx.event
    @signed_in
    async def confirm_upgrade(self, caller: Caller):
        if not self.quote_plan:
            return None
        code, at = self.quote_plan, self._proration_date
        self.quote_plan = ""  # a second click finds nothing to confirm
        try:
            await asyncio.to_thread(upgrade_plan, caller.account_id, code, at)
        except ValidationFailed as failed:
            self._clear()
            return self._failed(failed)
        except StripeUnavailable:
            self._clear()
            self.error = self._t("billing.stripe_unavailable")
            return None
        self._clear()
        self._fill(caller.account_id)
        await self._refresh_billing(caller.account_id)
        self.message = self._t("plan_change.upgraded", plan=self.current_plan)
        return None

    # -- down, at the renewal --------------------------------------------------------------------------
    @rx.event
    @signed_in
    def consider_downgrade(self, caller: Caller, code: str):
        self._clear()
        self.message = self.error = ""
        try:
            fit = downgrade_fit(caller.account_id, str(code))
        except ValidationFailed as failed:
            return self._failed(failed)
        offer = next((p for p in plan_offers() if p.code == fit.plan_code), None)
        day = fit.renewal.isoformat() if fit.renewal else ""
        self.down_plan, self.down_fits = fit.plan_code, fit.fits
        if fit.fits:
            self.down_text = self._t("plan_change.downgrade_lead", current=self.current_plan, plan=fit.plan_name,
                                     date=day, yearly=format_ore(offer.yearly_price_ore if offer else 0, self.lang))
            self.down_button = self._t("plan_change.downgrade_confirm", plan=fit.plan_name, date=day)
        else:
            self.down_text = self._t("plan_change.too_big_lead", plan=fit.plan_name)
            self.remove_lines = too_big_lines(fit, self.lang)
        return None

    @rx.event
    @signed_in
    async def confirm_downgrade(self, caller: Caller):
        if not self.down_plan or not self.down_fits:
            return None
        code = self.down_plan
        self._clear()
        try:
            on = await asyncio.to_thread(schedule_plan_downgrade, caller.account_id, code)
        except ValidationFailed as failed:
            return self._failed(failed)
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
            return None
        self._fill(caller.account_id)
        name = next((o["name"] for o in self.offers if o["code"] == code), code)
        self.message = self._t("plan_change.downgrade_ordered", plan=name, date=on.isoformat() if on else "")
        return None

    @rx.event
    @signed_in
    async def take_back(self, caller: Caller):
        self.message = self.error = ""
        try:
            await asyncio.to_thread(take_back_plan_downgrade, caller.account_id)
        except ValidationFailed as failed:
            return self._failed(failed)
        except StripeUnavailable:
            self.error = self._t("billing.stripe_unavailable")
            return None
        self._fill(caller.account_id)
        self.message = self._t("plan_change.taken_back")
        return None

    @rx.event
    def keep_plan(self):
        self._clear()

    # -- the notice's cost -----------------------------------------------------------------------------
    @rx.event
    @signed_in
    async def preview_notice(self, caller: Caller):
        """The billing page's "Säg upp": the end date and Stripe's last invoice, before confirming."""
        billing = await self.get_state(BillingState)
        billing.error = billing.message = ""
        try:
            terms = await asyncio.to_thread(notice_cost, caller.account_id)
        except ValidationFailed as failed:
            billing.error = self._t(next(iter(failed.errors.values())))
            return None
        except StripeUnavailable:
            billing.error = self._t("billing.stripe_unavailable")
            return None
        last = terms.last_invoice
        self.notice_ends = terms.ends.date().isoformat()
        self.notice_invoice = self._t("plan_change.notice_no_invoice") if last is None else self._t(
            "plan_change.notice_last_invoice", amount=format_ore(last.amount_ore, self.lang),
            vat=format_ore(_vat(last.amount_ore), self.lang), start=last.period_start.isoformat(),
            end=last.period_end.isoformat())
        billing.cancel_preview = self.notice_ends
        return None
