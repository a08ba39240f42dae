"""Invoices, payment tries and the movable clock: renewals, Stripe's retry schedule for failed payments,
due dates and ends. A part of `Store` (see store.py), kept apart so that each module stays readable."""
from __future__ import annotations

from stripe_emulator import customer_details
from stripe_emulator import objects as o
from stripe_emulator.forms import BadRequest, CardDeclined, NotFound, choice

YEAR_SECONDS = 365 * 24 * 3600
DAY_SECONDS = 24 * 3600

# Failed renewals. Stripe's default for subscriptions is Smart Retries with "8 tries within 2 weeks"
# (docs.stripe.com/billing/revenue-recovery/smart-retries: "The recommended default is 8 tries within
# 2 weeks"; Smart Retries is enabled by default for new accounts). Smart Retries picks its moments by
# machine learning; the emulator spreads the 7 retries after the first failed try over the 14 days,
# counted from that first failure. A custom schedule (Dashboard: e.g. 3, 5, 7 days) is a Store setting.
SMART_RETRY_DAYS: tuple[int, ...] = (1, 3, 5, 7, 9, 11, 14)
# What happens to the subscription after the last try: the Dashboard's Billing > Revenue recovery >
# Retries choice "If all retries for a payment fail": cancel (Stripe's default), mark unpaid, leave past due.
AFTER_RETRIES = ("cancel", "unpaid", "past_due")


class Billing:
    """The invoice and clock rules of `Store` (it provides the records, `now`, `new_id`, `page`, `_card`)."""

    # -- invoices ----------------------------------------------------------
    def _invoice_for(self, sub: dict, reason: str, amount: int | None = None) -> dict:
        now = self.now()
        in_id = self.new_id("in")
        price = sub["item"]["price"]
        customer = self.customers[sub["customer"]]
        due = now + sub["days_until_due"] * DAY_SECONDS if sub["collection_method"] == "send_invoice" else None
        invoice = {
            "id": in_id, "amount": price["unit_amount"] if amount is None else amount, "status": "open",
            "attempt_count": 0, "next_payment_attempt": None, "_first_failure": None, "_overdue": False,
            "billing_reason": reason, "collection_method": sub["collection_method"], "created": now,
            "customer": sub["customer"], "customer_email": customer["email"], "due_date": due,
            "hosted_invoice_url": f"{self.base_url}/invoice/{in_id}", "invoice_pdf": f"{self.base_url}/invoice/{in_id}/pdf",
            "number": f"CS-{len(self.invoices) + 1:05d}", "period_start": sub["item"]["current_period_start"],
            "period_end": sub["item"]["current_period_end"], "paid_at": None, "subscription": sub["id"],
            "subscription_item": sub["item"]["id"], "description": self.prices.get(price["id"], {}).get("_name", ""),
            "price": price["id"], "product": price["product"],
            **customer_details.on_invoice(customer),  # name, tax ids and custom fields as they are now
        }
        self.invoices[in_id] = invoice
        return invoice

    def _charge(self, invoice: dict, pm_id: str | None) -> bool:
        invoice["attempt_count"] += 1
        if pm_id is None or pm_id in self.failing_methods and invoice["billing_reason"] != "subscription_create":
            return False
        invoice.update(status="paid", paid_at=self.now(), next_payment_attempt=None)
        return True

    def _attempt(self, sub: dict, invoice: dict) -> list[tuple[str, dict]]:
        """One automatic try at an open invoice; a failure schedules the next try or, after the last,
        applies the "if all retries fail" setting."""
        before = sub["status"]
        if self._charge(invoice, sub["default_payment_method"]):
            events = [("invoice.paid", o.invoice(invoice))]
            if sub["status"] in ("past_due", "unpaid") and not self._still_owing(sub):
                sub["status"] = "active"
            if sub["status"] != before:
                events.append(("customer.subscription.updated", o.subscription(sub)))
            return events
        first = invoice["_first_failure"] = invoice["_first_failure"] or self.now()
        retry = invoice["attempt_count"] - 1  # retries already made
        last = retry >= len(self.retry_days)
        invoice["next_payment_attempt"] = None if last else first + self.retry_days[retry] * DAY_SECONDS
        events = [("invoice.payment_failed", o.invoice(invoice))]
        if last and self.after_retries == "cancel":
            return events + self._end(sub, self.now())
        if last and self.after_retries == "unpaid":
            sub["status"] = "unpaid"
        elif sub["status"] == "active":
            sub["status"] = "past_due"
        if sub["status"] != before:
            events.append(("customer.subscription.updated", o.subscription(sub)))
        return events

    def _end(self, sub: dict, at: int) -> list[tuple[str, dict]]:
        """The subscription ends; Stripe stops collecting its open invoices automatically."""
        sub.update(status="canceled", canceled_at=sub["canceled_at"] or at, ended_at=at)
        for invoice in self.invoices.values():
            if invoice["subscription"] == sub["id"]:
                invoice["next_payment_attempt"] = None
        return [("customer.subscription.deleted", o.subscription(sub))]

    def list_invoices(self, params: dict) -> dict:
        status = choice(params, "status", ("draft", "open", "paid", "uncollectible", "void"))
        found = [o.invoice(i) for i in self.invoices.values()
                 if (not params.get("customer") or i["customer"] == params["customer"])
                 and (not params.get("subscription") or i["subscription"] == params["subscription"])
                 and (status is None or i["status"] == status)
                 and (not params.get("collection_method") or i["collection_method"] == params["collection_method"])]
        return self.page(found, params, "/v1/invoices")

    def invoice(self, in_id: str) -> dict:
        if in_id not in self.invoices:
            raise NotFound("invoice", in_id)
        return self.invoices[in_id]

    def pay_invoice(self, in_id: str, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        """POST /v1/invoices/{id}/pay: the customer (or the app) pays an open invoice at any time.
        Raises CardDeclined (with the failed try's events) when the card is refused."""
        invoice = self.invoice(in_id)
        if invoice["status"] != "open":
            raise BadRequest("Invoice is already paid." if invoice["status"] == "paid"
                             else f"You can only pay an open invoice; this one is {invoice['status']}.")
        sub = self.subscriptions[invoice["subscription"]]
        pm_id = params.get("payment_method") or sub["default_payment_method"]
        if pm_id:
            self.payment_method(pm_id)
        if not self._charge(invoice, pm_id):
            raise CardDeclined([("invoice.payment_failed", o.invoice(invoice))])
        return invoice, [("invoice.paid", o.invoice(invoice))] + self._reopen(sub)

    def pay_invoice_with_card(self, in_id: str, card: str) -> list[tuple[str, dict]]:
        """Pay an open invoice on its hosted page; the card becomes the subscription's card."""
        invoice = self.invoice(in_id)
        if invoice["status"] != "open":
            raise BadRequest("This invoice is already paid.")
        pm = self._card(card)
        sub = self.subscriptions[invoice["subscription"]]
        pm["customer"] = sub["customer"]
        self._set_card(sub, pm["id"])
        invoice.update(status="paid", paid_at=self.now(), attempt_count=invoice["attempt_count"] + 1,
                       next_payment_attempt=None)
        return [("invoice.paid", o.invoice(invoice))] + self._reopen(sub)

    def update_card(self, cid: str, card: str) -> list[tuple[str, dict]]:
        """The portal's "update card": the new card also pays any open invoice at once."""
        pm = self._card(card)
        pm["customer"] = cid
        events: list[tuple[str, dict]] = []
        for sub in [s for s in self.subscriptions.values() if s["customer"] == cid and s["status"] != "canceled"]:
            self._set_card(sub, pm["id"])
            for invoice in [i for i in self.invoices.values() if i["subscription"] == sub["id"] and i["status"] == "open"]:
                if self._charge(invoice, pm["id"]):
                    events.append(("invoice.paid", o.invoice(invoice)))
            events += self._reopen(sub)
        return events

    def _set_card(self, sub: dict, pm_id: str) -> None:
        sub["default_payment_method"] = pm_id
        self.customers[sub["customer"]]["invoice_settings"]["default_payment_method"] = pm_id

    def _still_owing(self, sub: dict) -> bool:
        return any(i["status"] == "open" and i["subscription"] == sub["id"]
                   and (i["collection_method"] == "charge_automatically" or (i["due_date"] or 0) <= self.now())
                   for i in self.invoices.values())

    def _reopen(self, sub: dict) -> list[tuple[str, dict]]:
        if sub["status"] in ("past_due", "unpaid") and not self._still_owing(sub):
            sub["status"] = "active"
        return [("customer.subscription.updated", o.subscription(sub))]

    # -- the clock -----------------------------------------------------------
    def advance(self, seconds: int) -> list[tuple[str, dict]]:
        """Move the clock forward and do what Stripe would have done meanwhile, each thing at its own
        moment and in time order: renewals, payment retries, due dates, ends."""
        self.offset += max(0, int(seconds))
        events: list[tuple[str, dict]] = []
        for sub in list(self.subscriptions.values()):
            events += self._catch_up(sub)
        return events

    def backdate(self, email: str, seconds: int) -> list[tuple[str, dict]]:
        """Test control: the live subscriptions of the customer with `email` as if bought `seconds` earlier
        (what Stripe's `backdate_start_date` gives a new subscription), their invoices' periods moved with
        them; the period must still be running. The events tell the app, as Stripe's webhook would."""
        customers = {cid for cid, c in self.customers.items() if c.get("email") == email}
        subs = [s for s in self.subscriptions.values() if s["customer"] in customers and s["status"] != "canceled"]
        if not subs:
            raise BadRequest("No live subscription for that e-mail address.", "email")
        if any(s["item"]["current_period_end"] - seconds <= self.now() for s in subs):
            raise BadRequest("The period would have ended: move it back less.", "days")
        events = []
        for sub in subs:
            sub["anchor"] -= seconds
            sub["created"] -= seconds
            sub["item"]["current_period_start"] -= seconds
            sub["item"]["current_period_end"] -= seconds
            for invoice in self.invoices.values():
                if invoice["subscription"] == sub["id"]:
                    invoice["period_start"] -= seconds
                    invoice["period_end"] -= seconds
            events.append(("customer.subscription.updated", o.subscription(sub)))
        return events

    def seconds_to_next_renewal(self) -> int:
        ends = [min(s["item"]["current_period_end"], s["cancel_at"] or s["item"]["current_period_end"])
                for s in self.subscriptions.values() if s["status"] != "canceled"]
        return max(0, min(ends) - self.now() + 60) if ends else 0

    def _next_due(self, sub: dict) -> tuple[int, str, dict | None] | None:
        """The subscription's next scheduled happening: (when, what, invoice)."""
        if sub["status"] == "canceled":
            return None
        period_end = sub["item"]["current_period_end"]
        if sub["cancel_at"] is not None and sub["cancel_at"] <= period_end:
            found = [(sub["cancel_at"], "end", None)]
        else:
            found = [(period_end, "renew", None)]
        for invoice in self.invoices.values():
            if invoice["subscription"] != sub["id"] or invoice["status"] != "open":
                continue
            if invoice["next_payment_attempt"] is not None:
                found.append((invoice["next_payment_attempt"], "retry", invoice))
            if invoice["due_date"] is not None and not invoice["_overdue"]:
                found.append((invoice["due_date"], "overdue", invoice))
        return min(found, key=lambda x: x[0])

    def _catch_up(self, sub: dict) -> list[tuple[str, dict]]:
        events: list[tuple[str, dict]] = []
        now = self.now()
        while (due := self._next_due(sub)) is not None and due[0] <= now:
            when, what, invoice = due
            self._at = when
            try:
                if what == "end":
                    events += self._end(sub, when)
                elif what == "renew":
                    events += self._renew(sub)
                elif what == "retry":
                    events += self._attempt(sub, invoice)
                else:
                    invoice["_overdue"] = True
                    if sub["status"] == "active":
                        sub["status"] = "past_due"
                        events.append(("customer.subscription.updated", o.subscription(sub)))
            finally:
                self._at = None
        return events

    def _renew(self, sub: dict) -> list[tuple[str, dict]]:
        """A new period and its invoice. With `cancel_at` inside the new period Stripe still renews, but the
        period ends at `cancel_at` and the invoice is the prorated part up to it (Stripe prorates this last
        stretch whatever `proration_behavior` the update that set `cancel_at` had: that flag only acts on
        the period current at the time of the update)."""
        item = sub["item"]
        start = item["current_period_end"]
        self.enter_phase(sub, start)  # a subscription schedule's next price (schedules.py)
        end = start + YEAR_SECONDS
        amount = None
        if sub["cancel_at"] is not None and start < sub["cancel_at"] < end:
            end = sub["cancel_at"]
            amount = round(item["price"]["unit_amount"] * (end - start) / YEAR_SECONDS)
        item["current_period_start"], item["current_period_end"] = start, end
        invoice = self._invoice_for(sub, "subscription_cycle", amount)
        sub["latest_invoice"] = invoice["id"]
        events = [("invoice.finalized", o.invoice(invoice))]
        if sub["collection_method"] == "charge_automatically" and sub["status"] != "unpaid":
            events += self._attempt(sub, invoice)  # an unpaid subscription's new invoices wait to be paid by hand
        return events
