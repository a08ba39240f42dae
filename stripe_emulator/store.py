"""The emulator's memory and rules: customers, prices, checkout, subscriptions, invoices, a movable clock.

Every change that Stripe would announce returns the events to send; the server signs and posts them.
"""
from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from stripe_emulator import objects as o

YEAR_SECONDS = 365 * 24 * 3600
DAY_SECONDS = 24 * 3600

# Test cards, as on Stripe: the last one pays now and fails at the next renewal.
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000009995"
CARD_FAILS_LATER = "4000000000000341"
KNOWN_CARDS = {CARD_OK, CARD_DECLINED, CARD_FAILS_LATER}


class NotFound(Exception):
    def __init__(self, kind: str, ident: str, param: str = "id"):
        super().__init__(f"No such {kind}: '{ident}'")
        self.param = param


class BadRequest(Exception):
    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


@dataclass
class Store:
    base_url: str
    offset: int = 0  # seconds the clock has been moved forward
    lock: threading.RLock = field(default_factory=threading.RLock)
    customers: dict[str, dict] = field(default_factory=dict)
    prices: dict[str, dict] = field(default_factory=dict)
    payment_methods: dict[str, dict] = field(default_factory=dict)
    failing_methods: set[str] = field(default_factory=set)
    sessions: dict[str, dict] = field(default_factory=dict)
    portals: dict[str, dict] = field(default_factory=dict)
    subscriptions: dict[str, dict] = field(default_factory=dict)
    invoices: dict[str, dict] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    # -- basics ---------------------------------------------------------
    def now(self) -> int:
        return int(time.time()) + self.offset

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_emu{next(self._ids):06d}"

    def seed_prices(self, seeds: list[tuple[str, int, str]]) -> None:
        """(product name, unit amount, lookup key) -> one product and one yearly SEK price each."""
        for name, amount, lookup_key in seeds:
            product = "prod_" + lookup_key
            pid = self.new_id("price")
            self.prices[pid] = o.price(pid, self.now(), product, amount, lookup_key) | {"_name": name}

    def public(self, obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # -- customers, prices ----------------------------------------------
    def create_customer(self, params: dict) -> dict:
        cid = self.new_id("cus")
        self.customers[cid] = o.customer(cid, self.now(), params.get("email"), params.get("name"),
                                         dict(params.get("metadata") or {}), None)
        return self.customers[cid]

    def customer(self, cid: str) -> dict:
        if cid not in self.customers:
            raise NotFound("customer", cid, "customer")
        return self.customers[cid]

    def list_prices(self, params: dict) -> list[dict]:
        keys = params.get("lookup_keys") or []
        keys = list(keys.values()) if isinstance(keys, dict) else list(keys)
        found = [p for p in self.prices.values() if not keys or p["lookup_key"] in keys]
        if str(params.get("active", "")).lower() == "true":
            found = [p for p in found if p["active"]]
        return [self.public(p) for p in found]

    def price(self, pid: str) -> dict:
        if pid not in self.prices:
            raise NotFound("price", pid, "price")
        return self.prices[pid]

    def create_price(self, params: dict) -> dict:
        try:
            amount = int(params["unit_amount"])
        except (KeyError, ValueError) as exc:
            raise BadRequest("Missing required param: unit_amount.", "unit_amount") from exc
        if str((params.get("recurring") or {}).get("interval")) != "year":
            raise BadRequest("Only yearly prices are used here.", "recurring[interval]")
        lookup_key = params.get("lookup_key")
        if lookup_key and str(params.get("transfer_lookup_key", "")).lower() == "true":
            for other in self.prices.values():
                if other["lookup_key"] == lookup_key:
                    other["lookup_key"] = None
        elif lookup_key and any(p["lookup_key"] == lookup_key for p in self.prices.values()):
            raise BadRequest("A price with this lookup key already exists.", "lookup_key")
        pid = self.new_id("price")
        name = next((p["_name"] for p in self.prices.values() if p["product"] == params.get("product")), "")
        self.prices[pid] = o.price(pid, self.now(), str(params.get("product", "")), amount, lookup_key) | {"_name": name}
        return self.prices[pid]

    def payment_method(self, pm_id: str) -> dict:
        if pm_id not in self.payment_methods:
            raise NotFound("payment_method", pm_id)
        return self.payment_methods[pm_id]

    # -- checkout --------------------------------------------------------
    def create_checkout(self, params: dict) -> dict:
        if params.get("mode") != "subscription":
            raise BadRequest("Only subscription mode is emulated.", "mode")
        success_url = str(params.get("success_url", ""))
        if "{CHECKOUT_SESSION_ID}" not in success_url:
            raise BadRequest("success_url must contain {CHECKOUT_SESSION_ID}.", "success_url")
        lines = params.get("line_items") or {}
        first = (lines.get("0") if isinstance(lines, dict) else lines[0]) or {}
        price = self.price(str(first.get("price", "")))
        customer = params.get("customer")
        if customer:
            self.customer(customer)
        cs_id = self.new_id("cs_test")
        self.sessions[cs_id] = {
            "id": cs_id, "amount": price["unit_amount"], "price": price["id"],
            "billing_address_collection": params.get("billing_address_collection"),
            "cancel_url": params.get("cancel_url"), "client_reference_id": params.get("client_reference_id"),
            "created": self.now(), "customer": customer, "customer_email": params.get("customer_email"),
            "invoice": None, "locale": params.get("locale"), "metadata": dict(params.get("metadata") or {}),
            "subscription_metadata": dict((params.get("subscription_data") or {}).get("metadata") or {}),
            "payment_status": "unpaid", "status": "open", "subscription": None, "success_url": success_url,
            "url": f"{self.base_url}/checkout/{cs_id}",
        }
        return self.sessions[cs_id]

    def session(self, cs_id: str) -> dict:
        if cs_id not in self.sessions:
            raise NotFound("checkout.session", cs_id)
        return self.sessions[cs_id]

    def list_sessions(self, params: dict) -> list[dict]:
        found = [c for c in self.sessions.values()
                 if (not params.get("customer") or c["customer"] == params["customer"])
                 and (not params.get("status") or c["status"] == params["status"])]
        return sorted(found, key=lambda c: c["created"], reverse=True)[: int(params.get("limit") or 10)]

    def expire_session(self, cs_id: str) -> dict:
        cs = self.session(cs_id)
        if cs["status"] != "open":
            raise BadRequest("Only open checkout sessions can be expired.")
        cs["status"] = "expired"
        return cs

    def pay_checkout(self, cs_id: str, card: str) -> list[tuple[str, dict]]:
        """The customer pays on the hosted page. Raises BadRequest for a declined or unknown card."""
        cs = self.session(cs_id)
        if cs["status"] != "open":
            raise BadRequest("This checkout session is no longer open.")
        pm = self._card(card)
        if cs["customer"] is None:
            cs["customer"] = self.create_customer({"email": cs["customer_email"]})["id"]
        customer = self.customer(cs["customer"])
        pm["customer"] = customer["id"]
        customer["invoice_settings"]["default_payment_method"] = pm["id"]
        sub = self._new_subscription(customer["id"], self.price(cs["price"]), "charge_automatically", None,
                                     cs["subscription_metadata"], pm["id"])
        invoice = self._invoice_for(sub, "subscription_create")
        self._charge(invoice, pm["id"])
        sub["latest_invoice"] = invoice["id"]
        cs.update(status="complete", payment_status="paid", subscription=sub["id"], invoice=invoice["id"])
        return [("checkout.session.completed", o.checkout_session(cs)),
                ("customer.subscription.created", o.subscription(sub)),
                ("invoice.paid", o.invoice(invoice))]

    def _card(self, number: str) -> dict:
        digits = "".join(ch for ch in str(number) if ch.isdigit())
        if digits not in KNOWN_CARDS:
            raise BadRequest("Use one of the test cards shown on this page.")
        if digits == CARD_DECLINED:
            raise BadRequest("Your card was declined.")
        year = time.gmtime(self.now()).tm_year + 3
        pm_id = self.new_id("pm")
        self.payment_methods[pm_id] = o.payment_method(pm_id, self.now(), None, digits[-4:], 12, year)
        if digits == CARD_FAILS_LATER:
            self.failing_methods.add(pm_id)
        return self.payment_methods[pm_id]

    # -- subscriptions ---------------------------------------------------
    def _new_subscription(self, cid: str, price: dict, method: str, days: int | None, metadata: dict,
                          pm_id: str | None) -> dict:
        now = self.now()
        sub_id = self.new_id("sub")
        item = o.subscription_item(self.new_id("si"), now, sub_id, self.public(price), now, now + YEAR_SECONDS)
        sub = {"id": sub_id, "anchor": now, "created": now, "cancel_at": None, "cancel_at_period_end": False,
               "canceled_at": None, "collection_method": method, "customer": cid, "days_until_due": days,
               "default_payment_method": pm_id, "ended_at": None, "item": item, "latest_invoice": None,
               "metadata": metadata, "status": "active", "pending_price": None}
        self.subscriptions[sub_id] = sub
        return sub

    def create_subscription(self, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        """Admin-made subscription on invoice terms: active at once, the invoice is sent for payment."""
        customer = self.customer(str(params.get("customer", "")))
        items = params.get("items") or {}
        first = (items.get("0") if isinstance(items, dict) else items[0]) or {}
        price = self.price(str(first.get("price", "")))
        method = params.get("collection_method", "charge_automatically")
        days = int(params["days_until_due"]) if params.get("days_until_due") else None
        if method == "send_invoice" and not days:
            raise BadRequest("days_until_due is required for send_invoice.", "days_until_due")
        pm = customer["invoice_settings"]["default_payment_method"]
        sub = self._new_subscription(customer["id"], price, method, days, dict(params.get("metadata") or {}), pm)
        invoice = self._invoice_for(sub, "subscription_create")
        sub["latest_invoice"] = invoice["id"]
        events = [("customer.subscription.created", o.subscription(sub)), ("invoice.finalized", o.invoice(invoice))]
        if method == "charge_automatically":
            events += self._attempt(sub, invoice)
        return sub, events

    def subscription(self, sub_id: str) -> dict:
        if sub_id not in self.subscriptions:
            raise NotFound("subscription", sub_id)
        return self.subscriptions[sub_id]

    def update_subscription(self, sub_id: str, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        sub = self.subscription(sub_id)
        if sub["status"] == "canceled":
            raise BadRequest("A canceled subscription can only update its metadata.")
        if "cancel_at" in params:
            value = params["cancel_at"]
            sub["cancel_at"] = int(value) if value not in ("", None) else None
            sub["cancel_at_period_end"] = False
        if "cancel_at_period_end" in params:
            flag = str(params["cancel_at_period_end"]).lower() == "true"
            sub["cancel_at_period_end"] = flag
            sub["cancel_at"] = sub["item"]["current_period_end"] if flag else None
        items = params.get("items")
        if items:
            first = items.get("0") if isinstance(items, dict) else items[0]
            if first.get("id") != sub["item"]["id"]:
                raise NotFound("subscription_item", str(first.get("id")), "items[0][id]")
            price = self.public(self.price(str(first.get("price", ""))))
            sub["item"]["price"], sub["item"]["plan"] = price, o.plan_of(price)
        if "collection_method" in params:
            sub["collection_method"] = params["collection_method"]
            sub["days_until_due"] = int(params["days_until_due"]) if params.get("days_until_due") else None
        if "metadata" in params:
            sub["metadata"].update(params["metadata"] or {})
        return sub, [("customer.subscription.updated", o.subscription(sub))]

    # -- invoices ----------------------------------------------------------
    def _invoice_for(self, sub: dict, reason: str) -> dict:
        now = self.now()
        in_id = self.new_id("in")
        price = sub["item"]["price"]
        customer = self.customers[sub["customer"]]
        due = now + sub["days_until_due"] * DAY_SECONDS if sub["collection_method"] == "send_invoice" else None
        invoice = {
            "id": in_id, "amount": price["unit_amount"], "status": "open", "attempt_count": 0,
            "billing_reason": reason, "collection_method": sub["collection_method"], "created": now,
            "customer": sub["customer"], "customer_email": customer["email"], "due_date": due,
            "hosted_invoice_url": f"{self.base_url}/invoice/{in_id}", "invoice_pdf": f"{self.base_url}/invoice/{in_id}/pdf",
            "number": f"CS-{len(self.invoices) + 1:05d}", "period_start": sub["item"]["current_period_start"],
            "period_end": sub["item"]["current_period_end"], "paid_at": None, "subscription": sub["id"],
            "subscription_item": sub["item"]["id"], "description": self.prices.get(price["id"], {}).get("_name", ""),
            "price": price["id"], "product": price["product"],
        }
        self.invoices[in_id] = invoice
        return invoice

    def _charge(self, invoice: dict, pm_id: str | None) -> bool:
        invoice["attempt_count"] += 1
        if pm_id is None or pm_id in self.failing_methods and invoice["billing_reason"] != "subscription_create":
            return False
        invoice.update(status="paid", paid_at=self.now())
        return True

    def _attempt(self, sub: dict, invoice: dict) -> list[tuple[str, dict]]:
        if self._charge(invoice, sub["default_payment_method"]):
            sub["status"] = "active"
            return [("invoice.paid", o.invoice(invoice)), ("customer.subscription.updated", o.subscription(sub))]
        sub["status"] = "past_due"
        return [("invoice.payment_failed", o.invoice(invoice)), ("customer.subscription.updated", o.subscription(sub))]

    def list_invoices(self, params: dict) -> list[dict]:
        cid = params.get("customer")
        found = [i for i in self.invoices.values() if not cid or i["customer"] == cid]
        found.sort(key=lambda i: (i["created"], i["id"]), reverse=True)
        return [o.invoice(i) for i in found[: int(params.get("limit") or 10)]]

    def invoice(self, in_id: str) -> dict:
        if in_id not in self.invoices:
            raise NotFound("invoice", in_id)
        return self.invoices[in_id]

    def pay_invoice_with_card(self, in_id: str, card: str) -> list[tuple[str, dict]]:
        """Pay an open invoice on its hosted page; the card becomes the subscription's card."""
        invoice = self.invoice(in_id)
        if invoice["status"] != "open":
            raise BadRequest("This invoice is already paid.")
        pm = self._card(card)
        sub = self.subscriptions[invoice["subscription"]]
        pm["customer"] = sub["customer"]
        self._set_card(sub, pm["id"])
        invoice.update(status="paid", paid_at=self.now(), attempt_count=invoice["attempt_count"] + 1)
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

    def _reopen(self, sub: dict) -> list[tuple[str, dict]]:
        still_open = any(i["status"] == "open" and i["subscription"] == sub["id"]
                         and (i["collection_method"] == "charge_automatically" or (i["due_date"] or 0) <= self.now())
                         for i in self.invoices.values())
        if sub["status"] in ("past_due", "unpaid") and not still_open:
            sub["status"] = "active"
        return [("customer.subscription.updated", o.subscription(sub))]

    # -- the clock -----------------------------------------------------------
    def advance(self, seconds: int) -> list[tuple[str, dict]]:
        """Move the clock forward and do what Stripe would have done meanwhile (renewals, due dates, ends)."""
        self.offset += max(0, int(seconds))
        events: list[tuple[str, dict]] = []
        for sub in list(self.subscriptions.values()):
            events += self._catch_up(sub)
        return events

    def seconds_to_next_renewal(self) -> int:
        ends = [s["item"]["current_period_end"] for s in self.subscriptions.values() if s["status"] != "canceled"]
        return max(0, min(ends) - self.now() + 60) if ends else 0

    def _catch_up(self, sub: dict) -> list[tuple[str, dict]]:
        events: list[tuple[str, dict]] = []
        now = self.now()
        if sub["status"] == "canceled":
            return events
        if sub["cancel_at"] is not None and sub["cancel_at"] <= now:
            sub.update(status="canceled", canceled_at=sub["cancel_at"], ended_at=sub["cancel_at"])
            return [("customer.subscription.deleted", o.subscription(sub))]
        item = sub["item"]
        while item["current_period_end"] <= now:
            item["current_period_start"] = item["current_period_end"]
            item["current_period_end"] += YEAR_SECONDS
            invoice = self._invoice_for(sub, "subscription_cycle")
            sub["latest_invoice"] = invoice["id"]
            events.append(("invoice.finalized", o.invoice(invoice)))
            if sub["collection_method"] == "charge_automatically":
                events += self._attempt(sub, invoice)
        overdue = [i for i in self.invoices.values() if i["subscription"] == sub["id"] and i["status"] == "open"
                   and i["collection_method"] == "send_invoice" and (i["due_date"] or now + 1) <= now]
        if overdue and sub["status"] == "active":
            sub["status"] = "past_due"
            events.append(("customer.subscription.updated", o.subscription(sub)))
        return events
