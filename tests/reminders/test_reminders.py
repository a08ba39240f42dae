"""Reminders fire once for their occasion, at the right time, to customers who want them and may act on them;
the monthly summary gathers a month's reminders into one mail; every mail links to its page and to the
settings that turn it off."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.models import Account, ErasureRequest, InsurancePolicy, OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services import reminders
from cleverstore.services.billing import rules
from cleverstore.services.privacy import erasure
from cleverstore.services.register import reinventory
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account, make_item

NOW = datetime(2027, 3, 10, 9, 0, tzinfo=timezone.utc)
TODAY = date(2027, 3, 10)


def _days(n: int) -> datetime:
    return NOW + timedelta(days=n)


def _reminder_mail(db, account_id=None):
    db.commit()
    db.expire_all()
    rows = db.exec(select(OutgoingMail).where(OutgoingMail.kind.startswith("reminder_")).order_by(OutgoingMail.id)).all()
    return [m for m in rows if account_id is None or m.account_id == account_id]


def _run(db, now):
    db.commit()
    return reminders.send_reminders(now)


@pytest.fixture()
def customer(db):
    account = make_account(db)
    db.commit()
    return account


def test_a_warranty_is_reminded_once_within_thirty_days_with_links(db, customer):
    item = make_item(db, customer, name="Diskmaskin", warranty_end=(TODAY + timedelta(days=40)).isoformat())
    assert _run(db, NOW) == 0 and _reminder_mail(db) == []  # 40 days ahead: not yet
    assert _run(db, _days(10)) == 1
    assert _run(db, _days(11)) == 0  # a second run, and the next day, send nothing more
    (mail,) = _reminder_mail(db)
    base = get_settings().base_url
    assert mail.to_address == customer.email and mail.kind == "reminder_warranty"
    assert "Diskmaskin" in mail.subject and "2027-04-19" in mail.body
    assert f"{base}/object?id={item.id}" in mail.body
    assert f"{base}/profile#reminders" in mail.body and "Stäng av" in mail.body


def test_a_new_warranty_end_is_a_new_occasion(db, customer):
    item = make_item(db, customer, warranty_end=(TODAY + timedelta(days=5)).isoformat())
    _run(db, NOW)
    item = db.merge(item)
    item.warranty_end = TODAY + timedelta(days=25)
    db.add(item)
    _run(db, NOW)
    assert len(_reminder_mail(db)) == 2


def test_an_ended_warranty_and_a_lifetime_warranty_are_not_reminded(db, customer):
    make_item(db, customer, warranty_end=(TODAY - timedelta(days=1)).isoformat())
    lifetime = make_item(db, customer, warranty_end=(TODAY + timedelta(days=3)).isoformat())
    lifetime.lifetime_warranty = True
    db.add(lifetime)
    assert _run(db, NOW) == 0


def test_a_lent_object_is_reminded_the_day_after_its_return_date(db, customer):
    item = make_item(db, customer, name="Borrmaskin", status="lent_out", lent_to="Grannen",
                     lent_until=TODAY.isoformat())
    assert _run(db, NOW) == 0  # due back today: not late yet
    assert _run(db, _days(1)) == 1 and _run(db, _days(2)) == 0
    (mail,) = _reminder_mail(db)
    assert "Grannen" in mail.body and "2027-03-10" in mail.body and f"/object?id={item.id}" in mail.body


def test_a_returned_object_is_not_reminded(db, customer):
    make_item(db, customer, status="in_use", lent_until=(TODAY - timedelta(days=3)).isoformat())
    assert _run(db, NOW) == 0


def test_a_renewing_policy_names_the_sums(db, customer):
    make_item(db, customer, name="Soffa", replacement_value="12000")
    db.add(InsurancePolicy(account_id=customer.id, company="Folksam", policy_number="H-123", kind="home",
                           contents_sum_ore=50_000_000, renews_on=TODAY + timedelta(days=31)))
    assert _run(db, NOW) == 0
    assert _run(db, _days(1)) == 1 and _run(db, _days(1)) == 0
    (mail,) = _reminder_mail(db)
    assert "Folksam" in mail.subject and "H-123" in mail.body
    assert "500\u00a0000,00" in mail.body and "12\u00a0000,00" in mail.body and "/insurance" in mail.body


def test_the_reinventory_falls_due_eleven_months_after_the_last_check(db, customer):
    item = make_item(db, customer)
    make_item(db, customer, name="Lampa")
    item = db.merge(item)
    item.last_checked_on = date(2026, 12, 1)
    db.add(item)
    assert _run(db, datetime(2027, 10, 31, 9, tzinfo=timezone.utc)) == 0
    assert _run(db, datetime(2027, 11, 1, 9, tzinfo=timezone.utc)) == 1
    assert _run(db, datetime(2027, 11, 20, 9, tzinfo=timezone.utc)) == 0
    (mail,) = _reminder_mail(db)
    assert "/inventory" in mail.body and "2026-12-01" in mail.body


def test_no_reinventory_reminder_when_every_object_is_checked(db, customer):
    item = make_item(db, customer)
    item = db.merge(item)
    item.last_checked_on = date(2027, 10, 1)  # checked this round
    db.add(item)
    db.commit()
    assert reinventory.not_checked(db, customer.id, date(2027, 11, 2)) == 0
    assert _run(db, datetime(2027, 11, 2, 9, tzinfo=timezone.utc)) == 0


def _card(db, account, month, year, renews: date):
    row = rules.billing_row(db, account.id)
    row.card_brand, row.card_last4, row.card_exp_month, row.card_exp_year = "visa", "4242", month, year
    row.current_period_end = datetime(renews.year, renews.month, renews.day, tzinfo=timezone.utc)
    db.add(row)


def test_a_card_expiring_before_the_renewal_is_reminded_in_its_warning_time(db, customer):
    _card(db, customer, 4, 2027, date(2027, 6, 1))  # valid to 2027-04-30, 51 days ahead of NOW
    assert _run(db, NOW) == 0
    assert _run(db, _days(10)) == 1 and _run(db, _days(20)) == 0
    (mail,) = _reminder_mail(db)
    assert "4242" in mail.body and "2027-04-30" in mail.body and "/billing" in mail.body


def test_a_card_valid_past_the_renewal_is_not_reminded(db, customer):
    _card(db, customer, 4, 2027, date(2027, 4, 15))
    assert _run(db, _days(10)) == 0


def test_a_kind_turned_off_is_neither_mailed_nor_listed(db, customer):
    make_item(db, customer, warranty_end=(TODAY + timedelta(days=3)).isoformat())
    make_item(db, customer, status="lent_out", lent_to="Anna", lent_until=(TODAY - timedelta(days=3)).isoformat())
    db.commit()
    reminders.save_reminder_choices(customer.id, {"lent": "on", "reinventory": "on", "cadence": "at_once"})
    assert _run(db, NOW) == 1
    assert [m.kind for m in _reminder_mail(db)] == ["reminder_lent"]
    assert [r.kind for r in reminders.current_reminders(customer.id, "sv", NOW)] == ["lent"]


def test_no_mail_to_a_suspended_locked_or_leaving_customer(db):
    suspended, locked, leaving = (make_account(db) for _ in range(3))
    unpaid = make_account(db, subscribed=False)
    for account in (suspended, locked, leaving, unpaid):
        make_item(db, account, warranty_end=(TODAY + timedelta(days=3)).isoformat())
    suspended.suspended_at = utcnow()
    db.add(suspended)
    row = rules.billing_row(db, locked.id)
    row.status = "unpaid"
    db.add(row)
    db.add(ErasureRequest(account_id=leaving.id, effective_at=NOW + timedelta(days=30)))
    assert _run(db, NOW) == 0
    assert _reminder_mail(db) == []


def test_an_erased_customer_gets_nothing(db, customer):
    make_item(db, customer, warranty_end=(TODAY + timedelta(days=3)).isoformat())
    erasure.erase_account(db, customer.id)
    assert _run(db, NOW) == 0
    assert _reminder_mail(db) == [] and db.get(Account, customer.id) is None


def test_the_monthly_summary_gathers_a_month_into_one_mail(db, customer):
    make_item(db, customer, name="Tvättmaskin", warranty_end=(TODAY + timedelta(days=3)).isoformat())
    make_item(db, customer, name="Stege", status="lent_out", lent_to="Anna", lent_until=(TODAY - timedelta(days=1)).isoformat())
    db.commit()
    reminders.save_reminder_choices(customer.id, {k: "on" for k in reminders.KINDS} | {"cadence": "monthly"})
    assert _run(db, NOW) == 2
    assert _run(db, _days(15)) == 0
    assert _reminder_mail(db) == []  # waits for the month's end
    _run(db, datetime(2027, 4, 1, 6, tzinfo=timezone.utc))
    _run(db, datetime(2027, 4, 2, 6, tzinfo=timezone.utc))
    (mail,) = _reminder_mail(db)
    assert mail.kind == "reminder_summary" and "(2)" in mail.subject
    assert "Tvättmaskin" in mail.body and "Stege" in mail.body and mail.body.count("/object?id=") == 2
    assert "/profile#reminders" in mail.body


def test_a_summary_leaves_out_a_kind_turned_off_meanwhile(db, customer):
    make_item(db, customer, name="Tvättmaskin", warranty_end=(TODAY + timedelta(days=3)).isoformat())
    db.commit()
    reminders.save_reminder_choices(customer.id, {k: "on" for k in reminders.KINDS} | {"cadence": "monthly"})
    _run(db, NOW)
    reminders.save_reminder_choices(customer.id, {"lent": "on", "cadence": "monthly"})
    _run(db, datetime(2027, 4, 1, 6, tzinfo=timezone.utc))
    assert _reminder_mail(db) == []


def test_mail_goes_in_the_customers_language(db, customer):
    account = db.merge(customer)
    account.language = "en"
    db.add(account)
    make_item(db, customer, name="Camera", warranty_end=(TODAY + timedelta(days=3)).isoformat())
    _run(db, NOW)
    (mail,) = _reminder_mail(db)
    assert "The warranty of Camera ends on 2027-03-13" in mail.body and "Turn it off" in mail.body


def test_one_customers_reminders_stay_their_own(db, customer):
    other = make_account(db)
    make_item(db, other, name="Grannens cykel", warranty_end=(TODAY + timedelta(days=3)).isoformat())
    db.commit()
    assert reminders.current_reminders(customer.id, "sv", NOW) == []
    _run(db, NOW)
    assert [m.account_id for m in _reminder_mail(db)] == [other.id]


def test_the_settings_are_saved_and_refused_input_changes_nothing(db, customer):
    assert reminders.reminder_choices(customer.id) == reminders.ReminderChoices(reminders.KINDS, "at_once")
    saved = reminders.save_reminder_choices(customer.id, {"warranty": "on", "card": "on", "cadence": "monthly"})
    assert saved.kinds == ("warranty", "card") and saved.cadence == "monthly"
    with pytest.raises(ValidationFailed) as refused:
        reminders.save_reminder_choices(customer.id, {"warranty": "kanske", "cadence": "weekly"})
    assert refused.value.errors == {"cadence": "reminders.error.cadence", "warranty": "reminders.error.switch"}
    assert reminders.reminder_choices(customer.id) == saved


def test_the_list_in_the_app_links_to_each_object(db, customer):
    item = make_item(db, customer, name="Kamera", warranty_end=(TODAY + timedelta(days=3)).isoformat())
    db.commit()
    (current,) = reminders.current_reminders(customer.id, "sv", NOW)
    assert current.path == f"/object?id={item.id}" and "Kamera" in current.text and "2027-03-13" in current.text


def test_the_scheduled_jobs_send_the_reminders_once(db, customer):
    from cleverstore.services.operations import jobs

    make_item(db, customer, warranty_end=(utcnow().date() + timedelta(days=3)).isoformat())
    db.commit()
    assert jobs.run_all(db)["reminders"] == 1
    db.commit()
    assert jobs.run_all(db)["reminders"] == 0
    assert len(_reminder_mail(db)) == 1


def test_the_job_visits_only_customers_with_something_due(db, customer):
    from cleverstore.services.reminders import finding

    quiet = make_account(db)
    item = make_item(db, quiet, warranty_end=(TODAY + timedelta(days=90)).isoformat())
    item.last_checked_on = TODAY - timedelta(days=30)
    db.add(item)
    make_item(db, quiet, name="Ny lampa")  # not checked yet; the register was, a month ago
    make_item(db, customer, status="lent_out", lent_to="Anna", lent_until=(TODAY - timedelta(days=1)).isoformat())
    db.commit()
    assert finding.candidates(db, TODAY) == {customer.id}
    assert quiet.id in finding.candidates(db, date(2028, 1, 9))  # eleven months after the last check


def test_a_register_never_checked_is_visited_eleven_months_after_its_first_object(db, customer):
    from cleverstore.services.reminders import finding

    make_item(db, customer)
    db.commit()
    first = utcnow().date()
    assert customer.id not in finding.candidates(db, first + timedelta(days=300))
    assert customer.id in finding.candidates(db, first + timedelta(days=340))
    assert _run(db, datetime.combine(first + timedelta(days=340), datetime.min.time(), timezone.utc)) == 1
