"""Erasure keeps billing records for the accounting law, pseudonymised.

The account's BillingAccount row is replaced by a RetainedBillingRecord that
holds only Stripe's ids and the plan under a keyed hash of the old account id;
the scheduled jobs delete it when the seven years have passed.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from cleverstore.models import BillingAccount, RetainedBillingRecord
from cleverstore.models.base import utcnow
from cleverstore.services.shared.customer_tables import RETAINED

KEEP_FOR = timedelta(days=7 * 366)


def pseudonymise_billing(db: Session, account_id: int, subject_hash: str) -> None:
    row = db.exec(select(BillingAccount).where(BillingAccount.account_id == account_id)).first()
    if row is None:
        return
    if row.stripe_customer_id or row.subscription_id:
        db.add(RetainedBillingRecord(subject_hash=subject_hash, stripe_customer_id=row.stripe_customer_id,
                                     subscription_id=row.subscription_id, plan_code=row.plan_code,
                                     keep_until=utcnow() + KEEP_FOR))
    db.delete(row)
    db.flush()


def purge_expired(db: Session, now: datetime | None = None) -> int:
    return db.execute(delete(RetainedBillingRecord).where(
        RetainedBillingRecord.keep_until <= (now or utcnow()))).rowcount or 0


RETAINED["billingaccount"] = pseudonymise_billing
