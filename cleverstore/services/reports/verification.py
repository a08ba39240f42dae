"""Reports that can be believed: each issued report's id and the SHA-256 of its finished PDF are kept, so
anyone holding a copy (an insurer) can ask /verify whether we issued it, byte for byte.

The row holds no personal data (no account, no name): it outlives the report file's 24-hour purge and
the customer's erasure, so a report handed to an insurer can still be checked years later.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlmodel import Session, select

from cleverstore.i18n import translate
from cleverstore.models import ReportJob, ReportVerification
from cleverstore.services.reports import jobs
from cleverstore.services.shared.timefmt import STOCKHOLM

KINDS = ("register", "claim")
# The largest report the upload on /verify reads. A register report embeds each object's 320 px thumbnail
# (about 21 KB at worst: pure noise at 320 × 320, JPEG quality 80) in a 40 pt row; 1 000 photographed
# objects (the Bas plan's limit) with their text stay under 32 MB. A larger report (a Plus or SuperPro
# register of thousands of objects) is checked by typing its id and hash (`sha256sum` prints it).
MAX_REPORT_BYTES = 32 * 1024 * 1024
_HASH = re.compile(r"^[0-9a-f]{64}$")
_REPORT_ID = re.compile(r"^R-[0-9A-F]{10}$")


@dataclass(frozen=True)
class Verdict:
    """What /verify may say: issued (and then the day and the object count) or not issued by us."""

    issued: bool
    issued_on: date | None = None
    object_count: int = 0

    def words(self, lang: str) -> str:
        """The one sentence /verify says about a report (and nothing else about the customer)."""
        if not self.issued:
            return translate("check_report.not_issued", lang)
        return translate("check_report.issued", lang, date=self.issued_on.isoformat(), count=self.object_count)


NOT_ISSUED = Verdict(False)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def claim_pdf(zip_bytes: bytes) -> bytes:
    """The claim pack's PDF out of its zip: the PDF is what an insurer is given and checks."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        name = next(n for n in archive.namelist() if "/" not in n and n.endswith(".pdf"))
        return archive.read(name)


def record_issued(db: Session, report_id: str, kind: str, sha256: str, issued_on: date,
                  object_count: int) -> ReportVerification:
    """Keep the finished PDF's fingerprint under its report id. The same report made again (same id, same
    bytes) keeps its row; an id never vouches for two different files."""
    if kind not in KINDS or not _HASH.match(sha256):
        raise ValueError(kind)
    kept = db.exec(select(ReportVerification).where(ReportVerification.report_id == report_id[:40])).first()
    if kept is not None:
        if kept.sha256 != sha256:
            raise ValueError("report id already issued for another file")
        return kept
    row = ReportVerification(report_id=report_id[:40], sha256=sha256, kind=kind, issued_on=issued_on,
                             object_count=max(0, int(object_count)))
    db.add(row)
    db.flush()
    return row


class HashingWriter:
    """Passes a report's bytes on to `out` and hashes them on the way: a report drawn straight into a
    response (the heir's print) is fingerprinted without being kept."""

    def __init__(self, out):
        self.out, self._digest = out, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        return self.out.write(data)

    def flush(self) -> None:
        flush = getattr(self.out, "flush", None)
        if flush is not None:
            flush()

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def local_day(moment: datetime) -> date:
    """A report's issue day is its day in Sweden."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(STOCKHOLM).date()


def record_issued_file(db: Session, job: ReportJob, object_count: int) -> ReportVerification:
    """A finished report job's file: the register report is the PDF itself, the claim pack a zip whose PDF
    is what an insurer is given. Issued on the report's own day in Sweden."""
    data = jobs.read_file(job)  # from the shared store, where the runner has just put it
    if data is None:
        raise FileNotFoundError(f"report {job.public_id} is missing from the file store")
    digest = sha256_of(data if job.kind == "register" else claim_pdf(data))
    return record_issued(db, job.public_id, job.kind, digest, local_day(job.created_at), object_count)


def clean_report_id(value: object) -> str | None:
    """A typed report id ("R-0A1B2C3D4E", any case, spaces around); None when it cannot be one."""
    text = str(value or "").strip().upper()[:40]
    return text if _REPORT_ID.match(text) else None


def clean_hash(value: object) -> str | None:
    """A typed SHA-256 (64 hex digits, any case, spaces and colons allowed between); None otherwise."""
    text = re.sub(r"[\s:]", "", str(value or "")[:200]).lower()
    return text if _HASH.match(text) else None


def _verdict(row: ReportVerification | None) -> Verdict:
    return Verdict(True, row.issued_on, row.object_count) if row is not None else NOT_ISSUED


def check_file(db: Session, data: bytes) -> Verdict:
    """A whole PDF: issued when its hash is one we recorded (one changed byte gives another hash)."""
    if not data or len(data) > MAX_REPORT_BYTES:
        return NOT_ISSUED
    return _verdict(db.exec(select(ReportVerification).where(ReportVerification.sha256 == sha256_of(data)))
                    .first())


def check_typed(db: Session, report_id: str, sha256: str) -> Verdict:
    """A typed id and hash: issued only when both belong to the same report."""
    return _verdict(db.exec(select(ReportVerification).where(ReportVerification.report_id == report_id,
                                                             ReportVerification.sha256 == sha256)).first())
