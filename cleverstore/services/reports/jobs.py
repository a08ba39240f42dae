"""Report files: made in the background, kept 24 hours, served only to the customer who made them.

A finished report lives in the shared file store (`get_store()`, under "reports/"), so a report made on
one app node downloads from any other and the purge on whichever node runs it removes it. Only the
report being drawn sits on this node's disk (`partial_path`), until it is complete.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from cleverstore.config import get_settings
from cleverstore.storage.files import get_store
from cleverstore.models import ReportJob
from cleverstore.models.base import utcnow
from cleverstore.services.shared import activity
from cleverstore.services.shared.errors import NotFound

KEEP_FOR = timedelta(hours=24)
# A report job still running after this long died with its process (a restart, a kill): the largest
# register's report takes seconds.
RUNNING_AT_MOST = timedelta(minutes=15)
KINDS = ("register", "labels", "claim")


def reports_dir() -> Path:
    """This node's scratch directory for reports being drawn."""
    path = get_settings().data_dir / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_report_id() -> str:
    """Shown on every page of the report; random, so it reveals nothing about other customers."""
    return "R-" + secrets.token_hex(5).upper()


def start_job(db: Session, account_id: int, kind: str, title: str, file_name: str,
              *, report_id: str | None = None, now: datetime | None = None) -> ReportJob:
    if kind not in KINDS:
        raise ValueError(kind)
    now = now or utcnow()
    public_id = report_id or new_report_id()
    job = ReportJob(public_id=public_id, account_id=account_id, kind=kind, title=title[:300],
                    file_name=file_name[:120], stored_name=f"{account_id}-{secrets.token_hex(16)}",
                    created_at=now, expires_at=now + KEEP_FOR)
    db.add(job)
    db.flush()
    return job


def store_name(job: ReportJob) -> str:
    """The finished file's name in the shared store (lower case: the store's names are; rows made
    before the move had mixed-case random names)."""
    return f"reports/{job.stored_name.lower()}"


def keep_finished(job: ReportJob) -> int:
    """Move the completely drawn file from this node's disk into the shared store; its size."""
    partial = partial_path(job)
    data = partial.read_bytes()
    get_store().put(store_name(job), data)
    partial.unlink(missing_ok=True)
    return len(data)


def read_file(job: ReportJob) -> bytes | None:
    """The finished report's bytes from the shared store (None when it is gone)."""
    return get_store().get(store_name(job))


def _delete_file(job: ReportJob) -> None:
    get_store().delete(store_name(job))
    (reports_dir() / job.stored_name).unlink(missing_ok=True)  # a file kept on disk before the move


def finish_job(db: Session, job_id: int, *, size_bytes: int, pages: int, title: str | None = None) -> ReportJob:
    job = db.get(ReportJob, job_id)
    job.status, job.size_bytes, job.pages, job.finished_at = "done", size_bytes, pages, utcnow()
    if title:
        job.title = title[:300]
    db.add(job)
    activity.record(db, job.account_id, f"report_{job.kind}", f"{job.public_id} · {job.title}")
    db.flush()
    return job


def fail_job(db: Session, job_id: int) -> None:
    job = db.get(ReportJob, job_id)
    job.status, job.finished_at = "failed", utcnow()
    db.add(job)
    _delete_file(job)
    partial_path(job).unlink(missing_ok=True)


def partial_path(job: ReportJob) -> Path:
    """Where a report is written on this node before it is complete (then moved to the store)."""
    return reports_dir() / (job.stored_name + ".part")


def fail_stale(db: Session, now: datetime | None = None) -> int:
    """Jobs still "running" past their time limit are marked failed (the customer can try again) and
    their partial files removed; at start-up and with the scheduled jobs. Returns how many."""
    cutoff = (now or utcnow()) - RUNNING_AT_MOST
    stale = db.exec(select(ReportJob.id).where(ReportJob.status == "running", ReportJob.created_at <= cutoff)).all()
    for job_id in stale:
        fail_job(db, job_id)
    return len(stale)


def recent_jobs(db: Session, account_id: int) -> list[ReportJob]:
    statement = (select(ReportJob).where(ReportJob.account_id == account_id, ReportJob.expires_at > utcnow())
                 .order_by(ReportJob.created_at.desc(), ReportJob.id.desc()).limit(50))
    return list(db.exec(statement).all())


def downloadable(db: Session, account_id: int, public_id: str) -> ReportJob:
    """A finished, unexpired report of this account; anything else looks the same: not found. Its bytes
    come from `read_file` (not found either when the store has lost them)."""
    job = db.exec(select(ReportJob).where(ReportJob.public_id == str(public_id)[:40],
                                          ReportJob.account_id == account_id)).first()
    if job is None or job.status != "done" or job.expires_at <= utcnow():
        raise NotFound()
    return job


def delete_files_of(db: Session, account_id: int) -> None:
    """Erasure: the account's report files go with its rows."""
    for job in db.exec(select(ReportJob).where(ReportJob.account_id == account_id)).all():
        _delete_file(job)


def purge_expired(db: Session, now: datetime | None = None) -> int:
    """Delete report files and rows older than 24 hours (run by the scheduled job)."""
    expired = db.exec(select(ReportJob).where(ReportJob.expires_at <= (now or utcnow()))).all()
    for job in expired:
        _delete_file(job)
        db.delete(job)
    db.flush()
    return len(expired)
