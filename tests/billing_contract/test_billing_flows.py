"""The app's billing flows through its public actions, the same for the emulator and Stripe's test mode.

Every test drives the app as its pages do (the public actions of `cleverstore.services.billing`),
hands what Stripe sent to the app's webhook action, and checks both what the app stored and what
Stripe holds. How a test pays, moves time or fetches events lives in the backends (conftest.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from cleverstore.db import session_scope, tenant_scope
from cleverstore.services.billing import (
    billing_invoices,
    billing_overview,
    billing_portal_address,
    cancellation_preview_date,
    plan_offers,
    put_customer_on_invoice_terms,
    request_subscription_cancellation,
    start_plan_checkout,
    withdraw_subscription_cancellation,
)
from cleverstore.services.billing.rules import billing_row
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_admin


def at(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc)


def _customer(backend) -> int:
    with session_scope() as db:
        account_id = make_account(db, subscribed=False).id
    backend.prepare(account_id)
    return account_id


def _stored(account_id: int) -> tuple[str, str]:
    """The Stripe customer and subscription ids the app keeps for the account."""
    with tenant_scope(account_id) as db:
        row = billing_row(db, account_id)
        return ((row.stripe_customer_id or "", row.subscription_id or "") if row is not None else ("", ""))


def _price(plan_code: str) -> int:
    return next(p.yearly_price_ore for p in plan_offers() if p.code == plan_code)


def _paid(backend, card: str = "visa", plan: str = "bas") -> int:
    """A customer who started Checkout for `plan` and paid; the webhook has opened the register."""
    account_id = _customer(backend)
    url = start_plan_checkout(account_id, plan, True)  # the customer ticks that the service starts at once
    assert url.startswith(backend.checkout_prefix)
    assert not billing_overview(account_id).register_open
    backend.pay_checkout(url, card)
    backend.settle(lambda: billing_overview(account_id).register_open, "the payment did not open the register")
    return account_id


def _period_end(backend, subscription_id: str) -> int:
    return backend.client().v1.subscriptions.retrieve(subscription_id)["items"]["data"][0]["current_period_end"]


def test_paying_at_checkout_opens_the_register_through_the_webhook(stripe_backend):
    account_id = _paid(stripe_backend)
    overview = billing_overview(account_id)
    assert (overview.subscribed, overview.status, overview.plan_code) == (True, "active", "bas")
    assert (overview.card_brand, overview.card_last4) == ("visa", "4242")
    _, subscription_id = _stored(account_id)
    assert overview.period_end == at(_period_end(stripe_backend, subscription_id)).date()
    assert timedelta(days=364) <= overview.period_end - at(stripe_backend.client().v1.subscriptions.retrieve(
        subscription_id)["start_date"]).date() <= timedelta(days=366)
    assert {result for _, result in stripe_backend.delivered} == {"applied"}  # each event once, all accepted


def test_the_portal_opens_for_a_paying_customer(stripe_backend):
    account_id = _paid(stripe_backend)
    assert billing_portal_address(account_id).startswith(stripe_backend.portal_prefix)


def test_notice_ends_the_subscription_three_months_on_at_the_earliest_and_can_be_withdrawn(stripe_backend):
    account_id = _paid(stripe_backend)
    _, subscription_id = _stored(account_id)
    ends = cancellation_preview_date(account_id)
    request_subscription_cancellation(account_id)
    assert billing_overview(account_id).cancel_at == ends
    at_stripe = stripe_backend.client().v1.subscriptions.retrieve(subscription_id)
    assert (at(at_stripe["cancel_at"]).date(), at_stripe["status"]) == (ends, "active")
    stripe_backend.settle(lambda: billing_overview(account_id).cancel_at == ends, "a webhook undid the notice")
    withdraw_subscription_cancellation(account_id)
    assert billing_overview(account_id).cancel_at is None
    assert stripe_backend.client().v1.subscriptions.retrieve(subscription_id)["cancel_at"] is None
    stripe_backend.settle(lambda: billing_overview(account_id).cancel_at is None, "a late webhook brought the notice back")
    with pytest.raises(ValidationFailed):
        withdraw_subscription_cancellation(account_id)  # nothing left to withdraw


def test_the_customers_invoices_are_listed(stripe_backend):
    account_id = _paid(stripe_backend, plan="plus")
    [line] = billing_invoices(account_id)
    assert (line.status, line.amount_ore) == ("paid", _price("plus"))
    assert line.number and line.hosted_url.startswith("http") and line.pdf_url.startswith("http")


def test_a_renewal_is_charged_and_the_paid_period_moves_a_year(stripe_backend):
    account_id = _paid(stripe_backend)
    _, subscription_id = _stored(account_id)
    first_end = billing_overview(account_id).period_end
    stripe_backend.advance_past(_period_end(stripe_backend, subscription_id))
    stripe_backend.settle(lambda: billing_overview(account_id).period_end >= first_end + timedelta(days=364),
                          "the renewal did not move the paid period")
    overview = billing_overview(account_id)
    assert (overview.status, overview.register_open) == ("active", True)
    assert [(i.status, i.amount_ore) for i in billing_invoices(account_id)] == [("paid", _price("bas"))] * 2


def test_a_failed_renewal_is_past_due_until_the_customer_pays_the_open_invoice(stripe_backend):
    account_id = _paid(stripe_backend, card="fails_at_renewal")
    customer_id, subscription_id = _stored(account_id)
    stripe_backend.advance_past(_period_end(stripe_backend, subscription_id))
    stripe_backend.settle(lambda: billing_overview(account_id).status == "past_due",
                          "the failed renewal did not make the subscription past due")
    newest, first = billing_invoices(account_id)
    assert (newest.status, first.status) == ("open", "paid")
    [open_invoice] = stripe_backend.client().v1.invoices.list({"customer": customer_id, "status": "open"})["data"]
    assert open_invoice["attempt_count"] >= 1 and open_invoice["next_payment_attempt"] is not None
    stripe_backend.pay_open_invoice(open_invoice["id"])
    stripe_backend.settle(lambda: billing_overview(account_id).status == "active",
                          "paying the open invoice did not make the subscription active")
    assert [i.status for i in billing_invoices(account_id)] == ["paid", "paid"]
    assert billing_overview(account_id).register_open


def _admin() -> int:
    with session_scope() as db:
        admin, _secret = make_admin(db)
        return admin.id


def _customer_number(account_id: int) -> str:
    from cleverstore.models import Account

    with session_scope() as db:
        return db.get(Account, account_id).customer_number


def test_invoice_terms_by_agreement_send_an_invoice_and_open_the_register(stripe_backend):
    admin_id, account_id = _admin(), _customer(stripe_backend)
    number = _customer_number(account_id)
    form = {"customer_number": number, "days_until_due": "30", "plan": "plus"}
    assert put_customer_on_invoice_terms(admin_id, form) == number
    stripe_backend.settle(lambda: billing_overview(account_id).register_open, "invoice terms did not open the register")
    overview = billing_overview(account_id)
    assert (overview.invoice_terms, overview.plan_code) == (True, "plus")
    customer_id, subscription_id = _stored(account_id)
    at_stripe = stripe_backend.client().v1.subscriptions.retrieve(subscription_id)
    assert (at_stripe["collection_method"], at_stripe["days_until_due"]) == ("send_invoice", 30)
    [invoice] = stripe_backend.client().v1.invoices.list({"customer": customer_id})["data"]
    assert invoice["collection_method"] == "send_invoice" and invoice["amount_due"] == _price("plus")
    assert timedelta(days=29) < at(invoice["due_date"]) - at(invoice["created"]) <= timedelta(days=31)


def test_superpro_by_agreement_needs_the_agreed_price_and_invoices_it(stripe_backend):
    """SuperPro has no list price: without the agreed price nothing happens; with it the customer gets a
    price of their own on SuperPro's product and an invoice for it."""
    admin_id, account_id = _admin(), _customer(stripe_backend)
    form = {"customer_number": _customer_number(account_id), "days_until_due": "30", "plan": "superpro"}
    with pytest.raises(ValidationFailed) as refused:
        put_customer_on_invoice_terms(admin_id, form)
    assert refused.value.errors == {"agreed_price": "error.agreed_price_required"}
    assert _stored(account_id)[1] == ""
    assert not billing_overview(account_id).register_open
    assert put_customer_on_invoice_terms(admin_id, form | {"agreed_price": "12 000"}) == form["customer_number"]
    stripe_backend.settle(lambda: billing_overview(account_id).register_open, "the agreement did not open the register")
    overview = billing_overview(account_id)
    assert (overview.invoice_terms, overview.plan_code) == (True, "superpro")
    customer_id, _subscription_id = _stored(account_id)
    [invoice] = stripe_backend.client().v1.invoices.list({"customer": customer_id})["data"]
    assert (invoice["collection_method"], invoice["amount_due"]) == ("send_invoice", 1_200_000)
