"""A report job killed mid-build does not stay "being made" for ever: past its time limit the scheduled
jobs (also run at start-up) mark it failed, so the customer can try again, and remove its partial file."""
from datetime import timedelta

from cleverstore.models import ReportJob
from cleverstore.models.base import utcnow
from cleverstore.services.operations import jobs as scheduled
from cleverstore.services.reports import jobs
from tests.helpers.factories import make_account


def _started(db, account, minutes_ago: int) -> ReportJob:
    job = jobs.start_job(db, account.id, "register", "Register", "cleverstore.pdf",
                         now=utcnow() - timedelta(minutes=minutes_ago))
    jobs.partial_path(job).write_bytes(b"")  # the process died while writing
    return job


def test_a_job_past_its_time_limit_is_failed_and_its_partial_file_removed(db):
    account = make_account(db)
    dead = _started(db, account, minutes_ago=20)
    alive = _started(db, account, minutes_ago=1)
    db.commit()

    counts = scheduled.purge(db)

    assert counts["stale_report_jobs"] == 1
    db.refresh(dead)
    db.refresh(alive)
    assert dead.status == "failed" and dead.finished_at is not None
    assert not jobs.partial_path(dead).exists()
    assert alive.status == "running" and jobs.partial_path(alive).exists()
    assert [job.status for job in jobs.recent_jobs(db, account.id)].count("running") == 1
