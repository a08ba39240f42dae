"""Work the running app does on its own: deliver queued mail every few seconds, run the scheduled
jobs every few minutes. Started as a Reflex lifespan task; the same steps exist as commands
(`python -m cleverstore send-mail`, `run-jobs`) for a cron or systemd timer.

Switched off with CLEVERSTORE_BACKGROUND_JOBS=0 (the unit tests drive these steps themselves).
"""
from __future__ import annotations

import asyncio
import logging

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services.operations import jobs, mail_delivery

MAIL_EVERY_SECONDS = 3.0
JOBS_EVERY_SECONDS = 300.0
log = logging.getLogger("cleverstore.background")


def enabled() -> bool:
    return get_settings().background_jobs


def deliver_mail_once() -> mail_delivery.DeliveryReport:
    with session_scope() as db:
        return mail_delivery.deliver_pending(db)


def run_jobs_once() -> dict[str, int]:
    with session_scope() as db:
        return jobs.run_all(db)


async def background_loop() -> None:
    """Never lets one failure stop the loop; errors are logged, not raised."""
    if not enabled():
        return
    since_jobs = JOBS_EVERY_SECONDS
    while True:
        for step in (deliver_mail_once,) + ((run_jobs_once,) if since_jobs >= JOBS_EVERY_SECONDS else ()):
            try:
                await asyncio.to_thread(step)
            except Exception:  # noqa: BLE001 - a background loop must survive a bad moment
                log.exception("background step %s failed", step.__name__)
        since_jobs = 0.0 if since_jobs >= JOBS_EVERY_SECONDS else since_jobs + MAIL_EVERY_SECONDS
        await asyncio.sleep(MAIL_EVERY_SECONDS)
