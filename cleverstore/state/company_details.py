"""The billing page's company part: the org nr and VAT number on the invoices, the invoice reference
("er referens") the customer sets, and plan prices shown without VAT next to the prices with it."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.i18n import translate
from cleverstore.services.access import Caller
from cleverstore.services.billing import (
    StripeUnavailable,
    company_details,
    excluding_vat,
    plan_offers,
    save_company_details,
)
from cleverstore.services.shared import ValidationFailed
from cleverstore.state.base import AppState, FormFields
from cleverstore.state.guards import signed_in


def _kronor(ore: int, lang: str) -> str:
    """'1 200 kr' / 'SEK 1,200' for whole kronor (plan prices are), else with öre."""
    kronor, rest = divmod(ore, 100)
    if lang == "sv":
        text = f"{kronor:,}".replace(",", "\u00a0") + (f",{rest:02d}" if rest else "")
    else:
        text = f"{kronor:,}" + (f".{rest:02d}" if rest else "")
    return translate("billing.kronor", lang, amount=text)


def company_price(ore: int, lang: str) -> str:
    """'1 200 kr per år exkl. moms (1 500 kr inkl. moms)': what a company compares with its books."""
    return translate("billing.company_price", lang, excl=_kronor(excluding_vat(ore), lang), incl=_kronor(ore, lang))


def company_plan_cards(account_id: int, cards: list[dict]) -> list[dict]:
    """The billing page's plan cards as the caller should read them (a company: prices without VAT too)."""
    if not company_details(account_id).company:
        return cards
    return with_company_prices(cards, {p.code: p.yearly_price_ore for p in plan_offers()}, True)


def with_company_prices(cards: list[dict], prices: dict[str, int | None], company: bool) -> list[dict]:
    """Plan cards for a company customer: each price without VAT first, the price with VAT beside it."""
    if not company:
        return cards
    return [{**card, **{f"price_{lang}": company_price(prices[card["code"]], lang) for lang in ("sv", "en")}}
            if prices.get(card["code"]) is not None else card for card in cards]


class CompanyDetailsState(FormFields, AppState):
    company: bool = False
    org_number: str = ""
    vat_number: str = ""  # the one on the invoices
    vat_entered: str = ""  # what the customer entered ("" = derived from the org nr)
    reference: str = ""
    on_agreement: bool = False  # SuperPro by agreement: the request form is not shown

    def _show(self, details) -> None:
        self.company, self.org_number, self.vat_number = details.company, details.org_number, details.vat_number
        self.vat_entered = details.vat_number if details.vat_entered else ""
        self.reference, self.on_agreement = details.reference, details.on_agreement_plan

    @rx.event
    @signed_in
    async def load(self, caller: Caller):
        self.errors, self.message = {}, ""
        self._show(await asyncio.to_thread(company_details, caller.account_id))
        return None

    @rx.event
    @signed_in
    async def save(self, caller: Caller, form: dict):
        wanted = {"reference": str(form.get("reference") or "")[:200],
                  "vat_number": str(form.get("vat_number") or "")[:40]}
        try:
            details = await asyncio.to_thread(save_company_details, caller.account_id, wanted)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except StripeUnavailable:
            self._fail(ValidationFailed({"reference": "billing.stripe_unavailable"}))
            return None
        self._show(details)
        self._done("billing.company_saved")
        return None
