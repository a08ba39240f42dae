"""Refunds, an invoice's payments and the immediate cancel: a part of `Store` (see store.py).

In Stripe's API version of the installed stripe-python an invoice no longer names its PaymentIntent or
charge; the payments of an invoice are listed at `GET /v1/invoice_payments?invoice=…`, and a refund is
made on the PaymentIntent (`POST /v1/refunds`). The emulator keeps no PaymentIntent or Charge records:
a paid invoice's PaymentIntent is `pi_` + the invoice's own id suffix, its charge `ch_` + the same, so
each invoice paid has exactly one of each.
"""
from __future__ import annotations

from stripe_emulator import objects as o
from stripe_emulator.forms import BadRequest, NotFound, boolean, choice, integer

REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
REFUND_LISTS = {"/v1/invoice_payments": "invoice_payment", "/v1/refunds": "refund"}  # for Store.page
REFUND_ROUTES = frozenset({("GET", "invoice_payments"), ("POST", "refunds"), ("GET", "refunds"),
                           ("GET", "refunds/{id}"), ("DELETE", "subscriptions/{id}")})


def _suffix(ident: str) -> str:
    return ident.split("_", 1)[1]


def invoice_payment(i: dict) -> dict:
    """The one payment of a paid invoice, as `invoice_payment` (the SDK's InvoicePayment)."""
    return {
        "id": "inpay_" + _suffix(i["id"]), "object": "invoice_payment", "amount_paid": i["amount"],
        "amount_requested": i["amount"], "created": i["paid_at"], "currency": "sek", "invoice": i["id"],
        "is_default": True, "livemode": False,
        "payment": {"type": "payment_intent", "payment_intent": "pi_" + _suffix(i["id"])},
        "status": "paid", "status_transitions": {"canceled_at": None, "paid_at": i["paid_at"]},
    }


def refund(r: dict) -> dict:
    """Stripe's refund object (the fields of Stripe's fixture; the optional ones Stripe leaves out)."""
    return {
        "id": r["id"], "object": "refund", "amount": r["amount"], "balance_transaction": None,
        "charge": r["charge"], "created": r["created"], "currency": "sek", "customer": r["customer"],
        "customer_account": None,
        "destination_details": {"card": {"type": "refund"}, "type": "card"},
        "metadata": r["metadata"], "payment_intent": r["payment_intent"], "payment_method": r["payment_method"],
        "reason": r["reason"], "receipt_number": None, "source_transfer_reversal": None, "status": "succeeded",
        "transfer_reversal": None,
    }


class Refunds:
    """The refund rules of `Store` (it provides `invoices`, `subscriptions`, `refunds`, `now`, `new_id`,
    `page`, `subscription`, `_end`)."""

    @property
    def refunds(self) -> dict[str, dict]:
        """The refunds made, by id (kept beside the Store's dataclass fields, made on first use)."""
        return self.__dict__.setdefault("_refunds", {})

    def refund_route(self, route: tuple[str, str], ident: str, params: dict) -> tuple[int, dict, list]:
        """The server's answer for one of REFUND_ROUTES: (status, body, events)."""
        if route == ("GET", "invoice_payments"):
            return 200, self.list_invoice_payments(params), []
        if route == ("POST", "refunds"):
            return (200, *self.create_refund(params))
        if route == ("GET", "refunds"):
            return 200, self.list_refunds(params), []
        if route == ("GET", "refunds/{id}"):
            return 200, self.refund(ident), []
        sub, events = self.cancel_subscription(ident, params)
        return 200, o.subscription(sub), events

    def list_invoice_payments(self, params: dict) -> dict:
        status = choice(params, "status", ("canceled", "open", "paid"))
        payment = params.get("payment") if isinstance(params.get("payment"), dict) else {}
        if params.get("invoice"):
            self.invoice(params["invoice"])
        found = [invoice_payment(i) for i in self.invoices.values()
                 if i["status"] == "paid" and (not params.get("invoice") or i["id"] == params["invoice"])
                 and status in (None, "paid")
                 and (not payment.get("payment_intent") or "pi_" + _suffix(i["id"]) == payment["payment_intent"])]
        return self.page(found, params, "/v1/invoice_payments")

    def _paid_invoice_of(self, params: dict) -> dict:
        """The invoice whose payment `payment_intent` or `charge` names (exactly one of them)."""
        intent, charge = params.get("payment_intent") or None, params.get("charge") or None
        if intent and charge:
            raise BadRequest("You may only specify one of these parameters: charge, payment_intent.", "charge",
                             "parameters_exclusive")
        if not intent and not charge:
            raise BadRequest("One of the following params should be provided for this request: payment_intent "
                             "or charge.", None, "parameter_missing")
        prefix, ident, param = ("pi_", intent, "payment_intent") if intent else ("ch_", charge, "charge")
        found = next((i for i in self.invoices.values() if i["status"] == "paid"
                      and prefix + _suffix(i["id"]) == ident), None)
        if found is None:
            raise NotFound("payment_intent" if intent else "charge", str(ident), param)
        return found

    def create_refund(self, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        """POST /v1/refunds: all or part of what is left of a payment; never more than was paid."""
        invoice = self._paid_invoice_of(params)
        reason = choice(params, "reason", REFUND_REASONS)
        charge = "ch_" + _suffix(invoice["id"])
        refunded = sum(r["amount"] for r in self.refunds.values() if r["charge"] == charge)
        left = invoice["amount"] - refunded
        if left <= 0:
            raise BadRequest(f"Charge {charge} has already been refunded.", None, "charge_already_refunded")
        amount = integer(params, "amount", left)
        if amount <= 0:
            raise BadRequest("Invalid positive integer", "amount", "parameter_invalid_integer")
        if amount > left:
            raise BadRequest(f"Refund amount (SEK {amount / 100:.2f}) is greater than unrefunded amount on charge "
                             f"(SEK {left / 100:.2f})", "amount", "amount_too_large")
        sub = self.subscriptions.get(invoice["subscription"]) or {}
        re_id = self.new_id("re")
        self.refunds[re_id] = {
            "id": re_id, "amount": amount, "charge": charge, "created": self.now(), "customer": invoice["customer"],
            "metadata": dict(params.get("metadata") or {}), "payment_intent": "pi_" + _suffix(invoice["id"]),
            "payment_method": sub.get("default_payment_method"), "reason": reason,
        }
        made = refund(self.refunds[re_id])
        return made, [("refund.created", made)]

    def refund(self, re_id: str) -> dict:
        if re_id not in self.refunds:
            raise NotFound("refund", re_id)
        return refund(self.refunds[re_id])

    def list_refunds(self, params: dict) -> dict:
        found = [refund(r) for r in self.refunds.values()
                 if (not params.get("payment_intent") or r["payment_intent"] == params["payment_intent"])
                 and (not params.get("charge") or r["charge"] == params["charge"])]
        return self.page(found, params, "/v1/refunds")

    def cancel_subscription(self, sub_id: str, params: dict) -> tuple[dict, list[tuple[str, dict]]]:
        """DELETE /v1/subscriptions/{id}: ends it now. A canceled one is gone, as on Stripe (404). The emulator
        makes no final or proration invoice: it refuses `invoice_now` and `prorate` set to true."""
        sub = self.subscription(sub_id)
        if sub["status"] == "canceled":
            raise NotFound("subscription", sub_id)
        for name in ("invoice_now", "prorate"):
            if boolean(params, name):
                raise BadRequest(f"The emulator does not make the final invoice of `{name}`.", name)
        details = params.get("cancellation_details") if isinstance(params.get("cancellation_details"), dict) else {}
        choice(details, "feedback", ("customer_service", "low_quality", "missing_features", "other",
                                     "switched_service", "too_complex", "too_expensive", "unused", ""))
        return sub, self._end(sub, self.now())



def submit_message(params: dict) -> str | None:
    """Checkout's `custom_text.submit.message` (at most 1200 characters, as on Stripe): shown above the pay
    button (the app's consent that the service starts at once)."""
    custom = params.get("custom_text") if isinstance(params.get("custom_text"), dict) else {}
    submit = custom.get("submit") if isinstance(custom.get("submit"), dict) else {}
    message = submit.get("message") or None
    if message is not None and len(message) > 1200:
        raise BadRequest("Invalid custom_text[submit][message]: must be at most 1200 characters",
                         "custom_text[submit][message]")
    return message
