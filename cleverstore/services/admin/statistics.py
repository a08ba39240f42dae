"""Usage statistics for administrators: aggregates only, never a single customer's data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from cleverstore.models import (
    Account,
    AccountKind,
    ActivityEvent,
    BillingAccount,
    Item,
    Plan,
    SupportThread,
)
from cleverstore.services.shared import worth


@dataclass
class Statistics:
    customers_total: int = 0
    customers_by_kind: dict[str, int] = field(default_factory=dict)
    customers_suspended: int = 0
    new_customers_by_month: list[tuple[str, int]] = field(default_factory=list)
    objects_total: int = 0  # owned objects, by the same rule as every customer's register (shared/worth.py)
    objects_not_counted: int = 0  # sold and discarded objects, left out of the figures
    objects_by_month: list[tuple[str, int]] = field(default_factory=list)
    register_value_ore: int = 0
    support_open: int = 0
    events_by_kind: dict[str, int] = field(default_factory=dict)
    customers_by_plan_status: list[tuple[str, str, int]] = field(default_factory=list)
    yearly_recurring_revenue_ore: int = 0
    cancelled_by_month: list[tuple[str, int]] = field(default_factory=list)
    failed_payments_by_month: list[tuple[str, int]] = field(default_factory=list)
    reports_by_month: list[tuple[str, int]] = field(default_factory=list)


def _month(db: Session, column):
    if db.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def last_months(today: date, count: int = 12) -> list[str]:
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def _by_month(db: Session, column, today: date, *conditions) -> list[tuple[str, int]]:
    months = last_months(today)
    bucket = _month(db, column)
    rows = dict(db.exec(select(bucket, func.count()).where(bucket >= months[0], *conditions).group_by(bucket)).all())
    return [(month, int(rows.get(month, 0))) for month in months]


def _events_by_month(db: Session, kinds: tuple[str, ...], today: date) -> list[tuple[str, int]]:
    return _by_month(db, ActivityEvent.created_at, today, ActivityEvent.kind.in_(kinds))


def collect(db: Session, today: date | None = None) -> Statistics:
    today = today or date.today()
    stats = Statistics()
    customer = Account.kind != AccountKind.REGISTER.value  # a SuperPro company register is not a customer
    stats.customers_total = db.exec(select(func.count(Account.id)).where(customer)).one()
    stats.customers_by_kind = {kind: int(n) for kind, n in db.exec(
        select(Account.kind, func.count(Account.id)).where(customer).group_by(Account.kind)).all()}
    stats.customers_suspended = db.exec(select(func.count(Account.id)).where(
        customer, Account.suspended_at.is_not(None))).one()
    stats.new_customers_by_month = _by_month(db, Account.created_at, today, customer)
    owned = worth.register_worth(db, today=today)
    stats.objects_total, stats.objects_not_counted = owned.objects, owned.not_counted
    stats.objects_by_month = _by_month(db, Item.created_at, today)
    stats.register_value_ore = owned.current_ore  # estimated current values, quantity × per piece
    stats.support_open = db.exec(select(func.count(SupportThread.id)).where(SupportThread.status != "closed")).one()
    stats.events_by_kind = {kind: int(n) for kind, n in db.exec(
        select(ActivityEvent.kind, func.count(ActivityEvent.id)).group_by(ActivityEvent.kind)).all()}
    # plans by the name customers see ("Bas"), not their code ("bas")
    stats.customers_by_plan_status = [(name or code or "", status, int(n)) for code, name, status, n in db.exec(
        select(BillingAccount.plan_code, Plan.name, BillingAccount.status, func.count(BillingAccount.id))
        .outerjoin(Plan, Plan.code == BillingAccount.plan_code)
        .group_by(BillingAccount.plan_code, Plan.name, BillingAccount.status)
        .order_by(BillingAccount.plan_code, BillingAccount.status)).all()]
    stats.yearly_recurring_revenue_ore = int(db.exec(
        select(func.coalesce(func.sum(Plan.yearly_price_ore), 0))
        .select_from(BillingAccount).join(Plan, Plan.code == BillingAccount.plan_code)
        .where(BillingAccount.status.in_(("active", "trialing", "past_due")))).one())
    stats.cancelled_by_month = _events_by_month(db, ("subscription_ended",), today)
    stats.failed_payments_by_month = _events_by_month(db, ("payment_failed",), today)
    stats.reports_by_month = _events_by_month(db, ("report_register", "report_labels", "report_claim"), today)
    return stats
