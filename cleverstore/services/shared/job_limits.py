"""Heavy work per customer is limited: at most JOBS_PER_WINDOW reports, labels, claim packs, exports
and imports in WINDOW, and one at a time, so that ten tabs of one customer cannot fill the disk or
slow every other customer down. A refusal is a ValidationFailed with a friendly message.

The slot is taken in a short unit of work of its own before the work starts (counted atomically:
SQLite's single writer, an advisory lock on PostgreSQL) and given back when the work ends, whatever
the outcome; a slot whose process died counts as running for RUNNING_AT_MOST only.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, func, text, update
from sqlmodel import Session, select

from cleverstore.db import tenant_scope
from cleverstore.models import CustomerJob
from cleverstore.models.base import utcnow
from cleverstore.services.shared.errors import ValidationFailed

KINDS = ("report", "labels", "claim", "export", "import")
JOBS_PER_WINDOW = 10
WINDOW = timedelta(minutes=10)
RUNNING_AT_MOST = timedelta(minutes=15)
KEPT_FOR = timedelta(days=1)


def _lock(db: Session, account_id: int) -> None:
    if db.get_bind().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(f"jobs:{account_id}".encode()).digest()[:8], "big", signed=True)
        db.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})


def _take(account_id: int, kind: str) -> int:
    now = utcnow()
    with tenant_scope(account_id) as db:
        _lock(db, account_id)
        job = CustomerJob(account_id=account_id, kind=kind, started_at=now)
        db.add(job)
        db.flush()  # on SQLite the write lock is ours from here: parallel tabs count one at a time
        recent = db.exec(select(func.count()).select_from(CustomerJob).where(
            CustomerJob.account_id == account_id, CustomerJob.started_at > now - WINDOW)).one()
        running = db.exec(select(func.count()).select_from(CustomerJob).where(
            CustomerJob.account_id == account_id, CustomerJob.id != job.id, CustomerJob.ended_at.is_(None),
            CustomerJob.started_at > now - RUNNING_AT_MOST)).one()
        if running or recent > JOBS_PER_WINDOW:
            db.delete(job)
            db.flush()
            raise ValidationFailed({"job": "error.job_running" if running else "error.too_many_jobs"})
        return job.id


def _give_back(account_id: int, job_id: int) -> None:
    with tenant_scope(account_id) as db:
        db.execute(update(CustomerJob).where(CustomerJob.id == job_id).values(ended_at=utcnow()))


@contextmanager
def job_slot(account_id: int, kind: str) -> Iterator[None]:
    """Run the block as one of the customer's jobs, or refuse with ValidationFailed({"job": …})."""
    if kind not in KINDS:
        raise ValueError(kind)
    job_id = _take(account_id, kind)
    try:
        yield
    finally:
        _give_back(account_id, job_id)


def purge_old(db: Session) -> int:
    """Job rows older than a day say nothing any more (the scheduled jobs)."""
    return db.execute(delete(CustomerJob).where(CustomerJob.started_at <= utcnow() - KEPT_FOR)).rowcount or 0
