"""Use cases of billing for administrators: each opens its own unit of work.

SuperPro requests, invoice terms by agreement and a new yearly price for a plan;
every change is in the audit log, written in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import stripe
from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Account, BillingAccount, Plan
from cleverstore.services.billing import agreements, rules, superpro
from cleverstore.services.billing.stripe_client import StripeUnavailable, stripe_client
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.money import parse_kronor

__all__ = [
    "AgreementsOverview", "CustomerBilling", "CustomerPlanState", "PlanPrice", "SuperProRequestRow",
    "agreements_overview", "customer_billing", "customer_plan_states", "mark_superpro_request_handled",
    "publish_yearly_price", "put_customer_on_invoice_terms",
]


@dataclass(frozen=True)
class SuperProRequestRow:
    id: int
    account_id: int
    customer_name: str
    customer_number: str | None
    company_count: int
    message: str
    created_at: datetime


@dataclass(frozen=True)
class PlanPrice:
    code: str
    name: str
    yearly_price_ore: int | None  # None: "contact us"


@dataclass(frozen=True)
class AgreementsOverview:
    requests: tuple[SuperProRequestRow, ...]
    plans: tuple[PlanPrice, ...]


def agreements_overview() -> AgreementsOverview:
    """The open SuperPro requests (oldest first) and the plan catalogue with its yearly prices."""
    with session_scope() as db:
        rows = superpro.open_requests(db)
        wanted = [r.account_id for r in rows]
        accounts = {a.id: a for a in db.exec(select(Account).where(Account.id.in_(wanted)))}
        requests = tuple(SuperProRequestRow(r.id, r.account_id, accounts[r.account_id].name,
                                            accounts[r.account_id].customer_number, r.company_count, r.message,
                                            r.created_at) for r in rows)
        plans = tuple(PlanPrice(p.code, p.name, p.yearly_price_ore) for p in agreements.plans(db))
    return AgreementsOverview(requests, plans)


def mark_superpro_request_handled(admin_id: int, request_id: object) -> None:
    """NotFound for an unknown (or malformed) request id."""
    try:
        wanted = int(str(request_id))
    except ValueError:
        raise NotFound() from None
    with session_scope() as db:
        handled = superpro.mark_handled(db, wanted)
        audit.record(db, admin_id, "superpro_handled", "account", handled.account_id)


def put_customer_on_invoice_terms(admin_id: int, form: dict) -> str:
    """Put a customer (by customer number) on a plan by written agreement, on invoice terms; returns the
    customer number. SuperPro takes the agreed yearly price (`agreed_price`, kronor). Calls Stripe (after
    the lookup is committed; the answer is stored with the audit entry in a new unit of work).
    ValidationFailed names the refused field and why; StripeUnavailable when Stripe cannot be reached or refuses."""
    with session_scope() as db:
        account = agreements.customer_by_number(db, str(form.get("customer_number") or "")[:20])
        account_id, number = account.id, account.customer_number or ""
    try:
        days = int(str(form.get("days_until_due") or "0"))
    except ValueError:
        raise ValidationFailed({"days_until_due": "error.days_until_due"}) from None
    agreed_text = str(form.get("agreed_price") or "").strip()[:20]
    try:
        agreed = parse_kronor(agreed_text) if agreed_text else None
    except ValueError:
        raise ValidationFailed({"agreed_price": "error.amount_invalid"}) from None
    try:
        agreements.put_on_invoice_terms(stripe_client(), account_id, str(form.get("plan") or "")[:30], days,
                                        admin_id, agreed)
    except stripe.StripeError as error:
        raise StripeUnavailable() from error
    return number


def publish_yearly_price(admin_id: int, form: dict) -> int:
    """A new yearly price for a plan; returns how many subscribers move at renewal. Calls Stripe.

    An unknown plan is a field error on `plan`; StripeUnavailable when Stripe cannot be reached.
    """
    try:
        ore = parse_kronor(str(form.get("price") or ""))
    except ValueError:
        ore = None
    if not ore:
        raise ValidationFailed({"price": "error.amount_invalid"})
    override = str(form.get("override") or "").lower() in ("on", "true", "1")
    plan_code = str(form.get("plan") or "")[:30]
    try:
        return agreements.publish_new_yearly_price(stripe_client(), plan_code, ore, override, admin_id)
    except NotFound:
        raise ValidationFailed({"plan": "error.plan_unknown"}) from None
    except stripe.StripeError as error:
        raise StripeUnavailable() from error


@dataclass(frozen=True)
class CustomerBilling:
    """What the admin's customer page shows of the subscription."""

    plan_code: str
    status: str
    has_subscription: bool
    current_period_end: datetime | None
    by_invoice: bool
    state: str  # the real state in words (suspended, locked, late, notice given …), in the admin's language
    plan_name: str = ""  # as customers see it ("Bas")


def customer_billing(account_id: int, lang: str = "sv") -> CustomerBilling:
    """The stored subscription (no call to Stripe) and its state in words; "no subscription" without one."""
    with session_scope() as db:
        row = rules.billing_row(db, account_id)
        account = db.get(Account, account_id)
        words = rules.state_in_words(row, account.suspended_at if account else None, lang)
        if row is None:
            return CustomerBilling("", "none", False, None, False, words)
        code = row.plan_code or ""
        return CustomerBilling(code, row.status, bool(row.subscription_id), row.current_period_end,
                               row.collection_method == "send_invoice", words, _plan_names(db).get(code, ""))


@dataclass(frozen=True)
class CustomerPlanState:
    plan_code: str
    state: str
    plan_name: str = ""  # as customers see it ("Bas")


def _plan_names(db) -> dict[str, str]:
    return {plan.code: plan.name for plan in db.exec(select(Plan))}


def customer_plan_states(account_ids: list[int], lang: str = "sv") -> dict[int, CustomerPlanState]:
    """Plan and state in words for a page of the admin's customer list (one query per table)."""
    wanted = [int(i) for i in account_ids][:200]
    with session_scope() as db:
        accounts = {a.id: a for a in db.exec(select(Account).where(Account.id.in_(wanted)))}
        rows = {r.account_id: r for r in db.exec(select(BillingAccount).where(BillingAccount.account_id.in_(wanted)))}
        names = _plan_names(db)
        codes = {i: (rows[i].plan_code or "") if i in rows else "" for i in wanted}
        return {i: CustomerPlanState(codes[i], rules.state_in_words(rows.get(i), accounts[i].suspended_at, lang),
                                     names.get(codes[i], codes[i]))
                for i in wanted if i in accounts}
