"""Lists page as Stripe's do (limit, starting_after, ending_before, has_more, url); expand[] expands;
preferred_locales is kept as sent."""
import pytest
import stripe

from tests.helpers.stripe_emulator import bare_emulator, client_for, subscribed_customer  # noqa: F401


def test_lists_page_newest_first_with_cursors(bare_emulator):
    client = client_for(bare_emulator)
    product = client.v1.prices.list().data[0].product
    seeded_prices = len(bare_emulator.store.prices)
    made = [client.v1.prices.create({"currency": "sek", "unit_amount": 100 + n, "product": product,
                                     "recurring": {"interval": "year"}}).id for n in range(5)]
    everything = client.v1.prices.list({"limit": 100})
    assert everything.url == "/v1/prices" and not everything.has_more
    assert len(everything.data) == seeded_prices + 5
    assert [p.id for p in everything.data][:5] == list(reversed(made))  # newest first
    first = client.v1.prices.list({"limit": 2})
    assert [p.id for p in first.data] == [made[4], made[3]] and first.has_more
    second = client.v1.prices.list({"limit": 2, "starting_after": first.data[-1].id})
    assert [p.id for p in second.data] == [made[2], made[1]] and second.has_more
    back = client.v1.prices.list({"limit": 2, "ending_before": second.data[0].id})
    assert [p.id for p in back.data] == [made[4], made[3]] and not back.has_more
    walked = [p.id for p in client.v1.prices.list({"limit": 3}).auto_paging_iter()]
    assert walked == [p.id for p in everything.data]
    for n in range(10 - seeded_prices):
        client.v1.prices.create({"currency": "sek", "unit_amount": 200 + n, "product": product,
                                 "recurring": {"interval": "year"}})
    default = client.v1.prices.list()
    assert len(default.data) == 10 and default.has_more  # default limit 10 (there are 15)


def test_limit_outside_1_to_100_and_unknown_cursors_are_refused(bare_emulator):
    client = client_for(bare_emulator)
    for limit in (0, 101):
        with pytest.raises(stripe.InvalidRequestError) as refused:
            client.v1.prices.list({"limit": limit})
        assert refused.value.param == "limit"
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.v1.invoices.list({"starting_after": "in_nope"})
    assert (unknown.value.http_status, unknown.value.code, unknown.value.param) == (
        404, "resource_missing", "starting_after")


def test_every_list_the_app_uses_pages(bare_emulator):
    client = client_for(bare_emulator)
    customer, sub = subscribed_customer(bare_emulator)
    for _ in range(2):
        bare_emulator.store.advance(bare_emulator.store.seconds_to_next_renewal())
    invoices = client.v1.invoices.list({"customer": customer, "limit": 2})
    assert len(invoices.data) == 2 and invoices.has_more and invoices.url == "/v1/invoices"
    rest = client.v1.invoices.list({"customer": customer, "limit": 2, "starting_after": invoices.data[-1].id})
    assert len(rest.data) == 1 and not rest.has_more
    assert rest.data[0].billing_reason == "subscription_create"
    sessions = client.v1.checkout.sessions.list({"customer": customer, "limit": 1})
    assert sessions.url == "/v1/checkout/sessions" and len(sessions.data) == 1 and not sessions.has_more
    subs = client.v1.subscriptions.list({"customer": customer})
    assert [s.id for s in subs.data] == [sub] and subs.url == "/v1/subscriptions"


def test_expand_replaces_ids_with_objects(bare_emulator):
    client = client_for(bare_emulator)
    customer, sub = subscribed_customer(bare_emulator)
    expanded = client.v1.subscriptions.retrieve(
        sub, {"expand": ["latest_invoice", "customer", "default_payment_method"]})
    assert expanded.latest_invoice.object == "invoice" and expanded.latest_invoice.status == "paid"
    assert expanded.customer.id == customer and expanded.default_payment_method.card.last4 == "4242"
    plain = client.v1.subscriptions.retrieve(sub)
    assert isinstance(plain.latest_invoice, str) and isinstance(plain.customer, str)
    listed = client.v1.invoices.list({"customer": customer, "expand": ["data.customer"]})
    assert listed.data[0].customer.object == "customer"
    session = client.v1.checkout.sessions.list({"customer": customer, "expand": ["data.subscription"]}).data[0]
    assert session.subscription.id == sub
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.subscriptions.retrieve(sub, {"expand": ["status"]})
    assert refused.value.param == "expand"


def test_preferred_locales_are_kept_as_sent(bare_emulator):
    client = client_for(bare_emulator)
    assert client.v1.customers.create({"preferred_locales": ["en", "sv"]}).preferred_locales == ["en", "sv"]
    assert client.v1.customers.create({"email": "a@example.se"}).preferred_locales == []
