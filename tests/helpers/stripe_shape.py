"""Checks a JSON Stripe object against the field annotations stripe-python itself carries.

Unknown fields, missing required fields and values of the wrong type are reported
with their JSON path, so the emulator cannot drift from the SDK's API version.
"""
from __future__ import annotations

import sys
import typing
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


def _optional(annotation: Any) -> bool:
    return typing.get_origin(annotation) is Union and type(None) in typing.get_args(annotation)


def check(value: Any, cls: type | None = None, path: str = "$") -> list[str]:
    """Problems found in `value` (a dict from JSON); [] when it matches the SDK."""
    if cls is None:
        cls = _CLASSES_BY_OBJECT.get(value.get("object", ""))
        if cls is None:
            return [f"{path}: unknown object type {value.get('object')!r}"]
    return _check_object(value, cls, path)


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
        results = [_check_value(value, arg, owner, path) for arg in args]
        return [] if any(not r for r in results) else min(results, key=len)
    if annotation is type(None):
        return [] if value is None else [f"{path}: expected null"]
    if origin is Literal:
        return [] if value in args else [f"{path}: {value!r} not one of {args}"]
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
