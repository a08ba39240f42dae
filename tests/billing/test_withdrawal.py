"""The 14-day right of withdrawal against the Stripe emulator: the consent at checkout, the refund for
the days used, the immediate cancel, the lock, the mail, a double click, who has no such right.

The billing functions open their own units of work: the test's session commits before each call and
reads afresh after it (`_done`)."""
import threading
from datetime import datetime, timedelta, timezone

import pytest
import stripe
from sqlmodel import select

from cleverstore.models import ActivityEvent, OutgoingMail, Withdrawal
from cleverstore.services import billing
from cleverstore.services.billing import agreements, payments, rules, withdrawal
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.errors import ValidationFailed
from tests.billing.test_payments import _deliver, _done
from tests.helpers.factories import make_account
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401
from tests.helpers.stripe_shape import check, compare_with_fixture

BASE = "http://127.0.0.1:3000"
BAS = 49_500  # Bas, öre a year incl. VAT
NBSP = "\u00a0"


def _bought(db, emulator, **account):
    """A customer who ticked the box and paid Bas at Checkout, the webhooks applied."""
    customer = make_account(db, subscribed=False, **account)
    _done(db)
    url = payments.start_checkout(stripe_client(), customer.id, "bas", BASE, service_start_consent=True)
    _deliver(db, pay_checkout(emulator, url))
    return customer


def _withdraw(db, customer, days: float):
    row = rules.billing_row(db, customer.id)
    _done(db)
    return _done(db, withdrawal.withdraw(stripe_client(), customer.id, row.started_at + timedelta(days=days)))


def _mails(db, customer):
    return db.exec(select(OutgoingMail).where(OutgoingMail.account_id == customer.id,
                                              OutgoingMail.kind == "withdrawal")).all()


# --- the consent at checkout ----------------------------------------------------------------------------

def test_a_private_customer_cannot_go_to_checkout_without_agreeing_that_the_service_starts_at_once(db, emulator):
    customer = make_account(db, subscribed=False)
    _done(db)
    with pytest.raises(ValidationFailed) as refused:
        billing.start_plan_checkout(customer.id, "bas", False)
    assert refused.value.errors == {"consent": "billing.withdrawal_error.consent_required"}
    assert emulator.store.sessions == {}
    assert rules.billing_row(db, customer.id) is None


def test_the_consent_is_stored_and_stripe_checkout_shows_it(db, emulator):
    customer = make_account(db, subscribed=False)
    _done(db)
    url = billing.start_plan_checkout(customer.id, "bas", True)
    session = stripe_client().v1.checkout.sessions.retrieve(url.rsplit("/", 1)[1])
    assert session["custom_text"]["submit"]["message"].startswith("Du har bett att CleverStore börjar direkt")
    assert session["metadata"]["service_starts_at_once"] == "agreed"
    assert check(session.to_dict()) == []
    consent = rules.billing_row(db, customer.id).service_consent_at
    assert consent is not None and abs(consent - withdrawal.utcnow()) < timedelta(minutes=1)
    assert b"Du har bett att CleverStore" in _hosted(url)
    # the subscription carries the agreement too
    _deliver(db, pay_checkout(emulator, url))
    sub = stripe_client().v1.subscriptions.retrieve(rules.billing_row(db, customer.id).subscription_id)
    assert sub["metadata"]["service_starts_at_once"] == "agreed"


def test_a_company_is_not_asked_to_consent(db, emulator):
    company = make_account(db, subscribed=False, kind="company", name="Firma AB", org_number="556677-8899")
    _done(db)
    url = billing.start_plan_checkout(company.id, "bas", False)
    session = stripe_client().v1.checkout.sessions.retrieve(url.rsplit("/", 1)[1])
    assert session["custom_text"]["submit"] is None
    assert billing.withdrawal_status(company.id).consent_needed is False


def _hosted(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as page:
        return page.read()


# --- the refund for the days used -----------------------------------------------------------------------

@pytest.mark.parametrize("days, used", [(0, 0), (5, 678), (14, 1_899)])
def test_the_refund_is_the_paid_amount_less_the_days_used(db, emulator, days, used):
    customer = _bought(db, emulator)
    row = rules.billing_row(db, customer.id)
    shown = withdrawal.offer(stripe_client(), customer.id, row.started_at + timedelta(days=days))
    assert (shown.refund.days_used, shown.refund.period_days, shown.refund.used_ore) == (days, 365, used)
    done = _withdraw(db, customer, days)
    assert done.refund_ore == BAS - used == shown.refund.refund_ore  # 49 500 × 5 / 365 = 678,08 → 678 öre
    [refund] = emulator.store.refunds.values()
    assert refund["amount"] == BAS - used
    invoice = next(iter(emulator.store.invoices))
    assert refund["payment_intent"] == "pi_" + invoice.split("_", 1)[1]
    assert refund["reason"] == "requested_by_customer"


def test_on_day_15_the_right_is_gone(db, emulator):
    customer = _bought(db, emulator)
    row = rules.billing_row(db, customer.id)
    assert withdrawal.offer(stripe_client(), customer.id, row.started_at + timedelta(days=15)) is None
    with pytest.raises(ValidationFailed) as refused:
        _withdraw(db, customer, 15)
    assert refused.value.errors == {"withdrawal": "billing.withdrawal_error.expired"}
    assert emulator.store.refunds == {}
    assert rules.billing_row(db, customer.id).status == "active"
    assert db.exec(select(Withdrawal)).all() == []


def test_the_rounding_of_the_used_part_and_never_negative():
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)  # 01:00 in Stockholm
    end = start + timedelta(days=365)
    assert withdrawal.refund_for_days_used(100, start, end, start + timedelta(days=2)).refund_ore == 99  # 0,55 → 1
    assert withdrawal.refund_for_days_used(BAS, start, end, start + timedelta(days=400)).refund_ore == 0
    assert withdrawal.refund_for_days_used(BAS, start, end, start - timedelta(days=1)).refund_ore == BAS


# --- what a withdrawal does ------------------------------------------------------------------------------

def test_withdrawing_cancels_at_once_locks_the_register_and_mails_the_refund(db, emulator):
    customer = _bought(db, emulator, name="Stina Ek")
    invoices_before = len(emulator.store.invoices)
    _withdraw(db, customer, 5)
    row = rules.billing_row(db, customer.id)
    assert row.status == "canceled"
    assert not rules.register_open(db, customer.id)
    assert billing.billing_overview(customer.id).locked
    sub = emulator.store.subscriptions[row.subscription_id]
    assert sub["status"] == "canceled" and sub["ended_at"] is not None
    assert len(emulator.store.invoices) == invoices_before  # no final or proration invoice
    [mail] = _mails(db, customer)
    assert mail.subject == "Du har ångrat köpet av CleverStore"
    started = withdrawal._day(row.started_at).isoformat()
    assert "Hej Stina Ek!" in mail.body
    assert f"Du betalade 495,00{NBSP}kr när abonnemanget började {started}." in mail.body
    assert f"Du använde 5 av periodens 365 dagar, som kostar 6,78{NBSP}kr." in mail.body
    assert f"Vi återbetalar 488,22{NBSP}kr (varav moms 25 %: 97,64{NBSP}kr)" in mail.body
    assert "/billing\n" in mail.body
    kinds = [e.kind for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == customer.id)).all()]
    assert "purchase_withdrawn" in kinds and "subscription_ended" in kinds
    # the webhooks of the cancel change nothing more
    _deliver(db, [e for e in emulator.events if e["type"] in ("customer.subscription.deleted", "refund.created")])
    assert len(_mails(db, customer)) == 1 and rules.billing_row(db, customer.id).status == "canceled"


def test_a_double_click_refunds_once(db, emulator):
    customer = _bought(db, emulator)
    row = rules.billing_row(db, customer.id)
    _done(db)
    at = row.started_at + timedelta(days=3)
    results, errors = [], []

    def click():
        try:
            results.append(withdrawal.withdraw(stripe_client(), customer.id, at))
        except Exception as error:  # noqa: BLE001 - collected and judged below
            errors.append(error)

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(30)
    _done(db)
    assert len(emulator.store.refunds) == 1
    assert all(isinstance(e, ValidationFailed) for e in errors), errors
    assert results and {r.refund_id for r in results} == set(emulator.store.refunds)
    assert len(_mails(db, customer)) == 1
    with pytest.raises(ValidationFailed) as again:  # a third click, later
        _withdraw(db, customer, 4)
    assert again.value.errors == {"withdrawal": "billing.withdrawal_error.done"}
    assert len(emulator.store.refunds) == 1


def test_a_company_has_no_right_of_withdrawal(db, emulator):
    company = make_account(db, subscribed=False, kind="company", name="Firma AB", org_number="556677-8899")
    _done(db)
    url = payments.start_checkout(stripe_client(), company.id, "bas", BASE, service_start_consent=False)
    _deliver(db, pay_checkout(emulator, url))
    assert withdrawal.offer(stripe_client(), company.id) is None
    with pytest.raises(ValidationFailed) as refused:
        _withdraw(db, company, 1)
    assert refused.value.errors == {"withdrawal": "billing.withdrawal_error.company"}
    assert emulator.store.refunds == {}


def test_a_subscription_on_invoice_terms_has_no_right_of_withdrawal(db, emulator):
    customer = make_account(db, subscribed=False)
    _done(db)
    agreements.put_on_invoice_terms(stripe_client(), customer.id, "bas", 30)
    _done(db)
    assert rules.billing_row(db, customer.id).collection_method == "send_invoice"
    with pytest.raises(ValidationFailed) as refused:
        withdrawal.withdraw(stripe_client(), customer.id)
    assert refused.value.errors == {"withdrawal": "billing.withdrawal_error.invoice_terms"}


def test_a_new_purchase_after_a_withdrawal_has_its_own_fourteen_days(db, emulator, monkeypatch):
    customer = _bought(db, emulator)
    _withdraw(db, customer, 2)
    monkeypatch.setattr(payments.time, "time", lambda: 4_000_000_000.0)  # a later minute: a new checkout
    url = payments.start_checkout(stripe_client(), customer.id, "bas", BASE, service_start_consent=True)
    _deliver(db, pay_checkout(emulator, url))
    assert rules.register_open(db, customer.id)
    assert _withdraw(db, customer, 1).refund_ore == BAS - 136  # 49 500 / 365 = 135,6 → 136
    assert len(emulator.store.refunds) == 2 and len(_mails(db, customer)) == 2


def test_the_billing_page_status_offers_the_refund_only_within_the_fourteen_days(db, emulator):
    customer = _bought(db, emulator)
    status = billing.withdrawal_status(customer.id)
    assert status.consent_needed and status.offer is not None and status.offer.refund_ore == BAS
    assert billing.withdraw_purchase(customer.id) == BAS
    assert billing.withdrawal_status(customer.id).offer is None


# --- the emulator answers as Stripe does ----------------------------------------------------------------------

def test_the_emulator_refund_and_invoice_payment_have_stripes_shape_and_limits(db, emulator):
    customer = _bought(db, emulator)
    client = stripe_client()
    invoice_id = next(iter(emulator.store.invoices))
    [payment] = client.v1.invoice_payments.list({"invoice": invoice_id, "status": "paid"})["data"]
    assert check(payment.to_dict(), stripe.InvoicePayment) == []
    # the fixture's generated example names the type but leaves out the branch it names (the SDK annotates it)
    assert compare_with_fixture(payment.to_dict()) == ["invoice_payment.payment.payment_intent: extra"]
    intent = payment["payment"]["payment_intent"]
    refund = client.v1.refunds.create({"payment_intent": intent, "amount": 1_000})
    assert check(refund.to_dict(), stripe.Refund) == [] and compare_with_fixture(refund.to_dict()) == []
    assert client.v1.refunds.retrieve(refund["id"])["amount"] == 1_000
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        client.v1.refunds.create({"payment_intent": intent, "amount": BAS})
    assert too_much.value.code == "amount_too_large"
    client.v1.refunds.create({"payment_intent": intent})  # the rest
    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create({"charge": refund["charge"]})
    assert again.value.code == "charge_already_refunded"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.refunds.create({"amount": 100})  # neither payment_intent nor charge
    sub_id = rules.billing_row(db, customer.id).subscription_id
    ended = client.v1.subscriptions.cancel(sub_id, {"prorate": False})
    assert ended["status"] == "canceled" and check(ended.to_dict()) == []
    with pytest.raises(stripe.InvalidRequestError) as gone:  # Stripe: a canceled subscription is "no such"
        client.v1.subscriptions.cancel(sub_id)
    assert gone.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.subscriptions.cancel("sub_nothing", {"prorate": True})


# --- the billing page's handlers -------------------------------------------------------------------------------

def test_the_page_refuses_checkout_without_the_box_and_offers_then_confirms_the_withdrawal(db, emulator):
    import asyncio

    from cleverstore.state.withdrawal import WithdrawalState
    from tests.helpers.factories import event_names, signed_in_token, state_for

    customer = make_account(db, subscribed=False)
    token = signed_in_token(db, customer)
    _done(db)
    page = state_for(WithdrawalState, token=token)
    asyncio.run(page.load())
    assert page.consent_needed and page.lead == ""
    assert asyncio.run(page.choose_plan_with_consent("bas")) is None
    assert page.consent_missing and page.error.startswith("Kryssa i att tjänsten ska börja direkt")
    assert emulator.store.sessions == {}
    page.set_service_consent(True)
    assert event_names(asyncio.run(page.choose_plan_with_consent("bas"))) == ["_redirect"]
    _deliver(db, pay_checkout(emulator, next(iter(emulator.store.sessions.values()))["url"]))
    page = state_for(WithdrawalState, token=token)
    asyncio.run(page.load())
    started = withdrawal._day(rules.billing_row(db, customer.id).started_at)
    assert page.lead == (f"Du har 14 dagars ångerrätt. Abonnemanget började {started.isoformat()} och du kan ångra "
                         f"köpet till och med {(started + timedelta(days=14)).isoformat()}.")
    assert page.explained == (f"Du betalade 495,00{NBSP}kr. Du har använt 0 av periodens 365 dagar, som kostar "
                              f"0,00{NBSP}kr. Du får tillbaka 495,00{NBSP}kr.")
    page.ask_to_withdraw()
    assert page.confirming and page.confirm_label == f"Ja, ångra köpet och återbetala 495,00{NBSP}kr"
    asyncio.run(page.confirm_withdrawal())
    assert page.message.startswith(f"Köpet är ångrat. Vi återbetalar 495,00{NBSP}kr")
    assert page.locked and not page.subscribed and page.lead == ""
    assert [r["amount"] for r in emulator.store.refunds.values()] == [BAS]
