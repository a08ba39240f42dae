"""The emulator refuses what Stripe refuses, with Stripe's error types and codes, and changes nothing then."""
import json
import time
import urllib.error
import urllib.request

import pytest
import stripe

from cleverstore.config import EMULATOR_SECRET_KEY
from tests.helpers.stripe_emulator import bare_emulator, client_for, subscribed_customer  # noqa: F401


def _raw(emulator, path: str, data: bytes | None = None, key: str | None = EMULATOR_SECRET_KEY,
         headers: dict | None = None) -> tuple[int, dict]:
    sent = dict(headers or {})
    if key is not None:
        sent["Authorization"] = f"Bearer {key}"
    try:
        with urllib.request.urlopen(urllib.request.Request(emulator.url + path, data=data, headers=sent),
                                    timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as answer:
        return answer.code, json.loads(answer.read())


def test_same_idempotency_key_replays_and_other_parameters_are_refused(bare_emulator):
    client = client_for(bare_emulator)
    first = client.v1.customers.create({"email": "a@example.se"}, {"idempotency_key": "k1"})
    again = client.v1.customers.create({"email": "a@example.se"}, {"idempotency_key": "k1"})
    assert first.id == again.id and len(bare_emulator.store.customers) == 1
    with pytest.raises(stripe.IdempotencyError) as refused:
        client.v1.customers.create({"email": "b@example.se"}, {"idempotency_key": "k1"})
    assert refused.value.http_status == 400 and "same parameters" in str(refused.value)
    status, body = _raw(bare_emulator, "/v1/prices", b"currency=sek", headers={"Idempotency-Key": "k1"})
    assert status == 400 and body["error"]["type"] == "idempotency_error"  # another endpoint
    assert len(bare_emulator.store.customers) == 1


def test_unknown_parameters_are_refused_by_name(bare_emulator):
    client = client_for(bare_emulator)
    with pytest.raises(stripe.InvalidRequestError) as top:
        client.v1.customers.create({"email": "a@example.se", "emial": "typo"})
    assert (top.value.code, top.value.param, top.value.http_status) == ("parameter_unknown", "emial", 400)
    price = client.v1.prices.list({"lookup_keys": ["cleverstore_bas_yearly"]}).data[0]
    with pytest.raises(stripe.InvalidRequestError) as nested:
        client.v1.checkout.sessions.create({"mode": "subscription", "line_items": [{"price": price.id, "qty": 1}],
                                            "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}"})
    assert (nested.value.code, nested.value.param) == ("parameter_unknown", "line_items[0][qty]")
    with pytest.raises(stripe.InvalidRequestError) as on_a_list:
        client.v1.invoices.list({"customerr": "cus_x"})
    assert on_a_list.value.param == "customerr"
    assert bare_emulator.store.customers == {} and bare_emulator.store.sessions == {}


def test_cancel_at_in_the_past_is_refused_and_changes_nothing(bare_emulator):
    client = client_for(bare_emulator)
    _, sub = subscribed_customer(bare_emulator)
    with pytest.raises(stripe.InvalidRequestError) as past:
        client.v1.subscriptions.update(sub, {"cancel_at": int(time.time()) - 60, "metadata": {"a": "b"}})
    assert past.value.param == "cancel_at" and past.value.http_status == 400
    after = client.v1.subscriptions.retrieve(sub)
    assert after.cancel_at is None and after.metadata.to_dict() == {}


def test_errors_carry_stripes_codes(bare_emulator):
    client = client_for(bare_emulator)
    seeded_prices = len(bare_emulator.store.prices)
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.subscriptions.retrieve("sub_missing")
    assert (missing.value.http_status, missing.value.code, missing.value.param) == (404, "resource_missing", "id")
    assert missing.value.json_body["error"]["doc_url"].endswith("/resource-missing")
    with pytest.raises(stripe.InvalidRequestError) as not_a_number:
        client.v1.prices.create({"currency": "sek", "unit_amount": "tio", "product": "prod_x",
                                 "recurring": {"interval": "year"}})
    assert (not_a_number.value.code, not_a_number.value.param) == ("parameter_invalid_integer", "unit_amount")
    with pytest.raises(stripe.InvalidRequestError) as absent:
        client.v1.prices.create({"currency": "sek", "product": "prod_x", "recurring": {"interval": "year"}})
    assert (absent.value.code, absent.value.param) == ("parameter_missing", "unit_amount")
    with pytest.raises(stripe.InvalidRequestError) as empty:
        client.v1.billing_portal.sessions.create({"customer": ""})
    assert (empty.value.code, empty.value.param) == ("parameter_invalid_empty", "customer")
    with pytest.raises(stripe.InvalidRequestError) as bad_choice:
        client.v1.invoices.list({"status": "betald"})
    assert bad_choice.value.param == "status" and bad_choice.value.code is None
    with pytest.raises(stripe.InvalidRequestError) as both:
        client.v1.invoices.list({"starting_after": "in_a", "ending_before": "in_b"})
    assert both.value.code == "parameters_exclusive"
    assert bare_emulator.store.portals == {} and len(bare_emulator.store.prices) == seeded_prices


def test_a_wrong_or_missing_key_gets_401_without_the_key_in_the_answer(bare_emulator):
    status, body = _raw(bare_emulator, "/v1/prices", key="sk_test_wrong_key_123456789")
    assert status == 401 and body["error"]["type"] == "invalid_request_error" and "code" not in body["error"]
    assert body["error"]["message"].startswith("Invalid API Key provided: sk_test_")
    assert "wrong_key_12" not in body["error"]["message"] and body["error"]["message"].endswith("6789")
    status, body = _raw(bare_emulator, "/v1/prices", key=None)
    assert status == 401 and "did not provide an API key" in body["error"]["message"]
    with pytest.raises(stripe.AuthenticationError):
        stripe.StripeClient("sk_test_other", base_addresses={"api": bare_emulator.url},
                            max_network_retries=0).v1.prices.list()


def test_an_unknown_url_is_an_unrecognized_request(bare_emulator):
    status, body = _raw(bare_emulator, "/v1/charges")
    assert status == 404 and body["error"]["message"].startswith("Unrecognized request URL (GET: /v1/charges)")


def test_every_parameter_the_app_sends_is_accepted(bare_emulator):
    """The exact parameter sets of the app's calls (cleverstore/services/billing)."""
    client = client_for(bare_emulator)
    customer = client.v1.customers.create(
        {"email": "kund@example.se", "name": "Kund", "metadata": {"account_id": "7"}, "preferred_locales": ["sv"]},
        {"idempotency_key": "cleverstore-customer-7"})
    price = client.v1.prices.list({"lookup_keys": ["cleverstore_bas_yearly"], "active": True}).data[0]
    session = client.v1.checkout.sessions.create({
        "mode": "subscription", "line_items": [{"price": price.id, "quantity": 1}], "customer": customer.id,
        "client_reference_id": "7", "success_url": "http://a/billing/success?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://a/billing", "metadata": {"account_id": "7"},
        "subscription_data": {"metadata": {"account_id": "7"}}, "billing_address_collection": "required"},
        {"idempotency_key": "cleverstore-checkout-7-bas-1"})
    client.v1.checkout.sessions.list({"customer": customer.id, "status": "open", "limit": 20})
    client.v1.checkout.sessions.expire(session.id)
    client.v1.billing_portal.sessions.create({"customer": customer.id, "return_url": "http://a/billing"})
    sub = client.v1.subscriptions.create(
        {"customer": customer.id, "items": [{"price": price.id}], "metadata": {"account_id": "7"},
         "collection_method": "send_invoice", "days_until_due": 30},
        {"idempotency_key": "cleverstore-invoice-terms-7-1-bas"})
    client.v1.subscriptions.update(sub.id, {"collection_method": "send_invoice", "days_until_due": 14})
    new = client.v1.prices.create({"currency": "sek", "unit_amount": 52_000, "product": price.product,
                                   "recurring": {"interval": "year"}, "tax_behavior": "inclusive",
                                   "lookup_key": price.lookup_key, "transfer_lookup_key": True})
    item = client.v1.subscriptions.retrieve(sub.id)["items"]["data"][0]["id"]
    client.v1.subscriptions.update(sub.id, {"items": [{"id": item, "price": new.id}], "proration_behavior": "none"})
    ends = client.v1.subscriptions.retrieve(sub.id)["items"]["data"][0]["current_period_end"]
    client.v1.subscriptions.update(sub.id, {"cancel_at": ends, "proration_behavior": "none"})
    assert client.v1.subscriptions.update(sub.id, {"cancel_at": ""}).cancel_at is None
    assert client.v1.invoices.list({"customer": customer.id, "limit": 24}).data[0].status == "open"
