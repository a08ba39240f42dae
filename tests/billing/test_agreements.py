"""Agreements do what they say: a plan set on an agreement changes the customer's plan through Stripe
(the live subscription too), SuperPro at its agreed price, or the admin is told exactly why not.

Against the emulator through the admin use case (`put_customer_on_invoice_terms`), as the Avtal page calls it."""
import asyncio

import pytest
from sqlmodel import select

from cleverstore.models import AuditEntry, Plan, SuperProRequest
from cleverstore.services.billing import billing_overview, payments, plan_usage, put_customer_on_invoice_terms, rules
from cleverstore.services.billing import superpro
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.state.admin.agreements import AdminAgreementsState
from tests.billing.test_payments import BASE, _deliver, _done
from tests.helpers.factories import admin_token, make_account, make_admin, state_for
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401


def _paying_bas_customer(db, emulator, **details):
    """A customer who paid Bas by card in Checkout: a live subscription, charged automatically."""
    account = make_account(db, subscribed=False, **details)
    _done(db)
    url = _done(db, payments.start_checkout(stripe_client(), account.id, "bas", BASE))
    _deliver(db, pay_checkout(emulator, url))
    assert rules.billing_row(db, account.id).plan_code == "bas"
    return account


def _agree(db, admin, account, plan, days="30", price=""):
    _done(db)
    return _done(db, put_customer_on_invoice_terms(admin.id, {
        "customer_number": account.customer_number, "plan": plan, "days_until_due": days, "agreed_price": price}))


def _audit(db, admin):
    return [(e.action, e.reason) for e in db.exec(select(AuditEntry).where(AuditEntry.admin_id == admin.id)
                                                  .order_by(AuditEntry.id)).all()]


def test_superpro_on_a_live_bas_subscription_moves_it_to_the_agreed_price_without_proration(db, emulator):
    admin, _ = make_admin(db)
    account = _paying_bas_customer(db, emulator, kind="company", name="Firman AB", org_number="556677-8899")
    superpro.submit_request(db, account.id, {"company_count": "3", "message": "Tre bolag"})
    row = rules.billing_row(db, account.id)
    subscription_id, invoices_before = row.subscription_id, len(emulator.store.invoices)

    assert _agree(db, admin, account, "superpro", "30", "12 000") == account.customer_number

    sub = emulator.store.subscriptions[subscription_id]  # the same subscription, not a second one
    assert len(emulator.store.subscriptions) == 1
    price = sub["item"]["price"]
    assert (price["unit_amount"], price["metadata"]["cleverstore_plan"], price["lookup_key"]) == (1_200_000,
                                                                                                 "superpro", None)
    assert emulator.store.prices[price["id"]]["_name"] == "SuperPro"
    assert (sub["collection_method"], sub["days_until_due"]) == ("send_invoice", 30)
    assert len(emulator.store.invoices) == invoices_before  # proration none: nothing charged now
    row = rules.billing_row(db, account.id)
    assert (row.plan_code, row.collection_method, row.days_until_due) == ("superpro", "send_invoice", 30)
    assert billing_overview(account.id).plan_code == "superpro" and plan_usage(account.id).max_objects is None
    assert ("invoice_terms_set", "SuperPro, 12\u00a0000,00\u00a0kr, 30 days (was bas)") in _audit(db, admin)
    assert db.exec(select(SuperProRequest)).one().handled_at is not None  # the agreement answers the request
    # a webhook about the change changes nothing more, and the next renewal invoices the agreed price
    _deliver(db, emulator.events[-1:])
    assert rules.billing_row(db, account.id).plan_code == "superpro"
    emulator.store.advance(emulator.store.seconds_to_next_renewal())
    renewal = list(emulator.store.invoices.values())[-1]
    assert (renewal["amount"], renewal["collection_method"]) == (1_200_000, "send_invoice")


def test_a_second_agreement_at_the_same_price_reuses_the_price_and_the_product(db, emulator):
    admin, _ = make_admin(db)
    first = _paying_bas_customer(db, emulator, kind="company", name="Ett AB", org_number="556677-8899")
    second = make_account(db, subscribed=False, kind="company", name="Två AB", org_number="556036-0793")
    _agree(db, admin, first, "superpro", "30", "9000")
    prices = len(emulator.store.prices)
    _agree(db, admin, first, "superpro", "60", "9000")  # new terms, same price: no new price
    assert len(emulator.store.prices) == prices
    assert rules.billing_row(db, first.id).days_until_due == 60
    _agree(db, admin, second, "superpro", "30", "15000")  # a customer without a subscription gets one
    product = db.exec(select(Plan).where(Plan.code == "superpro")).one().agreement_product_id
    agreed = [p for p in emulator.store.prices.values() if p["metadata"].get("cleverstore_plan") == "superpro"]
    assert {p["product"] for p in agreed} == {product} and sorted(p["unit_amount"] for p in agreed) == [900_000,
                                                                                                       1_500_000]
    row = rules.billing_row(db, second.id)
    assert (row.plan_code, row.status, row.collection_method) == ("superpro", "active", "send_invoice")
    assert rules.register_open(db, second.id)


def test_a_list_plan_on_an_agreement_moves_the_live_subscription_to_that_plans_price(db, emulator):
    admin, _ = make_admin(db)
    account = _paying_bas_customer(db, emulator)
    _agree(db, admin, account, "plus", "20")
    row = rules.billing_row(db, account.id)
    sub = emulator.store.subscriptions[row.subscription_id]
    assert (sub["item"]["price"]["lookup_key"], row.plan_code, row.days_until_due) == ("cleverstore_plus_yearly",
                                                                                       "plus", 20)


@pytest.mark.parametrize(("plan", "price", "errors"), [
    ("superpro", "", {"agreed_price": "error.agreed_price_required"}),
    ("bas", "400", {"agreed_price": "error.agreed_price_list_plan"}),
    ("superpro", "tusen", {"agreed_price": "error.amount_invalid"}),
    ("superpro", "-5", {"agreed_price": "error.amount_invalid"}),
    ("gratis", "", {"plan": "error.plan_unknown"}),
])
def test_an_agreement_that_cannot_be_made_says_why_and_changes_nothing(db, emulator, plan, price, errors):
    admin, _ = make_admin(db)
    account = _paying_bas_customer(db, emulator)
    calls = len(emulator.store.subscriptions), len(emulator.store.prices)
    with pytest.raises(ValidationFailed) as refused:
        _agree(db, admin, account, plan, "30", price)
    assert refused.value.errors == errors
    assert (len(emulator.store.subscriptions), len(emulator.store.prices)) == calls
    row = rules.billing_row(db, account.id)
    assert (row.plan_code, row.collection_method) == ("bas", "charge_automatically")
    assert [a for a, _ in _audit(db, admin) if a == "invoice_terms_set"] == []


def test_an_agreement_waits_for_a_notice_to_be_withdrawn(db, emulator):
    admin, _ = make_admin(db)
    account = _paying_bas_customer(db, emulator)
    _done(db, payments.request_cancellation(stripe_client(), account.id))
    with pytest.raises(ValidationFailed) as refused:
        _agree(db, admin, account, "superpro", "30", "12000")
    assert refused.value.errors == {"plan": "error.agreement_notice_given"}
    assert rules.billing_row(db, account.id).plan_code == "bas"


def test_the_avtal_form_answers_with_the_plan_set_or_the_reason(db, emulator):
    admin, _ = make_admin(db)
    account = _paying_bas_customer(db, emulator, kind="company", name="Firman AB", org_number="556677-8899")
    token = admin_token(db, admin)
    db.commit()
    page = state_for(AdminAgreementsState, admin=token)
    page.on_load()
    form = {"customer_number": account.customer_number, "plan": "superpro", "days_until_due": "30"}
    asyncio.run(page.set_invoice_terms({**form, "agreed_price": ""}))
    assert page.errors == {"agreed_price": "SuperPro har inget listpris: skriv det avtalade årspriset."}
    assert page.message == ""
    asyncio.run(page.set_invoice_terms({**form, "agreed_price": "12000"}))
    assert page.errors == {}
    assert page.message == (f"Kund {account.customer_number} har nu SuperPro och betalar mot faktura med 30 dagars "
                            "betalningsvillkor.")
    db.expire_all()
    assert rules.billing_row(db, account.id).plan_code == "superpro"
