"""The scheduled jobs (`python -m cleverstore run-jobs`, also run by the app every few minutes).
Every app node tries; `job_claims.take` lets one of them run `run_all` per period.

Renewal reminders that are due (billing/reminders.py), erasures that are due, heir claims whose
objection period ended, and the purge of what is no longer needed: ended sessions, login tickets, old login
failures, expired link tokens, delivered mail after 30 days, stale devices, report
files after 24 hours, and stored bytes a crash left without their row; and the phone-sized renditions of
photos stored before those were made, a few each run.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session

from cleverstore.models import ClaimantSession, Device, EmailToken, OutgoingMail
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import second_factor_removal, sessions, throttle
from cleverstore.services.billing import reminders, retention
from cleverstore.services.heirs import claims
from cleverstore.services.members import invites as member_invites
from cleverstore.services.privacy import erasure
from cleverstore.services.register import files, undo
from cleverstore.services.reminders import send_reminders
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.shared import job_limits
from cleverstore.services.sharing import log as shared_links

SENT_MAIL_KEPT = timedelta(days=30)
DEVICE_KEPT = timedelta(days=365)
# Mail to someone without an account (an erased customer, a claimant) goes a day after delivery.
ADDRESS_ONLY_MAIL_KEPT = timedelta(days=1)


def purge(db: Session) -> dict[str, int]:
    now = utcnow()
    counts = {"sessions": sessions.purge_expired(db)}
    throttle.purge_old(db)
    counts["tokens"] = db.execute(delete(EmailToken).where(
        or_(EmailToken.expires_at <= now, EmailToken.used_at.is_not(None)))).rowcount or 0
    counts["claimant_sessions"] = db.execute(delete(ClaimantSession).where(
        ClaimantSession.expires_at <= now)).rowcount or 0
    counts["mail"] = db.execute(delete(OutgoingMail).where(
        OutgoingMail.sent_at.is_not(None),
        or_(OutgoingMail.sent_at <= now - SENT_MAIL_KEPT,
            (OutgoingMail.account_id.is_(None)) & (OutgoingMail.sent_at <= now - ADDRESS_ONLY_MAIL_KEPT)),
    )).rowcount or 0
    counts["devices"] = db.execute(delete(Device).where(Device.last_seen_at <= now - DEVICE_KEPT)).rowcount or 0
    counts["reports"] = report_jobs.purge_expired(db, now)
    counts["stale_report_jobs"] = report_jobs.fail_stale(db, now)
    counts["customer_jobs"] = job_limits.purge_old(db)
    counts["billing_records"] = retention.purge_expired(db, now)
    counts["member_invites"] = member_invites.purge_expired(db)
    counts["bulk_undos"] = undo.purge_expired(db, now=now)  # deleted objects' kept files go once the undo has passed
    counts["orphan_files"] = files.sweep_orphans(db)
    counts["photo_phone_sizes"] = files.add_phone_sizes(db)
    return counts


def sweep_after_start(db: Session) -> int:
    """What a crash left in the file store (bytes whose row never committed, a half-written `.part`), cleared
    as soon as a node starts rather than at the next period its turn at the scheduled jobs comes: the sweep
    removes only what no row names and is older than the grace, so every node may run it at its start."""
    return files.sweep_orphans(db)


def run_all(db: Session) -> dict[str, int]:
    # first, while `db` has written nothing: the reminders ask Stripe, in their own units of work
    counts = {"renewal_reminders": reminders.send_due()}
    counts["reminders"] = send_reminders()  # also in their own units of work, one per customer
    counts |= {"erased": erasure.run_due(db), "claims_opened": claims.open_waiting(db),
               "claim_evidence_purged": claims.purge_evidence(db),
               "second_factors_removed": second_factor_removal.finish_due(db),
               "shared_links_purged": shared_links.purge_expired(db)}
    counts.update(purge(db))
    return counts
