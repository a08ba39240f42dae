"""cancel_at beyond the current period: Stripe renews at the period end, invoices the prorated part up to
cancel_at, and ends the subscription at cancel_at with customer.subscription.deleted."""
from stripe_emulator.store import DAY_SECONDS, YEAR_SECONDS
from tests.helpers.stripe_emulator import bare_emulator, client_for, subscribed_customer  # noqa: F401


def test_a_cancel_at_in_the_next_period_renews_prorated_then_ends(bare_emulator):
    client = client_for(bare_emulator)
    store = bare_emulator.store
    _, sub = subscribed_customer(bare_emulator)
    period_end = store.subscriptions[sub]["item"]["current_period_end"]
    cancel_at = period_end + 73 * DAY_SECONDS  # a fifth of a year into the next period
    client.v1.subscriptions.update(sub, {"cancel_at": cancel_at, "proration_behavior": "none"})

    renewal = store.advance(period_end - store.now() + 60)
    assert [kind for kind, _ in renewal] == ["invoice.finalized", "invoice.paid"]
    invoice = renewal[0][1]
    assert invoice["billing_reason"] == "subscription_cycle"
    assert invoice["amount_due"] == round(49_500 * 73 * DAY_SECONDS / YEAR_SECONDS) == 9_900
    assert (invoice["period_start"], invoice["period_end"]) == (period_end, cancel_at)
    renewed = client.v1.subscriptions.retrieve(sub)
    assert renewed.status == "active" and renewed["items"]["data"][0]["current_period_end"] == cancel_at

    ending = store.advance(cancel_at - store.now() + 60)
    assert [kind for kind, _ in ending] == ["customer.subscription.deleted"]
    ended = client.v1.subscriptions.retrieve(sub)
    assert (ended.status, ended.ended_at) == ("canceled", cancel_at)
    assert len([i for i in store.invoices.values() if i["subscription"] == sub]) == 2


def test_a_cancel_at_on_the_period_end_ends_without_a_renewal(bare_emulator):
    client = client_for(bare_emulator)
    store = bare_emulator.store
    _, sub = subscribed_customer(bare_emulator)
    period_end = store.subscriptions[sub]["item"]["current_period_end"]
    client.v1.subscriptions.update(sub, {"cancel_at": period_end})
    assert [kind for kind, _ in store.advance(store.seconds_to_next_renewal())] == ["customer.subscription.deleted"]
    assert len([i for i in store.invoices.values() if i["subscription"] == sub]) == 1
