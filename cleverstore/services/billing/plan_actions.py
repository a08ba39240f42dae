"""Use cases for the notice's cost and plan changes (exported through `actions.py`).

Each opens its own units of work inside `notice`/`plan_change`; a Stripe failure comes out as
`StripeUnavailable`, a refusal as `ValidationFailed` with a field → text key.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import stripe

from cleverstore.db import tenant_scope
from cleverstore.services.billing import notice, plan_change, plans, rules
from cleverstore.services.billing.notice import LastInvoice, NoticeTerms
from cleverstore.services.billing.plan_change import DowngradeFit, UpgradeQuote
from cleverstore.services.billing.stripe_client import StripeUnavailable, stripe_client

__all__ = [
    "DowngradeFit", "LastInvoice", "NoticeTerms", "UpgradeQuote", "WaitingPlanChange",
    "downgrade_fit", "notice_cost", "schedule_plan_downgrade", "take_back_plan_downgrade", "upgrade_plan",
    "upgrade_quote", "waiting_plan_change",
]


def notice_cost(account_id: int) -> NoticeTerms:
    """When the subscription would end if notice were given now, and Stripe's last invoice for it."""
    try:
        return notice.notice_terms(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def upgrade_quote(account_id: int, plan_code: str) -> UpgradeQuote:
    """The amount to pay now for a larger plan (Stripe's proration), before the customer confirms."""
    try:
        return plan_change.upgrade_quote(stripe_client(), account_id, str(plan_code)[:30])
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def upgrade_plan(account_id: int, plan_code: str, proration_date: int) -> str:
    """Move to the larger plan now at the quoted moment; Stripe charges the difference once."""
    try:
        return plan_change.upgrade(stripe_client(), account_id, str(plan_code)[:30], proration_date)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def downgrade_fit(account_id: int, plan_code: str) -> DowngradeFit:
    """Whether the register fits the smaller plan (and what to remove if not)."""
    with tenant_scope(account_id) as db:
        return plan_change.downgrade_fit(db, account_id, str(plan_code)[:30])


def schedule_plan_downgrade(account_id: int, plan_code: str) -> date | None:
    """Order the smaller plan from the renewal (the customer keeps the current one until then)."""
    try:
        return plan_change.schedule_downgrade(stripe_client(), account_id, str(plan_code)[:30])
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


def take_back_plan_downgrade(account_id: int) -> None:
    """Keep the current plan after the renewal."""
    try:
        plan_change.take_back_downgrade(stripe_client(), account_id)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


@dataclass(frozen=True)
class WaitingPlanChange:
    plan_code: str
    plan_name: str
    on: date | None  # the renewal when the change is made


def waiting_plan_change(account_id: int) -> WaitingPlanChange | None:
    """The plan change ordered for the renewal ("Byter till Bas den 2027-12-07"), if any."""
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if row is None or not row.scheduled_plan_code:
            return None
        plan = plans.buyable(db, row.scheduled_plan_code)
        return WaitingPlanChange(row.scheduled_plan_code, plan.name if plan else row.scheduled_plan_code,
                                 row.current_period_end.date() if row.current_period_end else None)
