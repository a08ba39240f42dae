"""A customer's own details as Stripe keeps them: updates (`POST /v1/customers/{id}`: name, e-mail,
invoice custom fields), tax ids (`tax_id_data` at create, `/v1/customers/{id}/tax_ids`), and the copy
Stripe puts on each invoice when it is made (`customer_name`, `customer_tax_ids`, `custom_fields`).

Checked as Stripe checks them, before anything changes: at most four custom fields, a name of at most
40 and a value of at most 140 characters; an `eu_vat` value in its country's format (Sweden: SE and 12
digits), else `tax_id_invalid`.
"""
from __future__ import annotations

import re

from stripe_emulator import objects as o
from stripe_emulator.forms import BadRequest, NotFound, as_list, integer, required

MAX_CUSTOM_FIELDS = 4
EU_COUNTRIES = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
                "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "EL")
_VAT_FORMATS = {"SE": re.compile(r"^SE\d{12}$")}
_ANY_VAT = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,13}$")
TAX_ID_TYPES = ("eu_vat",)  # the only kind the app sends; Stripe knows many more


def tax_id(tid: str, created: int, customer_id: str, kind: str, value: str) -> dict:
    return {
        "id": tid, "object": "tax_id", "country": value[:2].replace("EL", "GR"), "created": created,
        "customer": customer_id, "customer_account": None, "livemode": False,
        "owner": {"customer": customer_id, "customer_account": None, "type": "customer"},
        "type": kind, "value": value,
        # Stripe checks an EU VAT number with VIES afterwards (customer.tax_id.updated); the first answer is pending
        "verification": {"status": "pending", "verified_address": None, "verified_name": None},
    }


def _checked_tax_id(item: dict, param: str = "") -> tuple[str, str]:
    """One tax id's type and value (`param` is the array item's name, "" for the tax_ids endpoint)."""
    def name(field: str) -> str:
        return f"{param}[{field}]" if param else field

    kind, value = str(item.get("type") or ""), str(item.get("value") or "").replace(" ", "").upper()
    for field, given in (("type", kind), ("value", value)):
        if not given:
            raise BadRequest(f"Missing required param: {name(field)}.", name(field), "parameter_missing")
    if kind not in TAX_ID_TYPES:
        raise BadRequest(f"Invalid {name('type')}: the emulator knows {', '.join(TAX_ID_TYPES)}.", name("type"))
    fmt = _VAT_FORMATS.get(value[:2], _ANY_VAT)
    if value[:2] not in EU_COUNTRIES or not fmt.match(value):
        raise BadRequest(f"Invalid value for {kind}.", name("value"), "tax_id_invalid")
    return kind, value


def _checked_custom_fields(settings) -> list[dict] | None:
    """`invoice_settings[custom_fields]`: None when not sent, [] to unset ("")."""
    if not isinstance(settings, dict) or "custom_fields" not in settings:
        return None
    fields = as_list(settings["custom_fields"])
    if len(fields) > MAX_CUSTOM_FIELDS:
        raise BadRequest(f"Invalid array: invoice_settings[custom_fields] can have at most {MAX_CUSTOM_FIELDS} "
                         "items.", "invoice_settings[custom_fields]")
    cleaned = []
    for index, field in enumerate(fields):
        param = f"invoice_settings[custom_fields][{index}]"
        name, value = required(field, "name"), required(field, "value")
        if len(name) > 40:
            raise BadRequest(f"Invalid {param}[name]: must be at most 40 characters", f"{param}[name]")
        if len(value) > 140:
            raise BadRequest(f"Invalid {param}[value]: must be at most 140 characters", f"{param}[value]")
        cleaned.append({"name": name, "value": value})
    return cleaned


def read_create(params: dict) -> tuple[list[tuple[str, str]], list[dict] | None]:
    """What `POST /v1/customers` adds besides the basics, checked before the customer is made."""
    taxes = [_checked_tax_id(item, f"tax_id_data[{i}]") for i, item in enumerate(as_list(params.get("tax_id_data")))]
    return taxes, _checked_custom_fields(params.get("invoice_settings"))


def apply_create(store, customer: dict, extras: tuple[list[tuple[str, str]], list[dict] | None]) -> None:
    taxes, fields = extras
    customer["_tax_ids"] = [tax_id(store.new_id("txi"), store.now(), customer["id"], kind, value)
                            for kind, value in taxes]
    if fields:
        customer["invoice_settings"]["custom_fields"] = fields


def update_customer(store, cid: str, params: dict) -> dict:
    customer = store.customer(cid, "id")
    fields = _checked_custom_fields(params.get("invoice_settings"))
    for name in ("email", "name", "description", "phone"):
        if name in params:
            customer[name] = params[name] or None
    if "metadata" in params:
        customer["metadata"].update(params["metadata"] or {})
    if "preferred_locales" in params:
        customer["preferred_locales"] = [str(x) for x in as_list(params["preferred_locales"])]
    if fields is not None:
        customer["invoice_settings"]["custom_fields"] = fields or None
    return customer


def _tax_ids(customer: dict) -> list[dict]:
    return customer.setdefault("_tax_ids", [])


def route(store, method: str, path: str, cid: str, params: dict) -> dict:
    """`/v1/customers/{id}` (POST) and `/v1/customers/{id}/tax_ids[/{id}]` (GET, POST, DELETE)."""
    segments = path.strip("/").split("/")  # v1, customers, cus_…, [tax_ids, [txi_…]]
    if len(segments) == 3:
        return store.public(update_customer(store, cid, params))
    customer = store.customer(cid, "id")
    url = f"/v1/customers/{cid}/tax_ids"
    if len(segments) == 4 and method == "GET":
        limit = integer(params, "limit", 10)
        if not 1 <= limit <= 100:
            raise BadRequest("Invalid limit: must be between 1 and 100", "limit")
        found = sorted(_tax_ids(customer), key=lambda t: (t["created"], t["id"]), reverse=True)
        return o.list_object(url, found[:limit], len(found) > limit)
    if len(segments) == 4:
        kind, value = _checked_tax_id(params)
        made = tax_id(store.new_id("txi"), store.now(), cid, kind, value)
        _tax_ids(customer).append(made)
        return made
    wanted = segments[4]
    found = next((t for t in _tax_ids(customer) if t["id"] == wanted), None)
    if found is None:
        raise NotFound("tax_id", wanted)
    customer["_tax_ids"] = [t for t in _tax_ids(customer) if t["id"] != wanted]
    return {"id": wanted, "object": "tax_id", "deleted": True}


def product_of(store, params: dict) -> tuple[str, str | None]:
    """A new price's product: `product`, or one made now from `product_data` (a price agreed with one
    customer comes with its product the first time); the made product's name, else None."""
    made = params.get("product_data")
    if isinstance(made, dict) and made.get("name"):
        return store.new_id("prod"), str(made["name"])
    return required(params, "product"), None


def billed_to(invoice: dict) -> list[str]:
    """The lines an invoice prints about its customer: name, tax ids, custom fields (as Stripe's PDF)."""
    lines = [f"Bill to {invoice['customer_name']}"] if invoice.get("customer_name") else []
    lines += [f"{'VAT' if t['type'] == 'eu_vat' else t['type']} {t['value']}"
              for t in invoice.get("customer_tax_ids", [])]
    return lines + [f"{f['name']}: {f['value']}" for f in invoice.get("custom_fields") or []]


def on_invoice(customer: dict) -> dict:
    """What an invoice copies from its customer when it is made (later changes do not alter it)."""
    fields = customer["invoice_settings"]["custom_fields"]
    return {"customer_name": customer["name"], "custom_fields": [dict(f) for f in fields] if fields else None,
            "customer_tax_ids": [{"type": t["type"], "value": t["value"]} for t in _tax_ids(customer)]}
