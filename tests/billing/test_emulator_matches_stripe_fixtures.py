"""The emulator against Stripe's own published objects (fixtures3.json of stripe/openapi).

A full year is driven through the emulator, as a customer and the app would; every object it
returns or sends must (1) match stripe-python's annotations, enum values included, and (2) have
the fields of the matching object in Stripe's fixtures, except the differences listed, each with
its reason, in `tests.helpers.stripe_shape.ACCEPTED_DIFFERENCES`.
"""
import json
import urllib.error
import urllib.request

from cleverstore.config import EMULATOR_SECRET_KEY
from cleverstore.services.billing.stripe_client import stripe_client
from tests.helpers.stripe_emulator import emulator  # noqa: F401
from tests.helpers.stripe_shape import (
    ACCEPTED_DIFFERENCES,
    all_differences,
    check,
    compare_with_fixture,
    stripe_fixtures,
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _raw(emulator, path: str, data: bytes | None = None) -> dict:
    request = urllib.request.Request(emulator.url + path, data=data,
                                     headers={"Authorization": f"Bearer {EMULATOR_SECRET_KEY}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _hosted_post(url: str, form: bytes) -> int:
    """Submit a hosted page's form as the browser would; the HTTP status."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(urllib.request.Request(url, data=form), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _a_year(emulator) -> list[dict]:
    """Every object of a customer's year: checkout (a declined card, then a card that fails later), the
    portal, a failed renewal paid in the portal, notice given and withdrawn, a new price, lists, events."""
    client = stripe_client()
    price = client.v1.prices.list({"lookup_keys": ["cleverstore_plus_yearly"], "active": True})
    customer = client.v1.customers.create({"email": "kund@example.se", "name": "Kund",
                                           "metadata": {"account_id": "7"}, "preferred_locales": ["sv"]})
    session = client.v1.checkout.sessions.create({
        "mode": "subscription", "line_items": [{"price": price["data"][0]["id"], "quantity": 1}],
        "customer": customer["id"], "client_reference_id": "7",
        "success_url": "http://a/s?session_id={CHECKOUT_SESSION_ID}", "cancel_url": "http://a/c",
        "metadata": {"account_id": "7"}, "subscription_data": {"metadata": {"account_id": "7"}},
        "billing_address_collection": "required"})
    open_sessions = client.v1.checkout.sessions.list({"customer": customer["id"], "status": "open", "limit": 20})
    assert _hosted_post(session["url"], b"card=4000+0000+0000+9995") == 402  # declined: still open
    assert _hosted_post(session["url"], b"card=4000+0000+0000+0341") == 303  # pays now, fails at renewal
    session = client.v1.checkout.sessions.retrieve(session["id"])
    sub = client.v1.subscriptions.retrieve(session["subscription"])
    pm = client.v1.payment_methods.retrieve(sub["default_payment_method"])
    portal = client.v1.billing_portal.sessions.create({"customer": customer["id"], "return_url": "http://a/b"})
    _raw(emulator, "/_emulator/clock/advance", b"to=next_renewal")
    renewed = client.v1.subscriptions.retrieve(sub["id"])
    assert _hosted_post(portal["url"], b"card=4242424242424242") == 200  # the open renewal paid
    period_end = renewed["items"]["data"][0]["current_period_end"]
    noticed = client.v1.subscriptions.update(sub["id"], {"cancel_at": period_end, "proration_behavior": "none"})
    withdrawn = client.v1.subscriptions.update(sub["id"], {"cancel_at": ""})
    new_price = client.v1.prices.create({
        "currency": "sek", "unit_amount": 95_000, "product": price["data"][0]["product"],
        "recurring": {"interval": "year"}, "tax_behavior": "inclusive",
        "lookup_key": price["data"][0]["lookup_key"], "transfer_lookup_key": True})
    moved = client.v1.subscriptions.update(sub["id"], {
        "items": [{"id": renewed["items"]["data"][0]["id"], "price": new_price["id"]}], "proration_behavior": "none"})
    invoices = client.v1.invoices.list({"customer": customer["id"], "limit": 24})
    other = client.v1.customers.create({"email": "avtal@example.se", "metadata": {"account_id": "8"}})
    on_terms = client.v1.subscriptions.create({
        "customer": other["id"], "items": [{"price": new_price["id"]}], "metadata": {"account_id": "8"},
        "collection_method": "send_invoice", "days_until_due": 30})
    expanded = client.v1.subscriptions.retrieve(sub["id"], {"expand": ["latest_invoice", "customer"]})
    assert isinstance(expanded["latest_invoice"]["lines"]["data"], list)  # really expanded, judged as an invoice
    responses = [price, customer, session, open_sessions, sub, pm, portal, renewed, noticed, withdrawn, new_price,
                 moved, invoices, other, on_terms, expanded]
    raw = [_raw(emulator, f"/v1/subscriptions/{sub['id']}"), _raw(emulator, f"/v1/invoices?customer={customer['id']}")]
    return [r.to_dict() for r in responses] + raw + list(emulator.events)


def _objects(value) -> list[dict]:
    """The object and every Stripe object inside it (list items, expanded fields, an event's object)."""
    found = []
    if isinstance(value, dict):
        if isinstance(value.get("object"), str) and value["object"] != "list":
            found.append(value)
        for item in value.values():
            found += _objects(item)
    elif isinstance(value, list):
        for item in value:
            found += _objects(item)
    return found


def test_every_object_of_a_year_has_the_sdk_shape_and_stripes_fields(emulator):
    year = _a_year(emulator)
    kinds = {event["type"] for event in year if event.get("object") == "event"}
    assert {"checkout.session.completed", "customer.subscription.created", "invoice.paid",
            "invoice.payment_failed", "customer.subscription.updated"} <= kinds
    problems = {}
    for obj in year:
        name = obj["type"] if obj["object"] == "event" else obj["object"]
        found = check(obj) + compare_with_fixture(obj) if obj["object"] != "list" else check_list(obj)
        if found:
            problems[name] = found
    assert problems == {}


def check_list(value: dict) -> list[str]:
    """A list object: its own four fields, then each item as an object."""
    extra = [f"$.{k}: not a field of a list" for k in value if k not in {"object", "data", "has_more", "url"}]
    missing = [f"$.{k}: missing" for k in ("data", "has_more", "url") if k not in value]
    return extra + missing + [p for item in value.get("data", []) for p in check(item) + compare_with_fixture(item)]


def test_every_accepted_difference_still_occurs(emulator):
    """The list holds no stale entry: each accepted difference is one the year above really shows."""
    seen = {path for obj in _a_year(emulator) for inner in _objects(obj) if inner["object"] in stripe_fixtures()
            for path in all_differences(inner)}
    assert sorted(set(ACCEPTED_DIFFERENCES) - seen) == []
    assert all(reason.strip() for reason in ACCEPTED_DIFFERENCES.values())


def test_the_checks_catch_a_wrong_enum_value_and_a_field_stripe_always_sends():
    """The checks themselves can fail: an unknown status, a dropped field."""
    subscription = json.loads(json.dumps(stripe_fixtures()["subscription"]))
    subscription["status"] = "overdue"  # Stripe says past_due
    assert any("'overdue' is not a value Stripe sends" in p for p in check(subscription))
    del subscription["latest_invoice"]
    assert "subscription.latest_invoice: missing" in compare_with_fixture(subscription)
    invoice = json.loads(json.dumps(stripe_fixtures()["invoice"]))
    invoice["collection_method"] = "invoice"
    assert any(p.startswith("$.collection_method:") for p in check(invoice))
