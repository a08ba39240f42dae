"""Scheduled jobs run once across every app node.

Each job name has a claim row holding the time it is next due. A node runs the job only after taking
that row and moving the time on to the end of the current period, in one short unit of work: on
PostgreSQL the row is read with FOR UPDATE SKIP LOCKED, so a node never waits behind another and the
one that loses simply skips; the update is conditional on the due time it read, so on SQLite (one
node, but perhaps the loop and `run-jobs` at once) the second process skips too. Periods are counted
from the epoch, so N nodes whose loops tick at different moments still share the same periods.
"""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from cleverstore.db import session_scope
from cleverstore.models import JobClaim
from cleverstore.models.base import utcnow

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def node_name() -> str:
    """Which app process took a run: host and process id (kept on the claim row for the operator)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def period_end(now: datetime, every: timedelta) -> datetime:
    """The end of the period `now` falls in; the next run is due then."""
    return EPOCH + ((now - EPOCH) // every + 1) * every


def _ensure_row(db: Session, name: str, now: datetime) -> None:
    """The first run of a job name creates its row (due at once); two nodes creating it at the same
    moment leave one row."""
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.execute(insert(JobClaim).values(name=name, due_at=now, claimed_by="").on_conflict_do_nothing())


def take(name: str, every: timedelta, now: datetime | None = None) -> bool:
    """True when this node has the current period's run of `name`; False when another node (or an
    earlier run of this one) already took it. Committed before the job starts, so a long job never
    holds the lock; a run that then fails waits for the next period."""
    now = now or utcnow()
    with session_scope() as db:
        _ensure_row(db, name, now)
        row = db.exec(select(JobClaim).where(JobClaim.name == name, JobClaim.due_at <= now)
                      .with_for_update(skip_locked=True)).first()
        if row is None:
            return False
        taken = db.execute(
            update(JobClaim)
            .where(JobClaim.name == name, JobClaim.due_at == row.due_at)
            .values(due_at=period_end(now, every), claimed_at=now, claimed_by=node_name())
        ).rowcount
        return taken == 1

