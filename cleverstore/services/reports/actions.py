"""Use cases of reports for customers: each opens its own unit of work.

The report files (register report, QR labels, claim pack) are made by `runner` in the caller's
worker thread: these actions only turn the form into the report's query and pass `progress` on;
the runner opens a unit of work per step (job row, drawing, finish or fail).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Item, ReportJob
from cleverstore.services.insurance import policies as insured
from cleverstore.services.register import items
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.reports import claim_pack as claim_packs
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.reports import runner
from cleverstore.services.reports.claim_pack import EVENT_KINDS
from cleverstore.services.reports.pdf.claim_report import ClaimEvent
from cleverstore.services.reports.pdf.labels import LAYOUTS
from cleverstore.services.shared import plan_limits
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.job_limits import job_slot

__all__ = [
    "DEFAULT_LABEL_LAYOUT", "EVENT_KINDS", "LAYOUTS", "ClaimEvent", "JobInfo", "LabelTarget", "ReportDownload",
    "ReportsOverview", "check_claim_pack", "label_layout", "labelled_object", "make_claim_pack", "make_label_sheet",
    "make_register_report", "report_download", "reports_overview",
]

DEFAULT_LABEL_LAYOUT = "3x8"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class JobInfo:
    """A report file of the last 24 hours, as the reports page lists it."""

    public_id: str
    title: str
    status: str
    created_at: datetime
    expires_at: datetime
    pages: int
    size_bytes: int
    kind: str = ""  # "register", "labels" or "claim": the page names it in the reader's language


def _job_info(job: ReportJob) -> JobInfo:
    return JobInfo(job.public_id, job.title, job.status, job.created_at, job.expires_at, job.pages, job.size_bytes,
                   job.kind)


@dataclass(frozen=True)
class ReportsOverview:
    jobs: tuple[JobInfo, ...]
    categories: tuple[tuple[str, str], ...]  # (id, label) for the filter menus
    locations: tuple[tuple[str, str], ...]
    policies: tuple[tuple[str, str], ...] = ()  # (id, "company number"): a report per insurance policy


def reports_overview(account_id: int) -> ReportsOverview:
    """The register's report files of the last 24 hours and the choices of the report forms."""
    with tenant_scope(account_id) as db:
        jobs = tuple(_job_info(job) for job in report_jobs.recent_jobs(db, account_id))
        options = items.filter_options(db, account_id)
        policies = tuple((str(p.id), f"{p.company} {p.policy_number}".strip())
                         for p in insured.policies_of(db, account_id))
    return ReportsOverview(jobs, tuple(options["categories"]), tuple(options["locations"]), policies)


def label_layout(value: object) -> str:
    """The label sheet's layout: a known one, else the default."""
    layout = str(value or "")
    return layout if layout in LAYOUTS else DEFAULT_LABEL_LAYOUT


def check_claim_pack(form: dict, item_ids: list[int]) -> ClaimEvent:
    """The claim's event as typed (every problem at once), then that some objects are chosen."""
    event = claim_packs.clean_event(dict(form))
    if not item_ids:
        raise ValidationFailed({"objects": "error.claim_no_objects"})
    return event


def make_register_report(account_id: int, form: dict, lang: str, progress: Progress | None = None) -> JobInfo:
    """The register report of the objects the form's filters choose, or of one insurance policy's objects
    (`form["policy"]`; a policy not the customer's is NotFound) (runs for the length of the drawing)."""
    query = ItemQuery.from_untrusted(location=form.get("location"), category=form.get("category"),
                                     status=form.get("status"))
    policy_id = str(form.get("policy") or "")[:20] or None
    if policy_id:
        with tenant_scope(account_id) as db:
            insured.get_policy(db, account_id, policy_id)  # NotFound before any job starts
    with job_slot(account_id, "report"):
        return _job_info(runner.register_report(account_id, query, lang, progress, policy_id=policy_id))


def make_label_sheet(account_id: int, form: dict, lang: str, progress: Progress | None = None) -> JobInfo:
    """QR labels of the objects the form's filters choose, in the chosen (or default) layout; sold and
    discarded objects only when the form asks for them ("include_not_owned")."""
    layout = label_layout(form.get("layout"))
    query = ItemQuery.from_untrusted(location=form.get("location"), category=form.get("category"))
    include = str(form.get("include_not_owned") or "").strip().lower() in ("on", "true", "1", "yes")
    with tenant_scope(account_id) as db:  # QR labels are in Plus and up: ValidationFailed("limit.qr_labels")
        plan_limits.require_qr_labels(db, account_id)
    with job_slot(account_id, "labels"):
        return _job_info(runner.label_sheet(account_id, query, layout, lang, progress, include_not_owned=include))


def make_claim_pack(account_id: int, item_ids: list[int], event: ClaimEvent, lang: str,
                    progress: Progress | None = None) -> JobInfo:
    """The insurance claim pack of the chosen objects (their own only); `progress` is not reported.
    The claim pack is in Plus and up: ValidationFailed("limit.claim_pack") otherwise."""
    with tenant_scope(account_id) as db:
        plan_limits.require_claim_pack(db, account_id)
    with job_slot(account_id, "claim"):
        return _job_info(runner.claim_pack(account_id, item_ids, event, lang))


@dataclass(frozen=True)
class ReportDownload:
    data: bytes
    file_name: str
    media_type: str


def report_download(register_ids: Iterable[int], public_id: str) -> ReportDownload:
    """A finished, unexpired report of one of these registers (a SuperPro owner's of any of theirs);
    NotFound for anything else."""
    for account_id in register_ids:
        with tenant_scope(account_id) as db:
            try:
                job = report_jobs.downloadable(db, account_id, public_id)
            except NotFound:
                continue
            data = report_jobs.read_file(job)  # from the shared store: made on any app node
            if data is None:
                continue
            name = job.file_name
            media_type = "application/zip" if name.endswith(".zip") else "application/pdf"
            return ReportDownload(data, name, media_type)
    raise NotFound()


@dataclass(frozen=True)
class LabelTarget:
    item_id: int
    account_id: int  # the register the object belongs to


def labelled_object(register_ids: Iterable[int], code: str) -> LabelTarget | None:
    """The object a scanned QR label names, among these registers only; None when there is none."""
    owned = list(register_ids)
    with session_scope() as db:  # the caller's registers, named explicitly (one query over all of them)
        found = db.exec(select(Item.id, Item.account_id).where(
            Item.label_code == str(code)[:40], Item.account_id.in_(owned))).first()
    return LabelTarget(found[0], found[1]) if found is not None else None
