"""Use cases of privacy for customers: each opens its own unit of work.

The export and the erasure cover a SuperPro owner's company registers too (accounts of their
own), so they run unscoped: a tenant scope would hide those rows. The queries are keyed on the
customer's own account id.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Account
from cleverstore.services.accounts import account as accounts
from cleverstore.services.privacy import erasure, export
from cleverstore.services.privacy.erasure import ErasureOutcome
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.job_limits import job_slot

__all__ = [
    "DataExport",
    "ErasureOutcome",
    "PrivacySettings",
    "cancel_account_erasure",
    "change_marketing_consent",
    "export_my_data",
    "privacy_settings",
    "request_account_erasure",
]

_CONFIRMED = ("on", "true", "1")


@dataclass(frozen=True)
class PrivacySettings:
    marketing: bool  # consent to marketing e-mail
    erasure_at: datetime | None  # when a requested erasure takes effect


def privacy_settings(account_id: int) -> PrivacySettings:
    with tenant_scope(account_id) as db:
        account = db.get(Account, account_id)
        if account is None:
            raise NotFound()
        pending = erasure.pending_request(db, account_id)
        return PrivacySettings(account.marketing_consent_at is not None, pending.effective_at if pending else None)


def change_marketing_consent(account_id: int, consent: bool) -> bool:
    """Give (only for a real True) or withdraw the marketing consent; whether it is given now."""
    with tenant_scope(account_id) as db:
        return accounts.set_marketing_consent(db, account_id, consent is True).marketing_consent_at is not None


def request_account_erasure(account_id: int, form: dict) -> ErasureOutcome:
    """Erasure, confirmed with the box and the password: at once when nothing is paid for, else at the
    end of the paid period. ValidationFailed: `erase_confirm` (box not ticked), `erase_password`."""
    if str(form.get("erase_confirm") or "").lower() not in _CONFIRMED:
        raise ValidationFailed({"erase_confirm": "privacy.erase_confirm_needed"})
    with session_scope() as db:
        return erasure.request_erasure(db, account_id, str(form.get("erase_password") or "")[:4096])


def cancel_account_erasure(account_id: int) -> bool:
    """Withdraw a scheduled erasure; whether there was one."""
    with tenant_scope(account_id) as db:
        return erasure.cancel_erasure(db, account_id)


@dataclass(frozen=True)
class DataExport:
    content: bytes  # the zip
    filename: str


def export_my_data(account_id: int) -> DataExport:
    """The customer's own zip (every company register of theirs in its own folder); logged. One of the
    customer's limited jobs: ValidationFailed({"job": …}) while another runs or after too many."""
    with job_slot(account_id, "export"), session_scope() as db:
        account = db.get(Account, account_id)
        if account is None:
            raise NotFound()
        return DataExport(export.build_export(db, account_id), export.export_filename(account))
