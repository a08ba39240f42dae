"""Make a report file end to end: a job row, the PDF written atomically, the activity log entry.

Runs in a worker thread (called from a background event); `progress(done, total)`
may be called from that thread.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import datetime

from sqlmodel import select

from cleverstore.config import get_settings
from cleverstore.db import tenant_scope
from cleverstore.i18n import translate
from cleverstore.models import Item, ReportJob
from cleverstore.models.base import utcnow
from cleverstore.services.register import catalogue
from cleverstore.services.register.items import ItemQuery, filtered
from cleverstore.services.reports import claim_pack as claim_pack_service
from cleverstore.services.reports import data, jobs
from cleverstore.services.reports import verification as fingerprints
from cleverstore.services.reports.pdf.labels import LAYOUTS, Label, render_labels
from cleverstore.services.reports.pdf.register_report import render_register_report
from cleverstore.services.shared import worth

Progress = Callable[[int, int], None]


def _write_atomically(job: ReportJob, render) -> tuple[int, int]:
    """Render into a temporary file on this node, then put the whole of it in the shared store: a crash
    never leaves half a report to download, and any app node serves the finished one."""
    partial = jobs.partial_path(job)
    with partial.open("wb") as out:
        pages = render(out)
        out.flush()
        os.fsync(out.fileno())
    return jobs.keep_finished(job), pages


def _run(account_id: int, kind: str, title: str, file_name: str, render_with_db, *,
         report_id: str | None, created: datetime | None, counted: dict | None = None) -> ReportJob:
    """`counted`: filled by the drawing with the report's object count; given for the reports an insurer
    is handed (register report, claim pack), whose fingerprint is then kept for /verify."""
    with tenant_scope(account_id) as db:
        job = jobs.start_job(db, account_id, kind, title, file_name, report_id=report_id, now=created)
    try:
        with tenant_scope(account_id) as db:
            size, pages = _write_atomically(job, lambda out: render_with_db(db, job, out))
        with tenant_scope(account_id) as db:
            if counted is not None:
                fingerprints.record_issued_file(db, job, counted.get("objects", 0))
            return jobs.finish_job(db, job.id, size_bytes=size, pages=pages, title=job.title)
    except BaseException:
        with tenant_scope(account_id) as db:
            jobs.fail_job(db, job.id)
        raise


def write_register_report(db, account_id: int, query: ItemQuery, lang: str, out, *, report_id: str,
                          created: datetime, printed_for: str = "", deterministic: bool = False,
                          progress: Progress | None = None, counted: dict | None = None,
                          policy_id: object = None) -> tuple[int, str]:
    """Draw one register report into `out`: (pages, selection text). Shared by the customer's
    background job and the heir's direct print, so both get the same report."""
    report = data.register_report(db, account_id, query, report_id=report_id, created=created, lang=lang,
                                  printed_for=printed_for, policy_id=policy_id)
    if counted is not None:
        counted["objects"] = report.totals.objects
    return render_register_report(report, out, deterministic=deterministic, progress=progress), report.filter_text


def register_report(account_id: int, query: ItemQuery, lang: str, progress: Progress | None = None, *,
                    report_id: str | None = None, created: datetime | None = None,
                    deterministic: bool = False, policy_id: object = None) -> ReportJob:
    title = translate("report.register_title", lang)
    stamp = (created or utcnow()).strftime("%Y-%m-%d")
    counted: dict = {}

    def render(db, job: ReportJob, out) -> int:
        pages, selection = write_register_report(db, account_id, query, lang, out, report_id=job.public_id,
                                                 created=created or utcnow(), deterministic=deterministic,
                                                 progress=progress, counted=counted, policy_id=policy_id)
        if selection:
            job.title = f"{title} · {selection}"[:300]
        return pages

    return _run(account_id, "register", title, f"cleverstore-{stamp}.pdf", render, report_id=report_id,
                created=created, counted=counted)


def _ensure_label_codes(db, account_id: int, query: ItemQuery) -> None:
    missing = db.exec(filtered(db, select(Item), account_id, query).where(Item.label_code.is_(None))).all()
    for item in missing:
        item.label_code = secrets.token_urlsafe(12)
        db.add(item)
    db.flush()


def label_sheet(account_id: int, query: ItemQuery, layout: str, lang: str, progress: Progress | None = None, *,
                deterministic: bool = False, include_not_owned: bool = False) -> ReportJob:
    """Labels of the chosen objects; sold and discarded ones (no longer the customer's) only when asked for."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    base_url = get_settings().base_url
    title = translate("labels.title", lang)

    def render(db, job: ReportJob, out) -> int:
        _ensure_label_codes(db, account_id, query)
        paths = catalogue.location_paths(db, account_id)
        statement = filtered(db, select(Item), account_id, query)
        if not include_not_owned:
            statement = statement.where(worth.owned())
        items = sorted(db.exec(statement).all(),
                       key=lambda item: (paths.get(item.location_id, "\uffff"), item.name, item.id))
        labels = (Label(f"{base_url}/l/{item.label_code}", item.name, paths.get(item.location_id, ""),
                        item.label_code) for item in items)
        return render_labels(labels, layout, out, title=title, deterministic=deterministic, total=len(items),
                             progress=progress)

    return _run(account_id, "labels", f"{title} ({layout})", f"etiketter-{layout}.pdf", render, report_id=None,
                created=None)


def claim_pack(account_id: int, item_ids: list[int], event, lang: str, *, report_id: str | None = None,
               created: datetime | None = None, deterministic: bool = False) -> ReportJob:
    """The insurance claim pack: a zip with the claim PDF and the objects' original photos and receipts."""
    title = translate("claim.title", lang)
    stamp = (created or utcnow()).strftime("%Y-%m-%d")
    counted: dict = {}

    def render(db, job: ReportJob, out) -> int:
        return claim_pack_service.write_claim_pack(db, account_id, item_ids, event, out, report_id=job.public_id,
                                                   created=created or utcnow(), lang=lang,
                                                   deterministic=deterministic, counted=counted)

    return _run(account_id, "claim", f"{title} ({len(item_ids)})", f"skadeanmalan-{stamp}.zip", render,
                report_id=report_id, created=created, counted=counted)
