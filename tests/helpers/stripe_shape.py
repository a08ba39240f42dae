"""Checks a JSON Stripe object against what Stripe itself publishes.

`check`: the field annotations stripe-python carries. Unknown fields, missing required fields,
values of the wrong type and enum values Stripe does not send (the SDK types enums as
`Union[Literal[...], str]`; the `str` is only there for forward compatibility) are reported
with their JSON path, so the emulator cannot drift from the SDK's API version.

`compare_with_fixture`: the keys of the matching object in Stripe's published fixtures
(`tests/fixtures/stripe/fixtures3.json`), so a field Stripe always sends cannot be left out.
The differences we accept are listed once, in `ACCEPTED_DIFFERENCES`, each with its reason.
"""
from __future__ import annotations

import json
import sys
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, ForwardRef, Literal, Union

import stripe
from stripe._list_object import ListObject
from stripe._stripe_object import StripeObject, UntypedStripeObject

_CLASSES_BY_OBJECT = {
    "checkout.session": stripe.checkout.Session,
    "billing_portal.session": stripe.billing_portal.Session,
    "subscription": stripe.Subscription,
    "subscription_item": stripe.SubscriptionItem,
    "invoice": stripe.Invoice,
    "line_item": stripe.InvoiceLineItem,
    "price": stripe.Price,
    "plan": stripe.Plan,
    "product": stripe.Product,
    "customer": stripe.Customer,
    "payment_method": stripe.PaymentMethod,
    "event": stripe.Event,
}
_IGNORED = {"OBJECT_NAME"}


def _resolve(annotation: Any, owner: type) -> Any:
    if isinstance(annotation, ForwardRef):
        name = annotation.__forward_arg__
        module = sys.modules[owner.__module__]
        found = getattr(module, name, None)
        if found is None:
            try:
                found = getattr(stripe, name)
            except AttributeError:
                found = _Expandable  # imported only for type checkers: judged by its "object" field
        return found
    if isinstance(annotation, str):
        return _resolve(ForwardRef(annotation), owner)
    return annotation


class _Expandable:
    """A referenced class the SDK imports only for type checkers."""


def _few(values: Any) -> str:
    shown = ", ".join(repr(v) for v in list(values)[:8])
    return shown + (f", … {len(values) - 8} more" if len(values) > 8 else "")


def _optional(annotation: Any) -> bool:
    return typing.get_origin(annotation) is Union and type(None) in typing.get_args(annotation)


def check(value: Any, cls: type | None = None, path: str = "$") -> list[str]:
    """Problems found in `value` (a dict from JSON); [] when it matches the SDK."""
    if cls is None:
        cls = _CLASSES_BY_OBJECT.get(value.get("object", ""))
        if cls is None:
            return [f"{path}: unknown object type {value.get('object')!r}"]
    problems = _check_object(value, cls, path)
    if cls is stripe.Event and isinstance(value.get("data"), dict) and isinstance(value["data"].get("object"), dict):
        problems += check(value["data"]["object"], None, f"{path}.data.object")  # untyped in the SDK
    return problems


def _check_object(value: Any, cls: type, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected an object, got {type(value).__name__}"]
    annotations = {k: v for k, v in cls.__annotations__.items() if k not in _IGNORED}
    problems = [f"{path}.{key}: not a field of {cls.__name__}" for key in value if key not in annotations]
    for key, annotation in annotations.items():
        if key not in value:
            if not _optional(annotation):
                problems.append(f"{path}.{key}: missing")
            continue
        problems += _check_value(value[key], annotation, cls, f"{path}.{key}")
    return problems


def _check_value(value: Any, annotation: Any, owner: type, path: str) -> list[str]:
    annotation = _resolve(annotation, owner)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Any:
        return []
    if annotation is _Expandable:
        if isinstance(value, dict) and value.get("object") in _CLASSES_BY_OBJECT:
            return check(value, None, path)
        return []
    if origin is Union:
        enum = [v for arg in args if typing.get_origin(arg) is Literal for v in typing.get_args(arg)]
        if enum and isinstance(value, str):  # the `str` beside the Literal is forward compatibility only
            return [] if value in enum else [f"{path}: {value!r} is not a value Stripe sends ({_few(enum)})"]
        results = [_check_value(value, arg, owner, path) for arg in args]
        return [] if any(not r for r in results) else min(results, key=len)
    if annotation is type(None):
        return [] if value is None else [f"{path}: expected null"]
    if origin is Literal:
        return [] if value in args else [f"{path}: {value!r} is not a value Stripe sends ({_few(args)})"]
    if origin is list or annotation is list:
        if not isinstance(value, list):
            return [f"{path}: expected a list"]
        return [p for i, item in enumerate(value) for p in (_check_value(item, args[0], owner, f"{path}[{i}]") if args else [])]
    if origin is dict or annotation is dict or origin is UntypedStripeObject or annotation is UntypedStripeObject:
        return [] if isinstance(value, dict) else [f"{path}: expected a map"]
    if origin is ListObject or annotation is ListObject:
        if not isinstance(value, dict) or value.get("object") != "list":
            return [f"{path}: expected a list object"]
        extra = [f"{path}.{k}: not a field of a list" for k in value if k not in {"object", "data", "has_more", "url", "total_count"}]
        items = value.get("data")
        if not isinstance(items, list) or not isinstance(value.get("has_more"), bool) or not isinstance(value.get("url"), str):
            return extra + [f"{path}: list needs data, has_more and url"]
        return extra + [p for i, item in enumerate(items) for p in _check_value(item, args[0], owner, f"{path}.data[{i}]")]
    if isinstance(annotation, type) and issubclass(annotation, StripeObject):
        return _check_object(value, annotation, path)
    if annotation is bool:
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean"]
    if annotation is int:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{path}: expected an integer"]
    if annotation is float:
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{path}: expected a number"]
    if annotation is str:
        return [] if isinstance(value, str) else [f"{path}: expected a string"]
    return []


# --- Stripe's published fixtures ---------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stripe" / "fixtures3.json"

# Maps whose keys are ours to choose (compared as maps, not as objects).
_MAPS = frozenset({"metadata", "previous_attributes"})

# Every difference between an emulator object and Stripe's fixture of the same object that we accept,
# keyed "<object>.<path>" ("[]" for any list element; a nested Stripe object starts its own path, so the
# invoice inside an event is "invoice.…"). "missing" means Stripe's fixture has the field and the emulator
# leaves it out; "extra" means the emulator sends a field the fixture does not have. Anything not listed
# here fails tests/billing/test_emulator_matches_stripe_fixtures.py.
ACCEPTED_DIFFERENCES: dict[str, str] = {
    "invoice.subscription": "missing: the fixture still carries the top-level field; stripe-python's API version "
                            "moved it to parent.subscription_details.subscription (check() rejects it there)",
    "line_item.pricing.price_details": "extra: the fixture's line is priced by an invoice item and shows no "
                                       "price_details branch; our lines are subscription lines priced by a price",
    "subscription.billing_mode.flexible.proration_discounts": "extra: the fixture shows billing_mode classic with an "
                                                              "empty flexible; new subscriptions are flexible",
    "subscription.billing_mode.updated_at": "extra: set when the billing mode was chosen; the fixture's classic "
                                            "example has none (stripe-python annotates it)",
}


@lru_cache(maxsize=1)
def stripe_fixtures() -> dict[str, dict]:
    """Stripe's example object of each resource, by its `object` name."""
    return json.loads(FIXTURES.read_text(encoding="utf-8"))["resources"]


def compare_with_fixture(value: dict) -> list[str]:
    """Fields that the emulator object and Stripe's fixture of the same object do not both have,
    as "<object>.<path>: missing|extra" (accepted differences left out). [] when they agree."""
    kind = value.get("object")
    fixture = stripe_fixtures().get(kind) if isinstance(kind, str) else None
    if fixture is None:
        return [f"{kind}: no fixture of this object in Stripe's fixtures3.json"]
    found = dict.fromkeys(_compare(value, fixture, kind))  # in order, once each
    return [p for p in found if p.split(": ")[0] not in ACCEPTED_DIFFERENCES]


def all_differences(value: dict) -> list[str]:
    """Like `compare_with_fixture`, with the accepted differences too (to find stale entries)."""
    kind = value.get("object")
    return list(dict.fromkeys(p.split(": ")[0] for p in _compare(value, stripe_fixtures()[kind], kind)))


def _compare(value: dict, fixture: dict, path: str) -> list[str]:
    problems = [f"{path}.{key}: missing" for key in fixture if key not in value]
    problems += [f"{path}.{key}: extra" for key in value if key not in fixture]
    for key in value.keys() & fixture.keys():
        if key not in _MAPS:
            problems += _compare_value(value[key], fixture[key], f"{path}.{key}")
    return problems


def _compare_value(value: Any, fixture: Any, path: str) -> list[str]:
    if isinstance(value, dict):
        kind = value.get("object")
        if kind == "list":
            items = value.get("data") or []
            sample = (fixture or {}).get("data") if isinstance(fixture, dict) else None
            return _compare_value(items, sample or [], f"{path}.data")
        if isinstance(kind, str) and kind in stripe_fixtures():
            return _compare(value, stripe_fixtures()[kind], kind)  # a Stripe object: judged on its own
        if isinstance(fixture, dict):
            return _compare(value, fixture, path)
        return []
    if isinstance(value, list):
        sample = fixture[0] if isinstance(fixture, list) and fixture else None
        return [p for item in value for p in _compare_value(item, sample, f"{path}[]")
                if isinstance(item, dict)]
    return []
