"""Work the running app does on its own: deliver queued mail every few seconds, run the scheduled
jobs every few minutes. Started as a Reflex lifespan task; the same steps exist as commands
(`python -m cleverstore send-mail`, `run-jobs`) for a cron or systemd timer.

Every app node runs this loop: the scheduled jobs are claimed per period through the database
(services/operations/job_claims.py) and mail row by row, so N nodes run each job and send each
message once.

Switched off with CLEVERSTORE_BACKGROUND_JOBS=0 (the unit tests drive these steps themselves).
"""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services.operations import job_claims, jobs, mail_delivery

MAIL_EVERY_SECONDS = 3.0
JOBS_EVERY_SECONDS = 300.0
SCHEDULED_JOBS = "scheduled-jobs"  # the claim row of `jobs.run_all`, one run per period across the nodes
log = logging.getLogger("cleverstore.background")


def enabled() -> bool:
    return get_settings().background_jobs


def deliver_mail_once() -> mail_delivery.DeliveryReport:
    with session_scope() as db:
        return mail_delivery.deliver_pending(db)


def run_jobs_once() -> dict[str, int] | None:
    """This period's scheduled jobs, when no other node (or earlier tick) has run them: None then."""
    if not job_claims.take(SCHEDULED_JOBS, timedelta(seconds=JOBS_EVERY_SECONDS)):
        return None
    with session_scope() as db:
        return jobs.run_all(db)


def sweep_after_start() -> int:
    with session_scope() as db:
        return jobs.sweep_after_start(db)


async def background_loop() -> None:
    """Never lets one failure stop the loop; errors are logged, not raised."""
    if not enabled():
        return
    try:
        await asyncio.to_thread(sweep_after_start)
    except Exception:  # noqa: BLE001 - a background loop must survive a bad moment
        log.exception("background step sweep_after_start failed")
    since_jobs = JOBS_EVERY_SECONDS
    while True:
        for step in (deliver_mail_once,) + ((run_jobs_once,) if since_jobs >= JOBS_EVERY_SECONDS else ()):
            try:
                await asyncio.to_thread(step)
            except Exception:  # noqa: BLE001 - a background loop must survive a bad moment
                log.exception("background step %s failed", step.__name__)
        since_jobs = 0.0 if since_jobs >= JOBS_EVERY_SECONDS else since_jobs + MAIL_EVERY_SECONDS
        await asyncio.sleep(MAIL_EVERY_SECONDS)
