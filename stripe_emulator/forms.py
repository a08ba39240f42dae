"""Stripe's form encoding (`a[b][0][c]=v`) decoded into nested dicts (list indexes stay string keys),
the parameters each endpoint accepts (Stripe refuses one it does not know: `parameter_unknown`, so a
typo in the app fails here as it would in production), reading values as Stripe does, and the errors
that become Stripe's error objects."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\]]*)\]")


def decode(body: str) -> dict:
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head = key.split("[", 1)[0]
        parts = [head] + _PART.findall(key[len(head):])
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part or str(len(target)), {})
        target[parts[-1] or str(len(target))] = value
    return result


class UnknownParameter(Exception):
    """A parameter the endpoint does not take; `param` is its full form name (`line_items[0][prise]`)."""

    def __init__(self, param: str):
        super().__init__(f"Received unknown parameter: {param}")
        self.param = param


class NotAnArray(Exception):
    def __init__(self, param: str):
        super().__init__(f"Invalid array: {param} must be an array.")
        self.param = param


# A spec maps a parameter to SCALAR (one value), FREE (a hash of any keys: metadata), a nested spec
# (a hash with known keys) or [item spec] (an array).
SCALAR = "scalar"
FREE = "free"
_EXPAND = {"expand": [SCALAR]}
_LIST = {"limit": SCALAR, "starting_after": SCALAR, "ending_before": SCALAR, "created": FREE, **_EXPAND}

ENDPOINTS: dict[tuple[str, str], dict] = {
    ("POST", "customers"): {"email": SCALAR, "name": SCALAR, "description": SCALAR, "phone": SCALAR,
                            "metadata": FREE, "preferred_locales": [SCALAR], **_EXPAND,
                            "tax_id_data": [{"type": SCALAR, "value": SCALAR}],
                            "invoice_settings": {"custom_fields": [{"name": SCALAR, "value": SCALAR}]}},
    ("POST", "customers/{id}"): {"email": SCALAR, "name": SCALAR, "description": SCALAR, "phone": SCALAR,
                                 "metadata": FREE, "preferred_locales": [SCALAR], **_EXPAND,
                                 "invoice_settings": {"custom_fields": [{"name": SCALAR, "value": SCALAR}]}},
    ("GET", "customers/{id}/tax_ids"): _LIST,
    ("POST", "customers/{id}/tax_ids"): {"type": SCALAR, "value": SCALAR, **_EXPAND},
    ("DELETE", "customers/{id}/tax_ids/{id}"): {},
    ("GET", "customers/{id}"): _EXPAND,
    ("GET", "prices"): {"lookup_keys": [SCALAR], "active": SCALAR, "product": SCALAR, "currency": SCALAR,
                        "type": SCALAR, **_LIST},
    ("POST", "prices"): {"currency": SCALAR, "unit_amount": SCALAR, "product": SCALAR, "nickname": SCALAR,
                         "recurring": {"interval": SCALAR, "interval_count": SCALAR}, "tax_behavior": SCALAR,
                         "lookup_key": SCALAR, "transfer_lookup_key": SCALAR, "active": SCALAR, "metadata": FREE,
                         "product_data": {"name": SCALAR, "metadata": FREE},
                         **_EXPAND},
    ("GET", "payment_methods/{id}"): _EXPAND,
    ("POST", "checkout/sessions"): {
        "mode": SCALAR, "line_items": [{"price": SCALAR, "quantity": SCALAR}], "customer": SCALAR,
        "customer_email": SCALAR, "client_reference_id": SCALAR, "success_url": SCALAR, "cancel_url": SCALAR,
        "metadata": FREE, "subscription_data": {"metadata": FREE, "description": SCALAR},
        "billing_address_collection": SCALAR, "locale": SCALAR,
        "custom_text": {"submit": {"message": SCALAR}}, **_EXPAND},
    ("GET", "checkout/sessions"): {"customer": SCALAR, "status": SCALAR, "subscription": SCALAR, **_LIST},
    ("GET", "checkout/sessions/{id}"): _EXPAND,
    ("POST", "checkout/sessions/{id}/expire"): _EXPAND,
    ("POST", "billing_portal/sessions"): {"customer": SCALAR, "return_url": SCALAR, "locale": SCALAR, **_EXPAND},
    ("POST", "subscriptions"): {
        "customer": SCALAR, "items": [{"price": SCALAR, "quantity": SCALAR}], "collection_method": SCALAR,
        "days_until_due": SCALAR, "metadata": FREE, "default_payment_method": SCALAR, "cancel_at": SCALAR,
        "proration_behavior": SCALAR, **_EXPAND},
    ("GET", "subscriptions"): {"customer": SCALAR, "status": SCALAR, "price": SCALAR, **_LIST},
    ("GET", "subscriptions/{id}"): _EXPAND,
    ("POST", "subscriptions/{id}"): {
        "cancel_at": SCALAR, "cancel_at_period_end": SCALAR, "items": [{"id": SCALAR, "price": SCALAR,
                                                                        "quantity": SCALAR}],
        "collection_method": SCALAR, "days_until_due": SCALAR, "metadata": FREE, "proration_behavior": SCALAR,
        "default_payment_method": SCALAR, "proration_date": SCALAR, "payment_behavior": SCALAR, **_EXPAND},
    ("GET", "invoices"): {"customer": SCALAR, "subscription": SCALAR, "status": SCALAR,
                          "collection_method": SCALAR, **_LIST},
    ("GET", "invoices/{id}"): _EXPAND,
    ("POST", "invoices/{id}/pay"): {"payment_method": SCALAR, **_EXPAND},
    # refunds.py: an invoice's payments, refunds, the immediate cancel
    ("GET", "invoice_payments"): {"invoice": SCALAR, "status": SCALAR,
                                  "payment": {"type": SCALAR, "payment_intent": SCALAR}, **_LIST},
    ("POST", "refunds"): {"payment_intent": SCALAR, "charge": SCALAR, "amount": SCALAR, "reason": SCALAR,
                          "metadata": FREE, **_EXPAND},
    ("GET", "refunds"): {"payment_intent": SCALAR, "charge": SCALAR, **_LIST},
    ("GET", "refunds/{id}"): _EXPAND,
    ("DELETE", "subscriptions/{id}"): {"invoice_now": SCALAR, "prorate": SCALAR,
                                       "cancellation_details": {"comment": SCALAR, "feedback": SCALAR}, **_EXPAND},
    # previews and schedules (previews.py, schedules.py)
    ("POST", "invoices/create_preview"): {
        "customer": SCALAR, "subscription": SCALAR, "subscription_details": {
            "cancel_at": SCALAR, "items": [{"id": SCALAR, "price": SCALAR, "quantity": SCALAR}],
            "proration_behavior": SCALAR, "proration_date": SCALAR}, **_EXPAND},
    ("POST", "subscription_schedules"): {"from_subscription": SCALAR, "metadata": FREE, **_EXPAND},
    ("GET", "subscription_schedules/{id}"): _EXPAND,
    ("POST", "subscription_schedules/{id}"): {
        "phases": [{"items": [{"price": SCALAR, "quantity": SCALAR}], "start_date": SCALAR, "end_date": SCALAR,
                    "iterations": SCALAR, "proration_behavior": SCALAR}],
        "end_behavior": SCALAR, "proration_behavior": SCALAR, "metadata": FREE, **_EXPAND},
    ("POST", "subscription_schedules/{id}/release"): {"preserve_cancel_date": SCALAR, **_EXPAND},
}


def check_known(params: dict, spec: dict, prefix: str = "") -> None:
    """Raise UnknownParameter for the first parameter `spec` does not name (depth first, sorted)."""
    for key in sorted(params):
        name = f"{prefix}[{key}]" if prefix else key
        if key not in spec:
            raise UnknownParameter(name)
        rule, value = spec[key], params[key]
        if isinstance(rule, list):
            if value == "":
                continue  # an empty string unsets an array
            if not isinstance(value, dict) or not all(k.isdigit() for k in value):
                raise NotAnArray(name)
            if isinstance(rule[0], dict):
                for index in sorted(value, key=int):
                    item = value[index]
                    if not isinstance(item, dict):
                        raise UnknownParameter(f"{name}[{index}]")
                    check_known(item, rule[0], f"{name}[{index}]")
        elif isinstance(rule, dict) and isinstance(value, dict):
            check_known(value, rule, name)


def as_list(value) -> list:
    """An array parameter (`a[0]=x&a[1]=y`, decoded as {"0": "x", "1": "y"}) as a list in index order."""
    if isinstance(value, dict):
        return [value[k] for k in sorted(value, key=lambda k: int(k) if k.isdigit() else 0)]
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class NotFound(Exception):
    """404 `resource_missing`, as Stripe answers for an id it does not know."""

    def __init__(self, kind: str, ident: str, param: str = "id"):
        super().__init__(f"No such {kind}: '{ident}'")
        self.param = param


class BadRequest(Exception):
    """400 invalid_request_error; `code` is Stripe's error code where Stripe sends one."""

    def __init__(self, message: str, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.param = param
        self.code = code


class CardDeclined(Exception):
    """402 card_error: the payment was tried and refused (the events of the failed try still go out)."""

    def __init__(self, events: list[tuple[str, dict]]):
        super().__init__("Your card was declined.")
        self.events = events


# -- reading parameters as Stripe does ---------------------------------------------------------------------------
def required(params: dict, name: str) -> str:
    if name not in params:
        raise BadRequest(f"Missing required param: {name}.", name, "parameter_missing")
    value = params[name]
    if value == "":
        raise BadRequest(f"You passed an empty string for '{name}'. We assume empty values are an attempt to unset "
                         f"a parameter; however '{name}' cannot be unset. You should remove '{name}' from your request "
                         "or supply a non-empty value.", name, "parameter_invalid_empty")
    if isinstance(value, dict):
        raise BadRequest(f"Invalid {name}: must be a string.", name)
    return str(value)


def integer(params: dict, name: str, default: int | None = None, *, need: bool = False) -> int | None:
    if name not in params or params[name] == "":
        if need:
            required(params, name)
        return default
    try:
        return int(str(params[name]))
    except ValueError:
        raise BadRequest(f"Invalid integer: {params[name]}", name, "parameter_invalid_integer") from None


def boolean(params: dict, name: str) -> bool | None:
    if name not in params:
        return None
    value = str(params[name]).lower()
    if value not in ("true", "false"):
        raise BadRequest(f"Invalid boolean: {params[name]}", name)
    return value == "true"


def choice(params: dict, name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    if name not in params:
        return default
    value = params[name]
    if value not in allowed:
        listed = ", ".join(allowed[:-1]) + f", or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
        raise BadRequest(f"Invalid {name}: must be one of {listed}", name)
    return str(value)
