"""The emulator against the SDK: every object it returns or sends matches stripe-python's annotations."""
import json
import urllib.error
import urllib.request

import pytest
import stripe

from cleverstore.services.billing.stripe_client import stripe_client
from stripe_emulator.forms import decode
from tests.helpers.stripe_emulator import emulator  # noqa: F401
from tests.helpers.stripe_shape import check


def _raw(emulator, path: str, data: bytes | None = None, key: str = "sk_test_cleverstore_emulator"):
    request = urllib.request.Request(emulator.url + path, data=data, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _hosted_post(url: str, form: bytes) -> int:
    """Submit a hosted page's form as the browser would; the status (303 = sent back to the app)."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(urllib.request.Request(url, data=form), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_response_and_event_of_a_full_year_has_the_sdk_shape(emulator):
    client = stripe_client()
    price = client.v1.prices.list({"lookup_keys": ["cleverstore_plus_yearly"], "active": True})["data"][0]
    customer = client.v1.customers.create({"email": "kund@example.se", "metadata": {"account_id": "7"}})
    session = client.v1.checkout.sessions.create({
        "mode": "subscription", "line_items": [{"price": price["id"], "quantity": 1}], "customer": customer["id"],
        "client_reference_id": "7", "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://a/c", "subscription_data": {"metadata": {"account_id": "7"}}})
    assert _hosted_post(session["url"], b"card=4000+0000+0000+9995") == 402  # declined: still open
    assert client.v1.checkout.sessions.retrieve(session["id"])["status"] == "open"
    assert _hosted_post(session["url"], b"card=4000+0000+0000+0341") == 303
    session = client.v1.checkout.sessions.retrieve(session["id"])
    sub = client.v1.subscriptions.retrieve(session["subscription"])
    pm = client.v1.payment_methods.retrieve(sub["default_payment_method"])
    portal = client.v1.billing_portal.sessions.create({"customer": customer["id"], "return_url": "http://a/b"})
    _raw(emulator, "/_emulator/clock/advance", b"to=next_renewal")
    assert client.v1.subscriptions.retrieve(sub["id"])["status"] == "past_due"
    assert _hosted_post(portal["url"], b"card=4242424242424242") == 200
    renewed = client.v1.subscriptions.retrieve(sub["id"])
    updated = client.v1.subscriptions.update(sub["id"], {"cancel_at": renewed["items"]["data"][0]["current_period_end"]})
    new_price = client.v1.prices.create({"currency": "sek", "unit_amount": 95_000, "product": price["product"],
                                         "recurring": {"interval": "year"}, "lookup_key": price["lookup_key"],
                                         "transfer_lookup_key": True})
    invoices = client.v1.invoices.list({"customer": customer["id"]})
    objects = [price, customer, session, sub, pm, portal, updated, new_price] + list(invoices["data"])
    for obj in objects:
        assert check(obj.to_dict()) == [], obj["object"]
    assert check(_raw(emulator, f"/v1/subscriptions/{sub['id']}")) == []
    assert check(_raw(emulator, "/v1/invoices?customer=" + customer["id"])["data"][0]) == []
    kinds = [event["type"] for event in emulator.events]
    assert {"checkout.session.completed", "customer.subscription.created", "invoice.paid",
            "invoice.payment_failed", "customer.subscription.updated"} <= set(kinds)
    for event in emulator.events:
        assert check(event) == [], event["type"]
    assert [i["status"] for i in invoices["data"]] == ["paid", "paid"]  # the renewal, paid in the portal


def test_errors_come_back_as_stripe_errors(emulator):
    client = stripe_client()
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.subscriptions.retrieve("sub_missing")
    assert missing.value.http_status == 404
    with pytest.raises(stripe.InvalidRequestError) as bad:
        client.v1.checkout.sessions.create({"mode": "subscription", "line_items": [{"price": "price_nope"}],
                                            "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}"})
    assert bad.value.param == "line_items[0][price]" and bad.value.code == "resource_missing"
    with pytest.raises(urllib.error.HTTPError) as refused:
        _raw(emulator, "/v1/prices", key="sk_test_wrong")
    assert refused.value.code == 401


def test_an_idempotency_key_replays_the_first_answer(emulator):
    client = stripe_client()
    first = client.v1.customers.create({"email": "a@example.se"}, {"idempotency_key": "same"})
    again = client.v1.customers.create({"email": "a@example.se"}, {"idempotency_key": "same"})
    assert first["id"] == again["id"] and len(emulator.store.customers) == 1


def test_form_decoding_follows_stripes_encoding():
    assert decode("line_items[0][price]=p&line_items[0][quantity]=1&metadata[a]=b&lookup_keys[0]=k&mode=x") == {
        "line_items": {"0": {"price": "p", "quantity": "1"}}, "metadata": {"a": "b"}, "lookup_keys": {"0": "k"},
        "mode": "x"}


def test_listing_and_expiring_checkout_sessions_have_the_sdk_shape(emulator):
    client = stripe_client()
    price = client.v1.prices.list({"lookup_keys": ["cleverstore_bas_yearly"], "active": True})["data"][0]
    customer = client.v1.customers.create({"email": "kund@example.se"})
    session = client.v1.checkout.sessions.create({
        "mode": "subscription", "line_items": [{"price": price["id"], "quantity": 1}], "customer": customer["id"],
        "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}", "cancel_url": "http://a/c"})
    listed = client.v1.checkout.sessions.list({"customer": customer["id"], "status": "open"})
    assert [s["id"] for s in listed["data"]] == [session["id"]]
    expired = client.v1.checkout.sessions.expire(session["id"])
    assert expired["status"] == "expired" and expired["url"] is None
    assert check(listed["data"][0].to_dict()) == [] and check(expired.to_dict()) == []
    assert _hosted_post(session["url"], b"card=4242424242424242") == 410
    assert client.v1.checkout.sessions.list({"customer": customer["id"], "status": "open"})["data"] == []
