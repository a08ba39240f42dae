"""The public check of a report (/verify, no login): throttled per network, keeps nothing it was sent."""
from __future__ import annotations

from cleverstore.db import session_scope
from cleverstore.services.accounts import sessions, throttle
from cleverstore.services.reports import verification
from cleverstore.services.reports.verification import MAX_REPORT_BYTES, Verdict
from cleverstore.services.shared.errors import ValidationFailed

__all__ = ["MAX_REPORT_BYTES", "Verdict", "verify_report_file", "verify_report_typed"]

# Checks per network (/24 or /48) in the throttle's window: plenty for an insurer's desk, too few to
# guess a report's hash (2^256) or to use us as a hashing service.
CHECKS_PER_NETWORK = 30
_SCOPE = "report-check"


def _take_check(db, client_address: str) -> None:
    if throttle.take(db, _SCOPE, sessions.ip_prefix(client_address), CHECKS_PER_NETWORK) is None:
        raise ValidationFailed({"verify": "check_report.too_many"})


def verify_report_file(data: bytes, client_address: str) -> Verdict:
    """Was this PDF issued by us? Only its hash is compared; the bytes are not stored or logged."""
    if len(data) > MAX_REPORT_BYTES:
        raise ValidationFailed({"file": "check_report.too_big"})
    if not data:
        raise ValidationFailed({"file": "check_report.empty"})
    with session_scope() as db:
        _take_check(db, client_address)
        return verification.check_file(db, data)


def verify_report_typed(report_id: object, sha256: object, client_address: str) -> Verdict:
    """Was the report with this id issued with this hash? Bad input is refused before it is counted."""
    errors = {}
    clean_id, clean_hash = verification.clean_report_id(report_id), verification.clean_hash(sha256)
    if clean_id is None:
        errors["report_id"] = "check_report.bad_report_id"
    if clean_hash is None:
        errors["sha256"] = "check_report.bad_hash"
    if errors:
        raise ValidationFailed(errors)
    with session_scope() as db:
        _take_check(db, client_address)
        return verification.check_typed(db, clean_id, clean_hash)
