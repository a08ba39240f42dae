"""Termination and erasure (notice, erasure and retention): the customer asks, the data goes for real when the time comes.

Effective date: at once when nothing is paid for; otherwise at the end of the
paid period (see `_paid_period_end`). A scheduled job (`python -m cleverstore
run-jobs`) erases what is due. Erasure deletes every row of every table with an
account_id (found from the metadata), every file under the account's
directories, and finally the account; a SuperPro owner's company registers
(accounts of their own) go first, the same way. Tables registered in
customer_tables.RETAINED (accounting records, 7 years under Bokföringslagen)
are pseudonymised instead. What remains is an ErasureReceipt holding a keyed
hash of the old id, and the same hash as a tombstone outside the database and the backups
(`tombstones`), which every restore applies again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from cleverstore.models import Account, CompanyRegister, ErasureReceipt, ErasureRequest
from cleverstore.models.base import utcnow
from cleverstore.services.accounts import passwords, sessions
from cleverstore.services.accounts import registers as company_registers
from cleverstore.services.billing import retention as billing_retention  # noqa: F401  (registers the billing pseudonymiser)
from cleverstore.services.billing import rules
from cleverstore.services.privacy import tombstones
from cleverstore.services.register import files, revision_memo
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.shared import activity, notices, sensitive_files
from cleverstore.services.shared.customer_tables import RETAINED, account_tables
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.tokens import token_hash


def _paid_period_end(db: Session, account_id: int) -> datetime | None:
    """The end of what the customer has paid for, or None when nothing is paid for.

    A live subscription ends at the later of its paid period's end and three
    months after the notice (three months' notice) — the same rule as a cancellation.
    """
    row = rules.billing_row(db, account_id)
    if not rules.has_live_subscription(row) or row.current_period_end is None:
        return None
    return rules.cancellation_date(row.current_period_end, utcnow())


def erasure_effective_date(db: Session, account: Account) -> datetime:
    return _paid_period_end(db, account.id) or utcnow()


def pending_request(db: Session, account_id: int) -> ErasureRequest | None:
    return db.exec(select(ErasureRequest).where(ErasureRequest.account_id == account_id)).first()


@dataclass(frozen=True)
class ErasureOutcome:
    erased_now: bool
    effective_at: datetime


def request_erasure(db: Session, account_id: int, password: str) -> ErasureOutcome:
    """Ask for erasure (re-authenticated with the password). Erases at once if nothing is paid for."""
    account = db.get(Account, account_id)
    if account is None or not passwords.verify_password(password, account.password_hash):
        raise ValidationFailed({"erase_password": "error.wrong_password"})
    if pending_request(db, account_id) is not None:
        raise ValidationFailed({"erase_password": "error.erasure_already_requested"})
    effective = erasure_effective_date(db, account)
    request = ErasureRequest(account_id=account_id, effective_at=effective)
    db.add(request)
    db.flush()
    if effective <= utcnow():
        erase_account(db, account_id)
        return ErasureOutcome(True, effective)
    activity.record(db, account_id, "erasure_requested", effective.date().isoformat())
    notices.send(db, account, "erasure_scheduled", date=effective.date().isoformat())
    return ErasureOutcome(False, effective)


def cancel_erasure(db: Session, account_id: int) -> bool:
    removed = db.execute(delete(ErasureRequest).where(ErasureRequest.account_id == account_id)).rowcount
    if removed:
        activity.record(db, account_id, "erasure_cancelled")
    return bool(removed)


def subject_hash(account_id: int) -> str:
    return token_hash(f"erased-account:{account_id}")


def _erase_rows_and_files(db: Session, account_id: int, hashed: str) -> None:
    """Every row and file keyed by this account id, then the account row itself."""
    sessions.revoke_all(db, account_id)
    report_jobs.delete_files_of(db, account_id)
    files.delete_account_files(db, account_id)
    sensitive_files.erase_all(db, account_id)  # heir-claim documents, named by rows deleted below
    for table in account_tables():
        if table.name in RETAINED:
            RETAINED[table.name](db, account_id, hashed)
        else:
            db.execute(delete(table).where(table.c.account_id == account_id))
    db.execute(delete(Account).where(Account.id == account_id))
    db.flush()
    revision_memo.register_figures.forget(account_id)
    tombstones.record_after_commit(db, hashed)


def erase_company_register(db: Session, register_id: int) -> None:
    """A SuperPro company register goes with all its objects, files and reports (no receipt: no person)."""
    db.execute(delete(CompanyRegister).where(CompanyRegister.register_account_id == register_id))
    _erase_rows_and_files(db, register_id, subject_hash(register_id))


def erase_account(db: Session, account_id: int, *, notify: bool = True) -> None:
    """Erase everything of the account now (rows and files, every company register too),
    keeping only pseudonymised retained records. `notify`: tell the old address (not when a
    restore erases again what was erased before)."""
    account = db.get(Account, account_id)
    if account is None:
        return
    request = pending_request(db, account_id)
    requested_at = request.requested_at if request else utcnow()
    email, lang = account.email, account.language
    hashed = subject_hash(account_id)
    for register_id in company_registers.owned_register_ids(db, account_id)[1:]:
        erase_company_register(db, register_id)
    _erase_rows_and_files(db, account_id, hashed)
    db.add(ErasureReceipt(subject_hash=hashed, requested_at=requested_at))
    db.flush()
    # Sent to the old address after the rows are gone; the purge removes it once delivered.
    if notify:
        notices.send_to_address(db, email, "erased", lang)


def run_due(db: Session) -> int:
    """Erase every account whose request is due; returns how many."""
    due = db.exec(select(ErasureRequest.account_id).where(ErasureRequest.effective_at <= utcnow())).all()
    for account_id in due:
        erase_account(db, account_id)
    return len(due)


def erase_again_after_restore(db: Session) -> int:
    """After a restore: erase again every account (or company register) whose tombstone says it was
    erased after the backup was made; no mail. Returns how many."""
    buried = tombstones.recorded()
    if not buried:
        return 0
    again = [account_id for account_id in db.exec(select(Account.id)).all() if subject_hash(account_id) in buried]
    registers = set(db.exec(select(CompanyRegister.register_account_id)).all())
    for account_id in again:
        if db.get(Account, account_id) is None:  # went with its owner
            continue
        if account_id in registers:
            erase_company_register(db, account_id)
        else:
            erase_account(db, account_id, notify=False)
    return len(again)
