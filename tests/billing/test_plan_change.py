"""Bas → Plus now (the previewed amount is charged once), Plus → Bas at the renewal (only when the register
fits Bas), against the emulator."""
import pytest
import stripe
from sqlmodel import select

from cleverstore.models import ActivityEvent, Plan
from cleverstore.services.billing import notice, payments, plan_change, rules
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared import plan_limits
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.money import format_ore
from stripe_emulator.store import DAY_SECONDS
from tests.billing.test_payments import _deliver, _done
from tests.helpers.factories import make_account, make_item
from tests.helpers.stripe_emulator import client_for, emulator, pay_checkout  # noqa: F401
from tests.helpers.stripe_shape import check

BASE = "http://127.0.0.1:3000"


def _subscribed(db, emulator, plan):
    account = _done(db, make_account(db, subscribed=False))
    _deliver(db, pay_checkout(emulator, payments.start_checkout(stripe_client(), account.id, plan, BASE)))
    return account


def _renew(db, emulator):
    before = len(emulator.events)
    emulator.emit(emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, emulator.events[before:])


def _refused(call, *args) -> str:
    with pytest.raises(ValidationFailed) as refused:
        call(stripe_client(), *args)
    return refused.value.errors["plan"]


def test_upgrade_mid_year_charges_the_previewed_amount_once(db, emulator):
    account = _subscribed(db, emulator, "bas")
    emulator.store.offset += 100 * DAY_SECONDS  # a hundred days into the year
    quote = plan_change.upgrade_quote(stripe_client(), account.id, "plus")
    assert quote.plan_code == "plus" and 0 < quote.amount_ore < 89_500 - 49_500
    left = quote.period_end and rules.billing_row(db, account.id).current_period_end.timestamp() - quote.proration_date
    assert quote.amount_ore == round(89_500 * left / (365 * DAY_SECONDS)) - round(49_500 * left / (365 * DAY_SECONDS))

    assert plan_change.upgrade(stripe_client(), account.id, "plus", quote.proration_date) == "plus"
    _done(db)
    with pytest.raises(ValidationFailed):  # the second click of a double click: already on Plus
        plan_change.upgrade(stripe_client(), account.id, "plus", quote.proration_date)
    charged = [i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_update"]
    assert [(i["amount"], i["status"]) for i in charged] == [(quote.amount_ore, "paid")]
    row = rules.billing_row(db, account.id)
    assert row.plan_code == "plus" and row.status == "active"
    assert plan_limits.limits_for(db, account.id).claim_pack  # Plus's limits apply at once
    lines = payments.invoices(stripe_client(), account.id)
    assert lines[0].amount_ore == quote.amount_ore
    kinds = [e.kind for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == account.id)).all()]
    assert kinds.count("plan_upgraded") == 1


def test_a_second_tab_that_read_before_the_first_was_stored_charges_nothing_more(db, emulator):
    account = _subscribed(db, emulator, "bas")
    emulator.store.offset += 30 * DAY_SECONDS
    quote = plan_change.upgrade_quote(stripe_client(), account.id, "plus")
    assert plan_change.upgrade(stripe_client(), account.id, "plus", quote.proration_date) == "plus"
    _done(db)
    row = rules.billing_row(db, account.id)
    row.plan_code, row.price_id = "bas", None  # as the second tab read it, before the first stored Stripe's answer
    _done(db)
    assert plan_change.upgrade(stripe_client(), account.id, "plus", quote.proration_date) == "plus"
    _done(db)
    assert len([i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_update"]) == 1
    assert rules.billing_row(db, account.id).plan_code == "plus"  # Stripe's view stored again


def test_a_stale_quote_is_refused(db, emulator):
    account = _subscribed(db, emulator, "bas")
    quote = plan_change.upgrade_quote(stripe_client(), account.id, "plus")
    emulator.store.offset += 2 * 3600
    assert _refused(plan_change.upgrade, account.id, "plus", quote.proration_date) == "plan_change.error.quote_expired"
    assert rules.billing_row(db, account.id).plan_code == "bas"


def test_changes_are_refused_without_subscription_on_agreement_and_when_unpaid(db, emulator):
    none = _done(db, make_account(db, subscribed=False))
    assert _refused(plan_change.upgrade_quote, none.id, "plus") == "plan_change.error.no_subscription"
    account = _subscribed(db, emulator, "bas")
    assert _refused(plan_change.upgrade_quote, account.id, "bas") == "plan_change.error.same_plan"
    assert _refused(plan_change.schedule_downgrade, account.id, "plus") == "plan_change.error.not_downgrade"
    row = rules.billing_row(db, account.id)
    row.collection_method = "send_invoice"
    _done(db)
    assert _refused(plan_change.upgrade_quote, account.id, "plus") == "plan_change.error.agreement"
    row = rules.billing_row(db, account.id)
    row.collection_method, row.status = "charge_automatically", "past_due"
    _done(db)
    assert _refused(plan_change.upgrade_quote, account.id, "plus") == "plan_change.error.unpaid"
    assert not [i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_update"]


def test_downgrade_is_refused_while_the_register_does_not_fit(db, emulator):
    account = _subscribed(db, emulator, "plus")
    bas = db.exec(select(Plan).where(Plan.code == "bas")).one()
    bas.max_objects = 2  # the limit is data on the plan
    for name in ("Soffa", "Lampa", "Matta"):
        make_item(db, account, name=name)
    _done(db)
    fit = plan_change.downgrade_fit(db, account.id, "bas")
    assert (fit.fits, fit.objects, fit.objects_over, fit.bytes_over) == (False, 3, 1, 0)
    assert _refused(plan_change.schedule_downgrade, account.id, "bas") == "plan_change.error.too_big"
    assert emulator.store.schedules == {}
    assert rules.billing_row(db, account.id).scheduled_plan_code is None


def test_downgrade_happens_at_the_renewal_at_the_bas_price(db, emulator):
    account = _subscribed(db, emulator, "plus")
    make_item(db, account, name="Soffa")
    _done(db)
    on = plan_change.schedule_downgrade(stripe_client(), account.id, "bas")
    _done(db)
    row = rules.billing_row(db, account.id)
    assert on == row.current_period_end.date()
    assert (row.plan_code, row.scheduled_plan_code) == ("plus", "bas")  # Plus is paid for until the renewal
    assert plan_limits.limits_for(db, account.id).claim_pack
    assert plan_change.schedule_downgrade(stripe_client(), account.id, "bas") == on  # a second click: same
    assert len(emulator.store.schedules) == 1
    shown = client_for(emulator).v1.subscription_schedules.retrieve(row.plan_schedule_id)
    assert check(shown.to_dict(), stripe.SubscriptionSchedule) == []
    with pytest.raises(ValidationFailed) as refused:  # Stripe refuses a cancel_at on a scheduled subscription
        notice.notice_terms(stripe_client(), account.id)
    assert refused.value.errors == {"cancel": "plan_change.error.take_back_first"}

    _renew(db, emulator)
    renewal = [i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_cycle"]
    assert [(i["amount"], i["status"]) for i in renewal] == [(49_500, "paid")]
    row = rules.billing_row(db, account.id)
    assert (row.plan_code, row.scheduled_plan_code, row.plan_schedule_id) == ("bas", None, None)
    assert not plan_limits.limits_for(db, account.id).claim_pack


def test_a_downgrade_taken_back_renews_at_the_plus_price(db, emulator):
    account = _subscribed(db, emulator, "plus")
    plan_change.schedule_downgrade(stripe_client(), account.id, "bas")
    _done(db)
    plan_change.take_back_downgrade(stripe_client(), account.id)
    _done(db)
    assert rules.billing_row(db, account.id).plan_schedule_id is None
    assert [s["status"] for s in emulator.store.schedules.values()] == ["released"]
    with pytest.raises(ValidationFailed):
        plan_change.take_back_downgrade(stripe_client(), account.id)
    _renew(db, emulator)
    renewal = [i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_cycle"]
    assert [i["amount"] for i in renewal] == [89_500]
    assert rules.billing_row(db, account.id).plan_code == "plus"


def test_stripe_answers_a_repeated_upgrade_request_once(db, emulator):
    account = _subscribed(db, emulator, "bas")
    row = rules.billing_row(db, account.id)
    client = client_for(emulator)
    sub = client.v1.subscriptions.retrieve(row.subscription_id)
    plus = client.v1.prices.list({"lookup_keys": ["cleverstore_plus_yearly"]}).data[0]
    change = {"items": [{"id": sub["items"]["data"][0]["id"], "price": plus.id}],
              "proration_behavior": "always_invoice", "proration_date": emulator.store.now()}
    first = client.v1.subscriptions.update(row.subscription_id, change, {"idempotency_key": "k-upgrade"})
    again = client.v1.subscriptions.update(row.subscription_id, change, {"idempotency_key": "k-upgrade"})
    assert first["latest_invoice"] == again["latest_invoice"]
    [invoice] = [i for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_update"]
    shown = client.v1.invoices.retrieve(invoice["id"])
    assert [line["amount"] for line in shown["lines"]["data"]] == [-49_500, 89_500]  # a whole year left
    assert all(line["parent"]["subscription_item_details"]["proration"] for line in shown["lines"]["data"])
    assert check(shown.to_dict(), stripe.Invoice) == []


def test_the_billing_page_offers_the_changes_and_shows_the_figures_first(db, emulator):
    import asyncio

    from cleverstore.state.billing import BillingState
    from cleverstore.state.plan_change import PlanChangeState
    from tests.helpers.factories import signed_in_token, state_for

    account = _subscribed(db, emulator, "bas")
    token = _done(db, signed_in_token(db, account))
    page = state_for(PlanChangeState, token=token)
    billing = state_for(BillingState, token=token)

    async def billing_state(_cls):
        return billing

    object.__setattr__(page, "get_state", billing_state)
    page.load()
    assert [(o["code"], o["direction"], o["label"]) for o in page.offers] == [("plus", "up", "Byt till Plus")]

    emulator.store.offset += 100 * DAY_SECONDS
    asyncio.run(page.preview_upgrade("plus"))
    quote = plan_change.upgrade_quote(stripe_client(), account.id, "plus")
    amount = format_ore(quote.amount_ore)
    assert amount in page.quote_text and amount in page.quote_button and "moms" in page.quote_text
    assert rules.billing_row(db, account.id).plan_code == "bas"  # nothing changes before confirming
    asyncio.run(page.confirm_upgrade())
    _done(db)
    assert page.message.startswith("Klart! Du har nu Plus") and page.quote_text == ""
    assert rules.billing_row(db, account.id).plan_code == "plus"
    assert billing.invoices[0]["amount"] == amount  # the proration invoice is listed at once

    assert [(o["code"], o["label"]) for o in page.offers] == [("bas", "Byt till Bas vid förnyelse")]
    page.consider_downgrade("bas")
    day = rules.billing_row(db, account.id).current_period_end.date().isoformat()
    assert page.down_fits and page.down_button == f"Byt till Bas den {day}"
    asyncio.run(page.confirm_downgrade())
    _done(db)
    assert page.waiting == f"Byter till Bas den {day}."
    assert page.offers == []  # the change is ordered: nothing more to offer until it is taken back
    asyncio.run(page.preview_notice())
    assert billing.error == "Ett byte till ett mindre abonnemang väntar på förnyelsen. Ta först tillbaka bytet."
    asyncio.run(page.take_back())
    _done(db)
    assert page.waiting == "" and page.message.startswith("Bytet är tillbakataget")
    asyncio.run(page.preview_notice())
    assert billing.cancel_preview == day and page.notice_invoice.startswith("Ingen fler faktura")


def test_a_declined_card_changes_nothing(db, emulator):
    account = _done(db, make_account(db, subscribed=False))
    url = payments.start_checkout(stripe_client(), account.id, "bas", BASE)
    _deliver(db, pay_checkout(emulator, url, "4000000000000341"))  # pays now, declined later
    quote = plan_change.upgrade_quote(stripe_client(), account.id, "plus")
    assert _refused(plan_change.upgrade, account.id, "plus", quote.proration_date) == "plan_change.error.card_declined"
    sub = emulator.store.subscriptions[rules.billing_row(db, account.id).subscription_id]
    assert (sub["status"], sub["item"]["price"]["lookup_key"]) == ("active", "cleverstore_bas_yearly")
    assert [i["status"] for i in emulator.store.invoices.values() if i["billing_reason"] == "subscription_update"] == ["void"]
    row = rules.billing_row(db, account.id)
    assert (row.plan_code, row.status) == ("bas", "active")
