"""The emulator's memory and rules: customers, prices, checkout, subscriptions, invoices, a movable clock.

Every change that Stripe would announce returns the events to send; the server signs and posts them.
Bad input raises `BadRequest` (or `NotFound`) before anything changes, with Stripe's error code.
"""
from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from stripe_emulator import customer_details
from stripe_emulator import objects as o
from stripe_emulator.forms import (BadRequest, CardDeclined, NotFound, as_list, boolean, choice,  # noqa: F401
                                   integer, required)
from stripe_emulator.previews import PAYMENT_BEHAVIOURS, Previews
from stripe_emulator.refunds import REFUND_LISTS, Refunds, submit_message as _submit_message
from stripe_emulator.renewals import (AFTER_RETRIES, DAY_SECONDS, SMART_RETRY_DAYS, YEAR_SECONDS,  # noqa: F401
                                      Billing)
from stripe_emulator.schedules import Schedules

# Test cards, as on Stripe: the last one pays now and fails at the next renewal.
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000009995"
CARD_FAILS_LATER = "4000000000000341"
KNOWN_CARDS = {CARD_OK, CARD_DECLINED, CARD_FAILS_LATER}

_LIST_KINDS = {"/v1/prices": "price", "/v1/checkout/sessions": "checkout.session", "/v1/invoices": "invoice",
               "/v1/subscriptions": "subscription", **REFUND_LISTS}



@dataclass
class Store(Billing, Previews, Schedules, Refunds):
    base_url: str
    offset: int = 0  # seconds the clock has been moved forward
    retry_days: tuple[int, ...] = SMART_RETRY_DAYS
    after_retries: str = "cancel"  # one of AFTER_RETRIES
    lock: threading.RLock = field(default_factory=threading.RLock)
    customers: dict[str, dict] = field(default_factory=dict)
    prices: dict[str, dict] = field(default_factory=dict)
    payment_methods: dict[str, dict] = field(default_factory=dict)
    failing_methods: set[str] = field(default_factory=set)
    sessions: dict[str, dict] = field(default_factory=dict)
    portals: dict[str, dict] = field(default_factory=dict)
    subscriptions: dict[str, dict] = field(default_factory=dict)
    invoices: dict[str, dict] = field(default_factory=dict)
    schedules: dict[str, dict] = field(default_factory=dict)  # subscription schedules (schedules.py)
    # Idempotency-Key -> (endpoint, parameters, status, body): Stripe's keys are per account, not per path
    idempotent: dict[str, tuple[str, dict, int, Any]] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _at: int | None = None  # the moment being caught up to while the clock moves (see `advance`)

    def __post_init__(self) -> None:
        if self.after_retries not in AFTER_RETRIES:
            raise ValueError(f"after_retries must be one of {AFTER_RETRIES}")

    # -- basics ---------------------------------------------------------
    def now(self) -> int:
        return self._at if self._at is not None else int(time.time()) + self.offset

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

    def page(self, found: list[dict], params: dict, url: str) -> dict:
        """A Stripe list: newest first, `limit` 1..100 (default 10), `starting_after`/`ending_before` cursors."""
        limit = integer(params, "limit", 10)
        if not 1 <= limit <= 100:
            raise BadRequest("Invalid limit: must be between 1 and 100", "limit")
        after, before = params.get("starting_after") or None, params.get("ending_before") or None
        if after and before:
            raise BadRequest("You may only specify one of these parameters: ending_before, starting_after.",
                             "ending_before", "parameters_exclusive")
        found = sorted(found, key=lambda x: (x["created"], x["id"]), reverse=True)
        ids = [x["id"] for x in found]
        kind = _LIST_KINDS[url]
        for cursor, name in ((after, "starting_after"), (before, "ending_before")):
            if cursor and cursor not in ids:
                raise NotFound(kind, cursor, name)
        if after:
            rest = found[ids.index(after) + 1:]
            return o.list_object(url, rest[:limit], len(rest) > limit)
        if before:
            earlier = found[:ids.index(before)]
            return o.list_object(url, earlier[-limit:], len(earlier) > limit)
        return o.list_object(url, found[:limit], len(found) > limit)

    # -- customers, prices ----------------------------------------------
    def create_customer(self, params: dict) -> dict:
        locales = as_list(params.get("preferred_locales"))
        extras = customer_details.read_create(params)  # tax ids and invoice fields, checked first
        cid = self.new_id("cus")
        self.customers[cid] = o.customer(cid, self.now(), params.get("email") or None, params.get("name") or None,
                                         dict(params.get("metadata") or {}), None, [str(x) for x in locales])
        customer_details.apply_create(self, self.customers[cid], extras)
        return self.customers[cid]

    def customer(self, cid: str, param: str = "customer") -> dict:
        if cid not in self.customers:
            raise NotFound("customer", cid, param)
        return self.customers[cid]

    def list_prices(self, params: dict) -> dict:
        keys = [str(k) for k in as_list(params.get("lookup_keys"))]
        active = boolean(params, "active")
        found = [self.public(p) for p in self.prices.values()
                 if (not keys or p["lookup_key"] in keys) and (active is None or p["active"] == active)
                 and (not params.get("product") or p["product"] == params["product"])]
        return self.page(found, params, "/v1/prices")

    def price(self, pid: str, param: str = "price") -> dict:
        if pid not in self.prices:
            raise NotFound("price", pid, param)
        return self.prices[pid]

    def create_price(self, params: dict) -> dict:
        required(params, "currency")
        product, made_name = customer_details.product_of(self, params)  # `product`, or a new one (product_data)
        amount = integer(params, "unit_amount", need=True)
        if amount < 0:
            raise BadRequest("Invalid unit_amount: must be greater than or equal to 0", "unit_amount")
        recurring = params.get("recurring")
        if isinstance(recurring, dict):
            interval = choice(recurring, "interval", ("day", "week", "month", "year"))
            if interval != "year":
                raise BadRequest("The emulator only makes yearly prices.", "recurring[interval]")
        else:
            raise BadRequest("The emulator only makes recurring yearly prices.", "recurring")
        choice(params, "tax_behavior", ("exclusive", "inclusive", "unspecified"))
        transfer = boolean(params, "transfer_lookup_key")
        lookup_key = params.get("lookup_key") or None
        holder = next((p for p in self.prices.values() if lookup_key and p["lookup_key"] == lookup_key), None)
        if holder is not None and not transfer:
            raise BadRequest(f"A price (`{holder['id']}`) already uses that lookup key.", "lookup_key")
        if holder is not None:
            holder["lookup_key"] = None
        pid = self.new_id("price")
        name = made_name or next((p["_name"] for p in self.prices.values() if p["product"] == product), "")
        self.prices[pid] = o.price(pid, self.now(), product, amount, lookup_key) | {"_name": name}
        self.prices[pid]["metadata"] = dict(params.get("metadata") or {})
        return self.prices[pid]

    def payment_method(self, pm_id: str) -> dict:
        if pm_id not in self.payment_methods:
            raise NotFound("PaymentMethod", pm_id)
        return self.payment_methods[pm_id]

    # -- checkout --------------------------------------------------------
    def create_checkout(self, params: dict) -> dict:
        mode = choice(params, "mode", ("payment", "setup", "subscription"))
        if mode is None:
            required(params, "mode")
        if mode != "subscription":
            raise BadRequest("The emulator only makes subscription checkouts.", "mode")
        success_url = required(params, "success_url")
        if "{CHECKOUT_SESSION_ID}" not in success_url:
            raise BadRequest("success_url must contain {CHECKOUT_SESSION_ID} here (the app reads the session back).",
                             "success_url")
        lines = as_list(params.get("line_items"))
        if not lines:
            required(params, "line_items")
        first = lines[0]
        price = self.price(str(first.get("price", "")), "line_items[0][price]")
        integer(first, "quantity", 1)
        choice(params, "billing_address_collection", ("auto", "required"))
        customer = params.get("customer") or None
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
            "submit_message": _submit_message(params),  # custom_text.submit.message (refunds.py)
            "url": f"{self.base_url}/checkout/{cs_id}",
        }
        return self.sessions[cs_id]

    def session(self, cs_id: str) -> dict:
        if cs_id not in self.sessions:
            raise NotFound("checkout.session", cs_id)
        return self.sessions[cs_id]

    def list_sessions(self, params: dict) -> dict:
        status = choice(params, "status", ("complete", "expired", "open"))
        found = [o.checkout_session(c) for c in self.sessions.values()
                 if (not params.get("customer") or c["customer"] == params["customer"])
                 and (status is None or c["status"] == status)
                 and (not params.get("subscription") or c["subscription"] == params["subscription"])]
        return self.page(found, params, "/v1/checkout/sessions")

    def expire_session(self, cs_id: str) -> dict:
        cs = self.session(cs_id)
        if cs["status"] != "open":
            raise BadRequest(f"Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout "
                             f"Session has a status of \"{cs['status']}\".")
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

    def _future(self, params: dict, name: str) -> int | None:
        """A timestamp parameter that must lie ahead (`cancel_at`); "" unsets it."""
        value = integer(params, name)
        if value is not None and value <= self.now():
            raise BadRequest(f"Invalid {name}: must be a timestamp in the future.", name)
        return value

    def _terms(self, params: dict, method: str | None) -> tuple[str | None, int | None]:
        method = choice(params, "collection_method", ("charge_automatically", "send_invoice"), method)
        days = integer(params, "days_until_due")
        if method == "send_invoice" and not days:
            raise BadRequest("Missing required param: days_until_due.", "days_until_due", "parameter_missing")
        if days is not None and method != "send_invoice":
            raise BadRequest("days_until_due can only be set when collection_method is send_invoice.",
                             "days_until_due")
        if days is not None and days < 0:
            raise BadRequest("Invalid days_until_due: must be greater than or equal to 0", "days_until_due")
        return method, days

    def create_subscription(self, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        """Admin-made subscription on invoice terms: active at once, the invoice is sent for payment."""
        customer = self.customer(required(params, "customer"))
        items = as_list(params.get("items"))
        if not items:
            required(params, "items")
        price = self.price(str(items[0].get("price", "")), "items[0][price]")
        method, days = self._terms(params, "charge_automatically")
        cancel_at = self._future(params, "cancel_at")
        choice(params, "proration_behavior", ("always_invoice", "create_prorations", "none"))
        pm = params.get("default_payment_method") or customer["invoice_settings"]["default_payment_method"]
        if pm:
            self.payment_method(pm)
        sub = self._new_subscription(customer["id"], price, method, days, dict(params.get("metadata") or {}), pm)
        sub["cancel_at"] = cancel_at
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

    def list_subscriptions(self, params: dict) -> dict:
        """Stripe leaves canceled subscriptions out unless `status` asks for them (or is `all`)."""
        statuses = ("active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused",
                    "trialing", "unpaid")
        status = choice(params, "status", statuses)
        found = [o.subscription(s) for s in self.subscriptions.values()
                 if (not params.get("customer") or s["customer"] == params["customer"])
                 and (not params.get("price") or s["item"]["price"]["id"] == params["price"])
                 and (status == "all" or (s["status"] != "canceled" if status is None
                                          else s["status"] in (("canceled",) if status == "ended" else (status,))))]
        return self.page(found, params, "/v1/subscriptions")

    def update_subscription(self, sub_id: str, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        sub = self.subscription(sub_id)
        if sub["status"] == "canceled" and set(params) - {"metadata", "expand"}:
            raise BadRequest("A canceled subscription can only update its cancellation_details and metadata.")
        # everything is read and checked before anything changes
        cancel_at = self._future(params, "cancel_at") if "cancel_at" in params else None
        at_period_end = boolean(params, "cancel_at_period_end")
        if "cancel_at" in params and at_period_end is not None:
            raise BadRequest("You may only specify one of these parameters: cancel_at, cancel_at_period_end.",
                             "cancel_at", "parameters_exclusive")
        behaviour = choice(params, "proration_behavior", ("always_invoice", "create_prorations", "none"))
        strict = choice(params, "payment_behavior", PAYMENT_BEHAVIOURS) == "error_if_incomplete"
        price = None
        items = as_list(params.get("items"))
        if items:
            first = items[0]
            if first.get("id") != sub["item"]["id"]:
                raise NotFound("subscription_item", str(first.get("id")), "items[0][id]")
            price = self.public(self.price(str(first.get("price", "")), "items[0][price]"))
        # always_invoice: the proration is invoiced and charged at once (previews.py); read before any change
        prorations = self.proration_lines(sub, price, self.proration_moment(sub, params)) \
            if price is not None and behaviour == "always_invoice" and price["id"] != sub["item"]["price"]["id"] else []
        terms = self._terms(params, sub["collection_method"]) if "collection_method" in params else None
        if params.get("default_payment_method"):
            self.payment_method(params["default_payment_method"])
        # the proration invoice, charged now; error_if_incomplete: a refused card changes nothing (402)
        charged = self.invoice_prorations(sub, prorations, strict) if prorations else []
        if "cancel_at" in params:
            sub["cancel_at"], sub["cancel_at_period_end"] = cancel_at, False
        if at_period_end is not None:
            sub["cancel_at_period_end"] = at_period_end
            sub["cancel_at"] = sub["item"]["current_period_end"] if at_period_end else None
        if price is not None:
            sub["item"]["price"], sub["item"]["plan"] = price, o.plan_of(price)
        if terms is not None:
            sub["collection_method"], sub["days_until_due"] = terms
        if params.get("default_payment_method"):
            sub["default_payment_method"] = params["default_payment_method"]
        if "metadata" in params:
            sub["metadata"].update(params["metadata"] or {})
        return sub, [("customer.subscription.updated", o.subscription(sub))] + charged

    # -- expand[] ------------------------------------------------------------------------
    def expanded(self, value: dict, paths: list[str]) -> dict:
        """Replace ids by their objects along each dotted path (`latest_invoice`, `data.customer`)."""
        for path in paths:
            self._expand(value, path.split("."), path)
        return value

    def _expand(self, node, parts: list[str], path: str) -> None:
        if isinstance(node, list):
            for item in node:
                self._expand(item, parts, path)
            return
        if not isinstance(node, dict) or parts[0] not in node:
            raise BadRequest(f"This property cannot be expanded ({path}).", "expand")
        head, rest = parts[0], parts[1:]
        if rest:
            self._expand(node[head], rest, path)
            return
        found = node[head]
        if isinstance(found, str):
            node[head] = self._object(found, path)
        elif found is not None and not isinstance(found, dict):
            raise BadRequest(f"This property cannot be expanded ({path}).", "expand")

    def _object(self, ident: str, path: str) -> dict:
        if ident.startswith("cus_"):
            return self.public(self.customer(ident, "id"))
        if ident.startswith("in_"):
            return o.invoice(self.invoice(ident))
        if ident.startswith("sub_"):
            return o.subscription(self.subscription(ident))
        if ident.startswith("pm_"):
            return self.payment_method(ident)
        if ident.startswith("price_"):
            return self.public(self.price(ident, "id"))
        if ident.startswith("cs_"):
            return o.checkout_session(self.session(ident))
        raise BadRequest(f"This property cannot be expanded ({path}).", "expand")
