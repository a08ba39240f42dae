"""Builders for Stripe-shaped JSON objects (API version of the installed stripe-python).

Only fields the SDK annotates are written; tests check every object with the shape check.
"""
from __future__ import annotations

from typing import Any

from stripe import api_version as API_VERSION

_NO_ADDRESS = {"city": None, "country": None, "line1": None, "line2": None, "postal_code": None, "state": None}


def list_object(url: str, data: list[dict[str, Any]], has_more: bool = False) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def customer(cid: str, created: int, email: str | None, name: str | None, metadata: dict, default_pm: str | None,
             preferred_locales: list[str] | None = None) -> dict:
    return {
        "id": cid, "object": "customer", "created": created, "livemode": False, "default_source": None,
        "tax_exempt": "none", "test_clock": None, "email": email, "name": name, "metadata": metadata,
        "invoice_settings": {"custom_fields": None, "default_payment_method": default_pm, "footer": None,
                             "rendering_options": None},
        "currency": "sek", "delinquent": False, "balance": 0, "description": None, "phone": None,
        "address": None, "discount": None, "shipping": None, "next_invoice_sequence": 1,
        "invoice_prefix": cid.rsplit("_", 1)[-1][-8:].upper(),
        "preferred_locales": list(preferred_locales or []),  # kept as sent; Stripe's default is []
    }


def price(pid: str, created: int, product: str, unit_amount: int, lookup_key: str | None, active: bool = True) -> dict:
    return {
        "id": pid, "object": "price", "active": active, "billing_scheme": "per_unit", "created": created,
        "currency": "sek", "livemode": False, "lookup_key": lookup_key, "metadata": {}, "nickname": None,
        "product": product, "recurring": {"interval": "year", "interval_count": 1, "meter": None,
                                          "trial_period_days": None, "usage_type": "licensed"},
        "tax_behavior": "inclusive", "tiers_mode": None, "transform_quantity": None, "type": "recurring",
        "custom_unit_amount": None,
        "unit_amount": unit_amount, "unit_amount_decimal": str(unit_amount),
    }


def plan_of(price_obj: dict) -> dict:
    """The legacy `plan` mirror Stripe still puts on subscription items."""
    return {
        "id": price_obj["id"], "object": "plan", "active": price_obj["active"], "amount": price_obj["unit_amount"],
        "amount_decimal": price_obj["unit_amount_decimal"], "billing_scheme": "per_unit",
        "created": price_obj["created"], "currency": "sek", "interval": "year", "interval_count": 1,
        "livemode": False, "metadata": {}, "meter": None, "nickname": None, "product": price_obj["product"],
        "tiers_mode": None, "transform_usage": None, "trial_period_days": None, "usage_type": "licensed",
    }


def payment_method(pm_id: str, created: int, customer_id: str | None, last4: str, exp_month: int, exp_year: int) -> dict:
    return {
        "id": pm_id, "object": "payment_method", "allow_redisplay": "unspecified", "created": created,
        "customer": customer_id, "customer_account": None, "livemode": False, "metadata": {}, "type": "card",
        "billing_details": {"address": dict(_NO_ADDRESS), "email": None, "name": None, "phone": None, "tax_id": None},
        "card": {
            "brand": "visa", "display_brand": "visa", "country": "SE", "exp_month": exp_month, "exp_year": exp_year,
            "fingerprint": f"fp{last4}emulator", "funding": "credit", "last4": last4, "regulated_status": None,
            "checks": {"address_line1_check": None, "address_postal_code_check": None, "cvc_check": "pass"},
            "generated_from": None, "networks": {"available": ["visa"], "preferred": None},
            "three_d_secure_usage": {"supported": True}, "wallet": None,
        },
    }


def subscription_item(si_id: str, created: int, sub_id: str, price_obj: dict, period_start: int, period_end: int) -> dict:
    return {
        "id": si_id, "object": "subscription_item", "created": created, "current_period_start": period_start,
        "current_period_end": period_end, "discounts": [], "metadata": {}, "plan": plan_of(price_obj),
        "price": price_obj, "quantity": 1, "subscription": sub_id, "tax_rates": [], "billing_thresholds": None,
    }


def subscription(s: dict) -> dict:
    """`s` is the emulator's record; the result is what the API returns."""
    return {
        "id": s["id"], "object": "subscription", "application": None, "application_fee_percent": None,
        "automatic_tax": {"enabled": False, "liability": None, "disabled_reason": None},
        "billing_cycle_anchor": s["anchor"], "billing_cycle_anchor_config": None,
        "billing_mode": {"type": "flexible", "flexible": {"proration_discounts": "included"}, "updated_at": s["created"]},
        "billing_schedules": [], "billing_thresholds": None,
        "cancel_at": s["cancel_at"], "cancel_at_period_end": s["cancel_at_period_end"],
        "canceled_at": s["canceled_at"], "cancellation_details": {"comment": None, "feedback": None, "reason": None},
        "collection_method": s["collection_method"], "created": s["created"], "currency": "sek",
        "customer": s["customer"], "customer_account": None, "days_until_due": s["days_until_due"],
        "default_payment_method": s["default_payment_method"], "default_source": None, "default_tax_rates": [],
        "description": None, "discounts": [], "ended_at": s["ended_at"],
        "invoice_settings": {"account_tax_ids": None, "custom_fields": None, "description": None, "footer": None,
                             "issuer": {"type": "self"}},
        "items": list_object(f"/v1/subscription_items?subscription={s['id']}", [s["item"]]),
        "latest_invoice": s["latest_invoice"], "livemode": False, "managed_payments": None, "metadata": s["metadata"],
        "next_pending_invoice_item_invoice": None, "on_behalf_of": None, "pause_collection": None,
        "payment_settings": None, "pending_invoice_item_interval": None, "pending_setup_intent": None,
        "pending_update": None, "schedule": s.get("schedule"), "start_date": s["created"], "status": s["status"],
        "test_clock": None, "transfer_data": None, "trial_end": None, "trial_settings": None, "trial_start": None,
    }


def invoice(i: dict) -> dict:
    paid = i["status"] == "paid"
    return {
        "id": i["id"], "object": "invoice", "account_country": "SE", "account_name": "CleverStore",
        "account_tax_ids": None, "amount_due": i["amount"], "amount_overpaid": 0,
        "amount_paid": i["amount"] if paid else 0, "amount_remaining": 0 if paid else i["amount"],
        "amount_shipping": 0, "application": None, "attempt_count": i["attempt_count"],
        "attempted": i["attempt_count"] > 0, "auto_advance": not paid, "automatically_finalizes_at": None,
        "automatic_tax": {"enabled": False, "liability": None, "status": None, "disabled_reason": None,
                          "provider": None},
        "billing_reason": i["billing_reason"], "collection_method": i["collection_method"], "created": i["created"],
        "currency": "sek", "custom_fields": i.get("custom_fields"), "customer": i["customer"], "customer_account": None,
        "customer_address": None,
        "customer_email": i["customer_email"], "customer_name": i.get("customer_name"), "customer_phone": None,
        "customer_shipping": None, "customer_tax_exempt": "none", "customer_tax_ids": i.get("customer_tax_ids", []),
        "default_payment_method": None, "default_source": None, "default_tax_rates": [], "description": None,
        "discounts": [], "due_date": i["due_date"], "effective_at": i["created"], "ending_balance": 0,
        "footer": None, "from_invoice": None, "hosted_invoice_url": i["hosted_invoice_url"],
        "invoice_pdf": i["invoice_pdf"], "issuer": {"type": "self"}, "last_finalization_error": None,
        "latest_revision": None,
        "lines": list_object(f"/v1/invoices/{i['id']}/lines", i.get("_lines") or [_line(i)]),
        "livemode": False, "metadata": {}, "next_payment_attempt": i.get("next_payment_attempt"), "number": i["number"],
        "on_behalf_of": None,
        "parent": {"type": "subscription_details", "quote_details": None,
                   "subscription_details": {"metadata": {}, "subscription": i["subscription"]}},
        "payment_settings": {"default_mandate": None, "payment_method_options": None, "payment_method_types": None},
        "period_end": i["period_end"], "period_start": i["period_start"], "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0, "receipt_number": None, "rendering": None, "shipping_cost": None,
        "shipping_details": None, "starting_balance": 0, "statement_descriptor": None, "status": i["status"],
        "status_transitions": {"finalized_at": i["created"], "marked_uncollectible_at": None,
                               "paid_at": i["paid_at"], "voided_at": None},
        "subtotal": i["amount"], "subtotal_excluding_tax": i["amount"] - i["amount"] // 5, "test_clock": None,
        "total": i["amount"], "total_discount_amounts": [], "total_excluding_tax": i["amount"] - i["amount"] // 5,
        "total_pretax_credit_amounts": [], "total_taxes": [],
        "webhooks_delivered_at": i["created"],
    }


def _line(i: dict) -> dict:
    return {
        "id": "il_" + i["id"][3:], "object": "line_item", "amount": i["amount"], "currency": "sek",
        "description": i["description"], "discount_amounts": [], "discountable": True, "discounts": [],
        "invoice": i["id"], "livemode": False, "metadata": {},
        "period": {"start": i["period_start"], "end": i["period_end"]}, "quantity": 1, "quantity_decimal": "1",
        "subscription": i["subscription"], "pretax_credit_amounts": None, "taxes": None,
        "parent": {"type": "subscription_item_details", "invoice_item_details": None,
                   "subscription_item_details": {"invoice_item": None, "proration": False, "proration_details": None,
                                                 "subscription": i["subscription"],
                                                 "subscription_item": i["subscription_item"]}},
        "pricing": {"type": "price_details", "price_details": {"price": i["price"], "product": i["product"]},
                    "unit_amount_decimal": str(i["amount"])},
        "subtotal": i["amount"],
    }


def checkout_session(c: dict) -> dict:
    return {
        "id": c["id"], "object": "checkout.session", "adaptive_pricing": {"enabled": False},
        "after_expiration": None, "allow_promotion_codes": None, "collected_information": None,
        "currency_conversion": None, "customer_account": None, "discounts": [], "integration_identifier": None,
        "managed_payments": None, "payment_method_configuration_details": None, "payment_method_options": None,
        "permissions": None, "phone_number_collection": {"enabled": False}, "saved_payment_method_options": None,
        "shipping_cost": None, "wallet_options": None,
        "amount_subtotal": c["amount"], "amount_total": c["amount"],
        "automatic_tax": {"enabled": False, "liability": None, "status": None, "provider": None},
        "billing_address_collection": c["billing_address_collection"], "cancel_url": c["cancel_url"],
        "client_reference_id": c["client_reference_id"], "client_secret": None, "consent": None,
        "consent_collection": None, "created": c["created"], "currency": "sek", "custom_fields": [],
        "custom_text": {"after_submit": None, "shipping_address": None,
                        "submit": {"message": c["submit_message"]} if c.get("submit_message") else None,
                        "terms_of_service_acceptance": None},
        "customer": c["customer"], "customer_creation": None, "customer_details": None,
        "customer_email": c["customer_email"], "expires_at": c["created"] + 24 * 3600, "invoice": c["invoice"],
        "invoice_creation": None, "livemode": False, "locale": c["locale"], "metadata": c["metadata"],
        "mode": "subscription", "origin_context": None, "payment_intent": None, "payment_link": None,
        "payment_method_collection": "always", "payment_method_types": ["card"],
        "payment_status": c["payment_status"], "recovered_from": None,
        "setup_intent": None, "shipping_address_collection": None, "shipping_options": [],
        "status": c["status"], "submit_type": None, "subscription": c["subscription"],
        "success_url": c["success_url"], "total_details": None, "ui_mode": "hosted_page",
        "url": c["url"] if c["status"] == "open" else None,
    }


def portal_session(p: dict) -> dict:
    return {
        "id": p["id"], "object": "billing_portal.session", "configuration": "bpc_emulator", "created": p["created"],
        "customer": p["customer"], "customer_account": None, "flow": None, "livemode": False, "locale": None, "on_behalf_of": None,
        "return_url": p["return_url"], "url": p["url"],
    }


def event(eid: str, created: int, event_type: str, data_object: dict, previous: dict | None = None) -> dict:
    data: dict[str, Any] = {"object": data_object}
    if previous is not None:
        data["previous_attributes"] = previous
    return {
        "id": eid, "object": "event", "api_version": API_VERSION, "created": created, "data": data, "livemode": False,
        "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None}, "type": event_type,
    }


def error(message: str, param: str | None = None, code: str = "resource_missing") -> dict:
    body: dict[str, Any] = {"type": "invalid_request_error", "message": message, "code": code}
    if param:
        body["param"] = param
    return {"error": body}
