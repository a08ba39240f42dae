"""Billing through the real stripe-python client against the local emulator.

The billing functions open their own units of work (no transaction is held across a Stripe call):
the test's session commits what it made before each call (`_done`) and forgets what it read after it."""
from datetime import timedelta

import pytest
import stripe
from sqlmodel import select

from cleverstore.models import ActivityEvent, OutgoingMail, Plan, StripeEvent
from cleverstore.models.base import utcnow
from cleverstore.services.billing import agreements as admin
from cleverstore.services.billing import payments, rules
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401

BASE = "http://127.0.0.1:3000"


def _done(db, result=None):
    """Commit the test's own writes (before a call) and read afresh afterwards."""
    db.commit()
    db.expire_all()
    return result


def _checkout(db, account, plan="bas"):
    _done(db)
    return _done(db, payments.start_checkout(stripe_client(), account.id, plan, BASE))


def _deliver(db, events):
    _done(db)
    return _done(db, [payments.process_event(stripe_client(), stripe.Event.construct_from(e, "")) for e in events])


def _kinds(db, account):
    return [e.kind for e in db.exec(select(ActivityEvent).where(ActivityEvent.account_id == account.id)
                                    .order_by(ActivityEvent.id)).all()]


def test_paying_opens_the_register_through_the_webhook(db, emulator):
    account = make_account(db, subscribed=False)
    url = _checkout(db, account)
    assert url.startswith(emulator.url + "/checkout/cs_")
    assert not rules.register_open(db, account.id)
    events = pay_checkout(emulator, url)
    assert [e["type"] for e in events] == ["checkout.session.completed", "customer.subscription.created", "invoice.paid"]
    assert _deliver(db, events) == [True, True, True]
    row = rules.billing_row(db, account.id)
    assert (row.status, row.plan_code, row.card_last4) == ("active", "bas", "4242")
    assert rules.register_open(db, account.id)
    assert row.current_period_end - utcnow() > timedelta(days=364)
    assert _kinds(db, account).count("subscription_paid") == 1
    payment = db.exec(select(ActivityEvent).where(ActivityEvent.kind == "payment_received")).one()
    assert payment.detail == "CS-00001 495,00\u00a0kr"


def test_double_click_and_second_tab_get_the_same_checkout_and_no_second_subscription(db, emulator):
    account = make_account(db, subscribed=False)
    first, second = _checkout(db, account), _checkout(db, account)
    assert first == second
    assert len(emulator.store.sessions) == 1 and len(emulator.store.customers) == 1
    _deliver(db, pay_checkout(emulator, first))
    with pytest.raises(ValidationFailed) as refused:
        _checkout(db, account)
    assert refused.value.errors == {"plan": "error.already_subscribed"}
    assert len(emulator.store.subscriptions) == 1


def test_an_older_checkout_in_another_tab_can_no_longer_be_paid(db, emulator, monkeypatch):
    account = make_account(db, subscribed=False)
    old = _checkout(db, account, "bas")
    monkeypatch.setattr(payments.time, "time", lambda: 4_000_000_000.0)  # a later minute
    new = _checkout(db, account, "plus")
    assert old != new
    with pytest.raises(Exception, match="no longer open"):
        pay_checkout(emulator, old)
    _deliver(db, pay_checkout(emulator, new))
    assert len(emulator.store.subscriptions) == 1
    assert rules.billing_row(db, account.id).plan_code == "plus"


def test_superpro_and_unknown_plans_cannot_be_bought(db, emulator):
    account = make_account(db, subscribed=False)
    for code in ("superpro", "gratis", "bas' OR 1=1"):
        with pytest.raises(ValidationFailed):
            _checkout(db, account, code)
    assert emulator.store.sessions == {}


def test_a_replayed_event_is_applied_once(db, emulator):
    account = make_account(db, subscribed=False)
    events = pay_checkout(emulator, _checkout(db, account))
    _deliver(db, events)
    db.commit()
    assert _deliver(db, events) == [False, False, False]
    assert len(db.exec(select(StripeEvent)).all()) == 3
    assert _kinds(db, account).count("subscription_paid") == 1


def test_out_of_order_events_cannot_roll_the_subscription_back(db, emulator):
    account = make_account(db, subscribed=False)
    events = pay_checkout(emulator, _checkout(db, account), card="4000000000000341")
    emulator.emit(emulator.store.advance(emulator.store.seconds_to_next_renewal()))  # renewal fails: past_due
    emulator.emit(emulator.store.update_card(rules.billing_row(db, account.id).stripe_customer_id, "4242424242424242"))
    later = emulator.events[len(events):]
    # the newest news first, the stale "created" (status active at the time) and "payment_failed" last
    _deliver(db, list(reversed(later)) + list(reversed(events)))
    assert rules.billing_row(db, account.id).status == "active"
    failed = [e for e in emulator.events if e["type"] == "invoice.payment_failed"]
    assert failed and failed[0]["data"]["object"]["status"] == "open"


def test_failed_renewal_locks_and_queues_a_notice_then_paying_unlocks(db, emulator):
    account = make_account(db, subscribed=False)
    _deliver(db, pay_checkout(emulator, _checkout(db, account), card="4000 0000 0000 0341"))
    before = len(emulator.events)
    emulator.emit(emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, emulator.events[before:])
    assert rules.billing_row(db, account.id).status == "past_due"
    assert not rules.register_open(db, account.id)
    mails = db.exec(select(OutgoingMail).where(OutgoingMail.account_id == account.id,
                                               OutgoingMail.kind != "verify").order_by(OutgoingMail.id)).all()
    assert [m.kind for m in mails] == ["payment_receipt", "payment_failed"]  # the first year's receipt, then
    assert "låst" in mails[1].body
    open_invoice = next(i for i in emulator.store.invoices.values() if i["status"] == "open")
    before = len(emulator.events)
    emulator.emit(emulator.store.pay_invoice_with_card(open_invoice["id"], "4242424242424242"))
    _deliver(db, emulator.events[before:])
    assert rules.register_open(db, account.id)
    assert _kinds(db, account).count("payment_failed") == 1


def test_success_page_sync_works_before_the_webhook_but_only_for_the_owner(db, emulator):
    anna, bo = make_account(db, subscribed=False), make_account(db, subscribed=False)
    url = _checkout(db, anna)
    cs_id = url.rsplit("/", 1)[1]
    assert payments.sync_after_redirect(stripe_client(), anna.id, cs_id) is False  # not paid yet
    pay_checkout(emulator, url)  # events not delivered
    _checkout(db, bo)
    assert payments.sync_after_redirect(stripe_client(), bo.id, cs_id) is False
    assert not rules.register_open(db, bo.id)
    assert payments.sync_after_redirect(stripe_client(), anna.id, "cs_test_nonexistent") is False
    assert payments.sync_after_redirect(stripe_client(), anna.id, "../../v1/customers") is False
    assert payments.sync_after_redirect(stripe_client(), anna.id, cs_id) is True
    _done(db)
    assert rules.register_open(db, anna.id)


def test_notice_of_termination_sets_cancel_at_and_can_be_withdrawn(db, emulator):
    account = make_account(db, subscribed=False)
    _deliver(db, pay_checkout(emulator, _checkout(db, account)))
    row = rules.billing_row(db, account.id)
    preview = payments.cancellation_preview(db, account.id)
    assert preview.date() == row.current_period_end.date()  # eleven+ months paid: the year's end decides
    ends = _done(db, payments.request_cancellation(stripe_client(), account.id))
    sub = emulator.store.subscriptions[row.subscription_id]
    assert sub["cancel_at"] == int(ends.timestamp())
    assert rules.billing_row(db, account.id).cancel_at.replace(tzinfo=ends.tzinfo) == ends
    assert rules.register_open(db, account.id)  # still paid until then
    _done(db, payments.withdraw_cancellation(stripe_client(), account.id))
    assert sub["cancel_at"] is None and rules.billing_row(db, account.id).cancel_at is None
    with pytest.raises(ValidationFailed):
        payments.withdraw_cancellation(stripe_client(), account.id)
    assert _kinds(db, account)[-2:] == ["cancellation_requested", "cancellation_withdrawn"]


def test_subscription_ends_at_cancel_at_and_locks(db, emulator):
    account = make_account(db, subscribed=False)
    _deliver(db, pay_checkout(emulator, _checkout(db, account)))
    _done(db, payments.request_cancellation(stripe_client(), account.id))
    before = len(emulator.events)
    emulator.emit(emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, emulator.events[before:])
    assert [e["type"] for e in emulator.events[before:]] == ["customer.subscription.deleted"]
    assert rules.billing_row(db, account.id).status == "canceled"
    assert not rules.register_open(db, account.id)


def test_invoices_are_listed_with_amount_status_and_links(db, emulator):
    account, other = make_account(db, subscribed=False), make_account(db, subscribed=False)
    _deliver(db, pay_checkout(emulator, _checkout(db, account, "plus")))
    lines = payments.invoices(stripe_client(), account.id)
    assert [(line.amount_ore, line.status) for line in lines] == [(89_500, "paid")]
    assert lines[0].hosted_url.startswith(emulator.url) and lines[0].pdf_url.endswith("/pdf")
    assert payments.invoices(stripe_client(), other.id) == []


def test_portal_url_is_for_the_callers_own_customer(db, emulator):
    account = _done(db, make_account(db, subscribed=False))
    url = _done(db, payments.portal_url(stripe_client(), account.id, BASE + "/billing"))
    portal = emulator.store.portals[url.rsplit("/", 1)[1]]
    assert portal["customer"] == rules.billing_row(db, account.id).stripe_customer_id


def test_admin_invoice_terms_open_the_register_when_the_invoice_is_issued(db, emulator):
    account = _done(db, make_account(db, subscribed=False))
    with pytest.raises(ValidationFailed):
        admin.put_on_invoice_terms(stripe_client(), account.id, "bas", 0)
    row = _done(db, admin.put_on_invoice_terms(stripe_client(), account.id, "bas", 30))
    assert (row.status, row.collection_method, row.days_until_due) == ("active", "send_invoice", 30)
    assert rules.register_open(db, account.id)
    invoice = next(iter(emulator.store.invoices.values()))
    assert invoice["collection_method"] == "send_invoice" and invoice["status"] == "open"
    before = len(emulator.events)
    emulator.emit(emulator.store.advance(31 * 24 * 3600))  # not paid by the due date
    _deliver(db, emulator.events[before:])
    assert rules.billing_row(db, account.id).status == "past_due"


def test_new_yearly_price_moves_subscribers_at_renewal_with_a_notice(db, emulator):
    payer, other = make_account(db, subscribed=False), make_account(db, subscribed=False)
    _deliver(db, pay_checkout(emulator, _checkout(db, payer, "bas")))
    _deliver(db, pay_checkout(emulator, _checkout(db, other, "plus")))
    with pytest.raises(ValidationFailed):
        admin.publish_new_yearly_price(stripe_client(), "bas", 59_500)  # +20 %
    assert _done(db, admin.publish_new_yearly_price(stripe_client(), "bas", 59_500, override=True)) == 1
    assert db.exec(select(Plan).where(Plan.code == "bas")).one().yearly_price_ore == 59_500
    sub = emulator.store.subscriptions[rules.billing_row(db, payer.id).subscription_id]
    assert sub["item"]["price"]["unit_amount"] == 59_500
    assert [i["amount"] for i in emulator.store.invoices.values() if i["subscription"] == sub["id"]] == [49_500]
    mails = db.exec(select(OutgoingMail).where(OutgoingMail.kind == "price_change")).all()
    assert [m.account_id for m in mails] == [payer.id]
    assert "495,00\u00a0kr" in mails[0].body and "595,00\u00a0kr" in mails[0].body
    emulator.store.advance(emulator.store.seconds_to_next_renewal())
    renewal = [i for i in emulator.store.invoices.values() if i["subscription"] == sub["id"]][-1]
    assert (renewal["amount"], renewal["status"]) == (59_500, "paid")
    # new checkouts use the new price (the lookup key moved)
    newcomer = make_account(db, subscribed=False)
    _checkout(db, newcomer, "bas")
    assert list(emulator.store.sessions.values())[-1]["amount"] == 59_500
