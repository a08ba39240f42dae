"""The register report for an approved heir: the owner's own report, marked with who printed it, logged.

Drawn straight into the response (no report job): the file never lands in the
owner's report list, and nothing stays on disk after the claimant has it.
"""
from __future__ import annotations

from typing import BinaryIO

from sqlmodel import Session

from cleverstore.i18n import translate
from cleverstore.models.base import utcnow
from cleverstore.services.heirs import claims
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import jobs, runner, verification


def print_register(db: Session, session_token: str, lang: str, out: BinaryIO) -> str | None:
    """Write the whole register report of the claim's owner to `out` for a live claimant session.

    The print is logged on the owner's activity log like every heir view. Returns the
    download file name, or None (nothing written, nothing logged) without valid access.
    """
    report_id = jobs.new_report_id()
    found = claims.claimant_access(db, session_token, f"register report {report_id}")
    if found is None:
        return None
    claim, owner = found
    created = utcnow()
    printed_for = translate("heir.printed_for", lang, claimant=claim.claimant_name, reference=claim.reference)
    counted: dict = {}
    hashed = verification.HashingWriter(out)  # an insurer can check the heir's copy on /verify too
    runner.write_register_report(db, owner.id, ItemQuery(), lang, hashed, report_id=report_id,
                                 created=created, printed_for=printed_for, counted=counted)
    verification.record_issued(db, report_id, "register", hashed.hexdigest(), verification.local_day(created),
                               counted.get("objects", 0))
    return f"cleverstore-{owner.customer_number or owner.id}-{created:%Y-%m-%d}.pdf"
