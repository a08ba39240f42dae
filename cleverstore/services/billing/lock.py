"""What the locked billing page says: which payment failed (the period, the amount, a link to pay it),
or that the subscription ended after the last retry and a new one can be started.

The lock itself is read from our records (`rules.register_open`); the unpaid invoice is asked from
Stripe after that unit of work is closed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import stripe

from cleverstore.db import tenant_scope
from cleverstore.services.billing import mails, rules
from cleverstore.services.billing.stripe_client import StripeUnavailable, stripe_client

__all__ = ["LockNotice", "lock_notice"]


@dataclass(frozen=True)
class LockNotice:
    """`kind`: "" (not locked), "unpaid" (a payment failed: pay the invoice and the register opens) or
    "ended" (the subscription ended: start a new one). The invoice's facts are empty when Stripe has
    no unpaid invoice to name."""

    kind: str
    amount_ore: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    pay_url: str = ""


def lock_notice(account_id: int) -> LockNotice:
    """The caller's lock explained; StripeUnavailable when the unpaid invoice cannot be read."""
    with tenant_scope(account_id) as db:
        row = rules.billing_row(db, account_id)
        if not rules.is_locked(row, rules.register_open(db, account_id)):
            return LockNotice("")
        kind = "ended" if row.status == "canceled" else "unpaid"
        customer_id, subscription_id = row.stripe_customer_id, row.subscription_id
    if not customer_id:
        return LockNotice(kind)
    try:
        found = stripe_client().v1.invoices.list({"customer": customer_id, "subscription": subscription_id,
                                                  "status": "open", "limit": 1})["data"]
    except stripe.StripeError as error:
        raise StripeUnavailable() from error
    if not found:
        return LockNotice(kind)
    facts = mails.InvoiceFacts.from_stripe(found[0])
    # Stripe's periods run moment to moment (2027-12-07 09:12 to 2028-12-06 09:12): both days are shown, as Stripe does
    return LockNotice(kind, facts.amount_due, mails.local_date(facts.period_start), mails.local_date(facts.period_end),
                      facts.hosted_url if kind == "unpaid" else "")
