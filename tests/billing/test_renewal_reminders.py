"""The renewal reminder (once per period, while notice can still be given, with the date, the amount and
how to give notice) and a new price's lead time (only for renewals the customer could still give notice
for), through the real stripe-python client against the emulator, its clock moved to each renewal."""
from datetime import timedelta

from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.models import OutgoingMail
from cleverstore.services.billing import agreements, payments, reminders, rules
from cleverstore.services.billing.stripe_client import stripe_client
from cleverstore.services.operations import jobs
from tests.billing.test_payments import _deliver, _done
from tests.helpers.factories import make_account
from tests.helpers.stripe_emulator import emulator, pay_checkout  # noqa: F401

BASE = "http://127.0.0.1:3000"
NBSP = "\u00a0"


def _subscribe(db, emulator, account, plan="bas"):
    _done(db)
    url = _done(db, payments.start_checkout(stripe_client(), account.id, plan, BASE))
    _deliver(db, pay_checkout(emulator, url))
    return rules.billing_row(db, account.id)


def _renew(db, emulator):
    before = len(emulator.events)
    emulator.emit(emulator.store.advance(emulator.store.seconds_to_next_renewal()))
    _deliver(db, emulator.events[before:])


def _mails(db, account, kind):
    return db.exec(select(OutgoingMail).where(OutgoingMail.account_id == account.id, OutgoingMail.kind == kind)
                   .order_by(OutgoingMail.id)).all()


def _send(db, now):
    _done(db)
    return _done(db, reminders.send_due(now=now))


def test_the_notice_rule_and_the_last_day_to_give_it():
    renewal = rules.add_months(rules._aware(rules.utcnow()), 6)
    assert reminders.notice_still_possible(renewal, renewal - timedelta(days=100))
    assert not reminders.notice_still_possible(renewal, renewal - timedelta(days=80))
    last = reminders.last_notice_day(renewal)
    assert rules.cancellation_date(renewal, last) == renewal  # notice that day still ends it at the renewal
    assert rules.cancellation_date(renewal, last + timedelta(days=2)) > renewal


def test_one_reminder_per_period_about_100_days_ahead_with_date_amount_and_how_to_give_notice(db, emulator):
    account = make_account(db, subscribed=False)
    renewal = _subscribe(db, emulator, account).current_period_end
    assert _send(db, renewal - timedelta(days=120)) == 0  # too early
    assert _send(db, renewal - timedelta(days=100)) == 1
    assert _send(db, renewal - timedelta(days=99)) == 0  # once per period
    reminder, = _mails(db, account, "renewal_reminder")
    day = reminders.mails.day
    assert reminder.subject == f"Ditt abonnemang hos CleverStore förnyas {day(renewal)}"
    assert f"Ditt abonnemang Bas förnyas {day(renewal)}" in reminder.body
    assert f"Då drar vi 495,00{NBSP}kr (inklusive moms) från ditt kort." in reminder.body
    assert f"säg upp senast {day(reminders.last_notice_day(renewal))}" in reminder.body
    assert f"{get_settings().base_url}/billing" in reminder.body
    # the next period gets its own reminder
    _renew(db, emulator)
    following = rules.billing_row(db, account.id).current_period_end
    assert following - renewal > timedelta(days=360)
    assert _send(db, following - timedelta(days=100)) == 1
    assert len(_mails(db, account, "renewal_reminder")) == 2


def test_no_reminder_once_notice_is_given_or_when_notice_can_no_longer_be_given(db, emulator):
    late, gave_notice = make_account(db, subscribed=False), make_account(db, subscribed=False)
    renewal = _subscribe(db, emulator, late).current_period_end
    _subscribe(db, emulator, gave_notice)
    _done(db)
    payments.request_cancellation(stripe_client(), gave_notice.id, now=renewal - timedelta(days=200))
    assert _send(db, renewal - timedelta(days=80)) == 0  # inside the three months: no reminder for this one
    assert _send(db, renewal - timedelta(days=100)) == 1
    assert _mails(db, gave_notice, "renewal_reminder") == [] and len(_mails(db, late, "renewal_reminder")) == 1


def test_an_agreement_on_invoice_terms_is_reminded_in_english_with_its_own_wording(db, emulator):
    firm = make_account(db, subscribed=False)
    firm.language = "en"
    db.add(firm)
    _done(db)
    row = _done(db, agreements.put_on_invoice_terms(stripe_client(), firm.id, "plus", 30))
    assert _send(db, row.current_period_end - timedelta(days=100)) == 1
    reminder, = _mails(db, firm, "renewal_reminder")
    assert "We will then charge SEK 895.00 (VAT included) by an invoice under your agreement." in reminder.body
    assert "The notice period is three months" in reminder.body


def test_the_reminder_job_runs_with_the_scheduled_jobs(db, emulator, monkeypatch):
    account = make_account(db, subscribed=False)
    renewal = _subscribe(db, emulator, account).current_period_end
    _done(db)
    assert jobs.run_all(db)["renewal_reminders"] == 0  # a year away: nothing due today
    _done(db)  # each run of the scheduled jobs is its own unit of work
    monkeypatch.setattr(reminders, "utcnow", lambda: renewal - timedelta(days=100))
    assert jobs.run_all(db)["renewal_reminders"] == 1  # it asks Stripe before the other jobs write anything
    _done(db)
    assert jobs.run_all(db)["renewal_reminders"] == 0
    assert len(_mails(db, account, "renewal_reminder")) == 1


def test_a_new_price_waits_for_the_renewal_after_next_when_the_next_is_too_near_for_notice(db, emulator, monkeypatch):
    near, far = make_account(db, subscribed=False), make_account(db, subscribed=False)
    near_renewal = _subscribe(db, emulator, near).current_period_end
    # `far` subscribes 9 months later (the clock moved): their renewal is more than three months away
    emulator.store.advance(270 * 24 * 3600)
    far_renewal = _subscribe(db, emulator, far).current_period_end
    publish_at = near_renewal - timedelta(days=60)
    monkeypatch.setattr(agreements, "utcnow", lambda: publish_at)
    _done(db)
    assert _done(db, agreements.publish_new_yearly_price(stripe_client(), "bas", 54_400)) == 2
    near_sub = emulator.store.subscriptions[rules.billing_row(db, near.id).subscription_id]
    far_sub = emulator.store.subscriptions[rules.billing_row(db, far.id).subscription_id]
    assert near_sub["item"]["price"]["unit_amount"] == 49_500  # left: the renewal in 60 days keeps the old price
    assert far_sub["item"]["price"]["unit_amount"] == 54_400
    day = reminders.mails.day
    notice, = _mails(db, near, "price_change")
    assert f"Din förnyelse {day(near_renewal)} ligger för nära" in notice.body
    assert f"från förnyelsen därefter ({day(rules.add_months(near_renewal, 12))})" in notice.body
    assert f"495,00{NBSP}kr" in notice.body and f"544,00{NBSP}kr" in notice.body
    assert "nästa förnyelse" in _mails(db, far, "price_change")[0].body
    # publishing again sends nobody a second notice
    assert _done(db, agreements.publish_new_yearly_price(stripe_client(), "bas", 54_400)) == 0
    assert len(_mails(db, near, "price_change")) == 1
    # the near renewal is charged the old price
    _renew(db, emulator)
    near_invoices = [i for i in emulator.store.invoices.values() if i["subscription"] == near_sub["id"]]
    assert [i["amount"] for i in near_invoices] == [49_500, 49_500]
    # the reminder before the following renewal moves them and names the new amount
    following = rules.billing_row(db, near.id).current_period_end
    assert _send(db, following - timedelta(days=100)) == 1
    assert near_sub["item"]["price"]["unit_amount"] == 54_400
    reminder, = _mails(db, near, "renewal_reminder")
    assert f"Då drar vi 544,00{NBSP}kr" in reminder.body
    assert rules.billing_row(db, near.id).price_id == near_sub["item"]["price"]["id"]
    assert far_renewal > following - timedelta(days=365)
