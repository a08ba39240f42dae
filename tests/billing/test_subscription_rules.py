"""The subscription rules without Stripe: access, notice period, price rule, card warning."""
from datetime import date, datetime, timedelta, timezone

import pytest

from cleverstore.config import reset_settings
from cleverstore.models import BillingAccount
from cleverstore.services.billing import rules
from cleverstore.services.shared.errors import ValidationFailed
from tests.helpers.factories import make_account

NOW = datetime(2027, 3, 15, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("status, open_", [
    ("active", True), ("trialing", True), ("past_due", False), ("unpaid", False), ("canceled", False),
    ("incomplete", False), ("incomplete_expired", False), ("paused", False), ("none", False),
])
def test_only_active_and_trialing_open_the_register(status, open_):
    assert rules.status_allows_access(status, NOW - timedelta(hours=1), NOW, grace=0) is open_


def test_a_grace_period_keeps_past_due_open_only_for_its_days():
    since = NOW - timedelta(days=2)
    assert rules.status_allows_access("past_due", since, NOW, grace=3) is True
    assert rules.status_allows_access("past_due", since, NOW, grace=2) is False
    assert rules.status_allows_access("unpaid", since, NOW, grace=30) is False


def test_grace_days_come_from_the_environment_and_default_to_zero(monkeypatch):
    def grace_with(value: str | None) -> int:
        if value is None:
            monkeypatch.delenv("CLEVERSTORE_BILLING_GRACE_DAYS", raising=False)
        else:
            monkeypatch.setenv("CLEVERSTORE_BILLING_GRACE_DAYS", value)
        reset_settings()
        return rules.grace_days()

    try:
        assert grace_with(None) == 0
        assert grace_with("5") == 5
        assert grace_with("fem") == 0
        assert grace_with("-3") == 0
    finally:
        monkeypatch.undo()
        reset_settings()


def test_register_open_reads_the_database_each_time(db):
    account = make_account(db)
    assert rules.register_open(db, account.id) is True
    row = rules.billing_row(db, account.id)
    row.status = "past_due"
    db.add(row)
    db.flush()
    assert rules.register_open(db, account.id) is False
    unpaid = make_account(db, subscribed=False)
    assert rules.register_open(db, unpaid.id) is False


@pytest.mark.parametrize("months_left, expected", [
    (1, datetime(2027, 6, 15, 12, 0, tzinfo=timezone.utc)),   # notice decides: 3 months after
    (3, datetime(2027, 6, 15, 12, 0, tzinfo=timezone.utc)),   # both the same day
    (11, datetime(2028, 2, 15, 12, 0, tzinfo=timezone.utc)),  # the paid year runs out first
])
def test_cancellation_ends_at_the_later_of_period_end_and_three_months(months_left, expected):
    period_end = rules.add_months(NOW, months_left)
    assert rules.cancellation_date(period_end, NOW) == expected


def test_three_months_after_the_31st_is_the_last_day_of_the_month():
    assert rules.add_months(datetime(2027, 11, 30, tzinfo=timezone.utc), 3) == datetime(2028, 2, 29, tzinfo=timezone.utc)
    assert rules.add_months(datetime(2027, 1, 31, tzinfo=timezone.utc), 1) == datetime(2027, 2, 28, tzinfo=timezone.utc)


def test_price_change_up_to_ten_percent_is_allowed_more_needs_an_override():
    rules.check_price_change(49_500, 54_450, override=False)  # exactly +10 %
    rules.check_price_change(49_500, 40_000, override=False)  # a decrease
    with pytest.raises(ValidationFailed) as refused:
        rules.check_price_change(49_500, 54_451, override=False)
    assert refused.value.errors == {"price": "error.price_increase_over_limit"}
    rules.check_price_change(49_500, 70_000, override=True)
    with pytest.raises(ValidationFailed):
        rules.check_price_change(49_500, 0, override=True)


def test_card_warning_shows_in_the_last_weeks_before_expiry():
    row = BillingAccount(account_id=1, card_exp_month=4, card_exp_year=2027)
    assert rules.card_expires_soon(row, date(2027, 2, 1)) is False
    assert rules.card_expires_soon(row, date(2027, 3, 20)) is True
    assert rules.card_expires_soon(BillingAccount(account_id=1), date(2027, 3, 20)) is False
