"""Billing handlers and the register lock, called as the event processor would."""
import asyncio

import pytest
from sqlmodel import select

from cleverstore.models import Item, SuperProRequest
from cleverstore.services.billing import rules
from cleverstore.services.billing.plans import ensure_seeded
from cleverstore.state.base import AppState
from cleverstore.state.billing import BillingState, CheckoutReturnState
from cleverstore.state.item import ItemState
from cleverstore.state.plans import PlansState
from cleverstore.state.register import RegisterState
from cleverstore.state.withdrawal import WithdrawalState
from tests.helpers.factories import (
    event_names,
    make_account,
    make_item,
    signed_in_token,
    state_for,
)
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401


def _choose(token, code, lang="sv"):
    """"Välj …" on the billing page with the box ticked that the service starts at once."""
    state = state_for(WithdrawalState, token=token)
    state.lang, state.service_consent = lang, True
    return state, asyncio.run(state.choose_plan_with_consent(code))


def _signed_in(db, **kwargs):
    account = make_account(db, **kwargs)
    token = signed_in_token(db, account)
    db.commit()
    return account, token


def _set_status(db, account, status):
    row = rules.billing_row(db, account.id)
    row.status = status
    db.add(row)
    db.commit()


def _redirect_path(events) -> str:
    events = events if isinstance(events, list) else [events]
    return str(events[0].args)


def test_register_events_lock_on_the_next_click_after_a_failed_payment(db):
    account, token = _signed_in(db)
    item = make_item(db, account, name="Cykel")
    db.commit()
    register = state_for(RegisterState, token=token)
    assert register.on_load() is None and register.rows
    _set_status(db, account, "past_due")
    assert event_names(register.next_page()) == ["_redirect"]  # the very next event, same state object
    item_state = state_for(ItemState, token=token, path="/object/edit", query=f"id={item.id}")
    assert event_names(item_state.load_form()) == ["_redirect"]
    assert item_state.values == {}
    assert event_names(item_state.save({"name": "Stulen?", "quantity": "1"})) == ["_redirect"]
    assert db.exec(select(Item.name).where(Item.account_id == account.id)).all() == ["Cykel"]
    _set_status(db, account, "active")
    assert register.next_page() is None


def test_a_locked_or_unpaid_customer_is_sent_to_billing_not_back_to_the_register(db):
    _, unpaid = _signed_in(db, subscribed=False)
    assert "/billing" in _redirect_path(state_for(AppState, token=unpaid).redirect_signed_in())
    paying, token = _signed_in(db)
    assert "/register" in _redirect_path(state_for(AppState, token=token).redirect_signed_in())
    _set_status(db, paying, "unpaid")
    assert "/billing" in _redirect_path(state_for(AppState, token=token).redirect_signed_in())


def test_billing_page_explains_the_lock_and_offers_to_pay(db, emulator):
    account, token = _signed_in(db, subscribed=False)
    state = state_for(BillingState, token=token)
    asyncio.run(state.on_load())
    assert state.loaded and not state.subscribed and not state.locked
    assert [p["name"] for p in state.plans] == ["Bas", "Plus", "SuperPro"]
    _choose(token, "bas")
    url = next(iter(emulator.store.sessions.values()))["url"]
    pay_checkout(emulator, url, card="4000000000000341")
    cs_id = url.rsplit("/", 1)[1]
    back = state_for(CheckoutReturnState, token=token, path="/billing/success", query=f"session_id={cs_id}")
    asyncio.run(back.on_load())
    assert back.confirmed
    emulator.store.advance(emulator.store.seconds_to_next_renewal())
    from cleverstore.services.billing.payments import sync_subscription
    from cleverstore.services.billing.stripe_client import stripe_client
    db.commit()
    sync_subscription(stripe_client(), rules.billing_row(db, account.id).subscription_id)
    db.expire_all()
    asyncio.run(state.on_load())
    assert state.locked and state.subscribed and state.status == "Betalningen misslyckades"
    assert state.open_invoice_url.startswith(emulator.url + "/invoice/")
    assert [i["status"] for i in state.invoices] == ["Obetald", "Betald"]


def test_someone_elses_checkout_session_confirms_nothing(db, emulator):
    anna, anna_token = _signed_in(db, subscribed=False)
    _, bo_token = _signed_in(db, subscribed=False)
    _choose(anna_token, "plus")
    url = next(iter(emulator.store.sessions.values()))["url"]
    pay_checkout(emulator, url)
    cs_id = url.rsplit("/", 1)[1]
    bo = state_for(CheckoutReturnState, token=bo_token, path="/billing/success", query=f"session_id={cs_id}")
    asyncio.run(bo.on_load())
    assert bo.loaded and not bo.confirmed
    assert not rules.register_open(db, anna.id)  # nothing delivered, nothing synced for Anna by Bo


def test_choose_plan_refuses_unknown_plans_with_a_message(db, emulator):
    _, token = _signed_in(db, subscribed=False)
    state, result = _choose(token, "superpro")
    assert result is None
    assert state.error == "Det abonnemanget finns inte. Välj ett av abonnemangen på sidan."
    paying, paying_token = _signed_in(db)
    again, result = _choose(paying_token, "bas", lang="en")
    assert result is None
    assert again.error == "You already have a subscription. Manage it under Subscription."
    assert emulator.store.sessions == {}


def test_superpro_request_is_stored_or_explained(db):
    account, token = _signed_in(db, subscribed=False)
    state = state_for(BillingState, token=token)
    state.request_superpro({"company_count": "1", "message": ""})
    assert state.superpro_errors == {"company_count": "Skriv hur många företag det gäller (minst 2).",
                                     "message": "Fältet måste fyllas i."}
    assert db.exec(select(SuperProRequest)).all() == []
    state.request_superpro({"company_count": "4", "message": "Fyra bolag, faktura tack."})
    assert state.superpro_sent
    stored = db.exec(select(SuperProRequest)).one()
    assert (stored.account_id, stored.company_count) == (account.id, 4)


@pytest.mark.parametrize("handler", ["choose_plan", "open_portal", "confirm_cancel", "withdraw_cancel"])
def test_billing_handlers_need_a_signed_in_customer(db, handler):
    if handler == "choose_plan":
        state, result = _choose("nope", "bas")
    else:
        state = state_for(BillingState, token="nope")
        result = asyncio.run(getattr(state, handler)())
    assert event_names(result) == ["_redirect"]
    assert event_names(state.request_superpro({"company_count": "3", "message": "x"})) == ["_redirect"]
    assert db.exec(select(SuperProRequest)).all() == []


def test_landing_page_plans_come_from_the_catalogue(db):
    ensure_seeded(db)
    db.commit()
    state = state_for(PlansState)
    state.load()
    assert [(p["name"], p["price_sv"]) for p in state.plans][:2] == [
        ("Bas", "495 kr per år"), ("Plus", "895 kr per år")]
    assert (state.plans[2]["price_en"], state.plans[2]["buyable"]) == ("Contact us for a quote", False)


def test_a_price_with_ore_is_shown_with_ore(db):
    from cleverstore.models import Plan

    ensure_seeded(db)
    plan = db.exec(select(Plan).where(Plan.code == "bas")).one()
    plan.yearly_price_ore = 54_450
    db.add(plan)
    db.commit()
    state = state_for(PlansState)
    state.load()
    assert (state.plans[0]["price_sv"], state.plans[0]["price_en"]) == ("544,50\u00a0kr per år", "SEK 544.50 per year")


def test_confirmation_page_waits_for_stripe_and_checks_again(db, emulator):
    account, token = _signed_in(db, subscribed=False)
    _choose(token, "bas")
    url = next(iter(emulator.store.sessions.values()))["url"]
    cs_id = url.rsplit("/", 1)[1]
    back = state_for(CheckoutReturnState, token=token, path="/billing/success", query=f"session_id={cs_id}")
    asyncio.run(back.on_load())
    assert back.loaded and not back.confirmed  # the browser came back before paying: no access
    pay_checkout(emulator, url)
    asyncio.run(back.check_again())
    assert back.confirmed and rules.register_open(db, account.id)


def test_notice_of_termination_from_the_page_then_withdrawn(db, emulator):
    account, token = _signed_in(db, subscribed=False)
    state = state_for(BillingState, token=token)
    _choose(token, "bas")
    url = next(iter(emulator.store.sessions.values()))["url"]
    pay_checkout(emulator, url)
    back = state_for(CheckoutReturnState, token=token, path="/billing/success", query=f"session_id={url.rsplit('/', 1)[1]}")
    asyncio.run(back.on_load())
    asyncio.run(state.on_load())
    assert state.subscribed and not state.locked and state.plan_name == "Bas" and state.cancel_at == ""
    state.preview_cancel()
    assert state.cancel_preview == state.period_end
    asyncio.run(state.confirm_cancel())
    assert state.error == "" and state.cancel_preview == "" and state.cancel_at == state.period_end
    assert state.cancel_at in state.message
    asyncio.run(state.withdraw_cancel())
    assert state.error == "" and state.cancel_at == ""
    asyncio.run(state.withdraw_cancel())
    assert state.error and state.message == ""
    portal = asyncio.run(state.open_portal())
    assert event_names(portal) == ["_redirect"] and emulator.url in str(portal.args)
