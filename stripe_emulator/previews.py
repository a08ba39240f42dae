"""Invoice previews (`POST /v1/invoices/create_preview`) and prorations on a price change.

A part of `Store` (see store.py). The preview answers with the same figure the emulator charges later:
the renewal's amount (the prorated tail up to a `cancel_at` in the next period, as `renewals._renew`
makes it; the price a subscription schedule switches to at the renewal) and, for a price change with
`proration_behavior=always_invoice`, the proration invoice `update_subscription` makes: Stripe's two
lines, the unused time on the old price credited and the remaining time on the new price charged,
each rounded to the öre, over the seconds left of the period from `proration_date`.
"""
from __future__ import annotations

import time

from stripe_emulator import objects as o
from stripe_emulator.forms import BadRequest, CardDeclined, NotFound, as_list, choice, integer, required
from stripe_emulator.renewals import YEAR_SECONDS

BEHAVIOURS = ("always_invoice", "create_prorations", "none")
PAYMENT_BEHAVIOURS = ("allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete")


class NoUpcomingInvoice(NotFound):
    """404 `invoice_upcoming_none`: the subscription makes no further invoice (it ends first)."""

    code = "invoice_upcoming_none"

    def __init__(self, customer: str):
        Exception.__init__(self, f"No upcoming invoices for customer: {customer}")
        self.param = None


def _day(ts: int) -> str:
    return time.strftime("%d %b %Y", time.gmtime(ts))


class Previews:
    """The preview and proration rules of `Store` (it provides the records, `now`, `_invoice_for`)."""

    # -- prorations ---------------------------------------------------------------
    def proration_moment(self, sub: dict, params: dict) -> int:
        """`proration_date` (default now), which Stripe takes only inside the current period."""
        item = sub["item"]
        at = integer(params, "proration_date", self.now())
        if not item["current_period_start"] <= at < item["current_period_end"]:
            raise BadRequest("Invalid proration_date: must be within the subscription's current billing period.",
                             "proration_date")
        return at

    def proration_lines(self, sub: dict, new_price: dict, at: int) -> list[dict]:
        """The two proration lines of a price change at `at` (read before the price changes)."""
        item = sub["item"]
        start, end = item["current_period_start"], item["current_period_end"]
        old = item["price"]
        left, length = end - at, end - start
        names = {p: self.prices.get(p, {}).get("_name", "") for p in (old["id"], new_price["id"])}
        return [
            {"amount": -round(old["unit_amount"] * left / length), "price": old,
             "description": f"Unused time on {names[old['id']]} after {_day(at)}", "start": at, "end": end},
            {"amount": round(new_price["unit_amount"] * left / length), "price": new_price,
             "description": f"Remaining time on {names[new_price['id']]} after {_day(at)}", "start": at, "end": end},
        ]

    def invoice_prorations(self, sub: dict, lines: list[dict], strict: bool = False) -> list[tuple[str, dict]]:
        """`always_invoice`: the proration lines invoiced and charged at once (before the update is stored).
        `strict` (payment_behavior=error_if_incomplete): a refused card voids the invoice and raises
        CardDeclined, so the update is not applied, as Stripe answers 402."""
        new = lines[-1]["price"]
        invoice = self._invoice_for(sub, "subscription_update", sum(line["amount"] for line in lines))
        invoice.update(period_start=lines[0]["start"], period_end=lines[0]["start"], price=new["id"],
                       product=new["product"], description=self.prices.get(new["id"], {}).get("_name", ""))
        invoice["_lines"] = [_proration_line(invoice, line, n) for n, line in enumerate(lines)]
        events = [("invoice.finalized", o.invoice(invoice))]
        if sub["collection_method"] == "charge_automatically" and strict:
            if not self._charge(invoice, sub["default_payment_method"]):
                invoice.update(status="void", next_payment_attempt=None)
                raise CardDeclined(events + [("invoice.payment_failed", o.invoice(invoice))])
            events.append(("invoice.paid", o.invoice(invoice)))
        elif sub["collection_method"] == "charge_automatically":
            events += self._attempt(sub, invoice)
        sub["latest_invoice"] = invoice["id"]
        return events

    # -- the preview ---------------------------------------------------------------
    def create_preview(self, params: dict) -> dict:
        sub = self.subscription(required(params, "subscription"))
        if params.get("customer") and params["customer"] != sub["customer"]:
            raise BadRequest("The subscription does not belong to the customer.", "customer")
        details = params.get("subscription_details") or {}
        if not isinstance(details, dict):
            raise BadRequest("Invalid subscription_details: must be a hash.", "subscription_details")
        behaviour = choice(details, "proration_behavior", BEHAVIOURS, "create_prorations")
        cancel_at = sub["cancel_at"]
        if "cancel_at" in details:
            cancel_at = integer(details, "cancel_at")
            if cancel_at is not None and cancel_at <= self.now():
                raise BadRequest("Invalid cancel_at: must be a timestamp in the future.", "subscription_details[cancel_at]")
        if sub["status"] == "canceled":
            raise NoUpcomingInvoice(sub["customer"])
        items = as_list(details.get("items"))
        price = sub["item"]["price"]
        lines: list[dict] = []
        if items:
            if items[0].get("id") != sub["item"]["id"]:
                raise NotFound("subscription_item", str(items[0].get("id")), "subscription_details[items][0][id]")
            new = self.public(self.price(str(items[0].get("price", "")), "subscription_details[items][0][price]"))
            if new["id"] != price["id"] and behaviour != "none":
                lines = self.proration_lines(sub, new, self.proration_moment(sub, details))
            price = new
        if lines and behaviour == "always_invoice":
            return self._preview(sub, "subscription_update", lines, lines[0]["start"], lines[0]["start"])
        return self._preview(sub, "subscription_cycle", lines + self._next_cycle(sub, price, cancel_at), None, None)

    def _next_cycle(self, sub: dict, price: dict, cancel_at: int | None) -> list[dict]:
        """The renewal's line, as `_renew` will make it (a schedule's next price, a prorated tail)."""
        start = sub["item"]["current_period_end"]
        if cancel_at is not None and cancel_at <= start:
            raise NoUpcomingInvoice(sub["customer"])
        price = self.price_at_renewal(sub, start) or price
        end = start + YEAR_SECONDS
        amount = price["unit_amount"]
        if cancel_at is not None and cancel_at < end:
            end = cancel_at
            amount = round(price["unit_amount"] * (end - start) / YEAR_SECONDS)
        return [{"amount": amount, "price": price, "description": f"1 × {self.prices.get(price['id'], {}).get('_name', '')}",
                 "start": start, "end": end, "cycle": True}]

    def _preview(self, sub: dict, reason: str, lines: list[dict], start: int | None, end: int | None) -> dict:
        record = self._invoice_for(sub, reason, sum(line["amount"] for line in lines))
        del self.invoices[record["id"]]  # a preview is never stored
        cycle = [line for line in lines if line.get("cycle")]
        record.update(id="upcoming_" + record["id"], status="draft", number=None, hosted_invoice_url=None,
                      invoice_pdf=None, period_start=start if start is not None else cycle[0]["start"],
                      period_end=end if end is not None else cycle[0]["start"], price=lines[-1]["price"]["id"],
                      product=lines[-1]["price"]["product"])
        record["_lines"] = [_proration_line(record, line, n) for n, line in enumerate(lines)]
        shown = o.invoice(record)
        shown["auto_advance"] = False
        shown["status_transitions"]["finalized_at"] = None
        shown["webhooks_delivered_at"] = None
        return shown


def _proration_line(invoice: dict, line: dict, index: int) -> dict:
    """One invoice line in Stripe's shape (`proration` true except for a renewal's own line)."""
    shown = o._line(invoice | {"amount": line["amount"], "description": line["description"],
                                "period_start": line["start"], "period_end": line["end"],
                                "price": line["price"]["id"], "product": line["price"]["product"]})
    shown["id"] = f"il_{invoice['id'].rsplit('_', 1)[-1]}{index}"
    details = shown["parent"]["subscription_item_details"]
    if not line.get("cycle"):
        details["proration"] = True
        details["proration_details"] = {"credited_items": None}
    return shown
