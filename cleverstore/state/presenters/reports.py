"""Report files as the reports page lists them."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.reports import JobInfo
from cleverstore.services.shared import local_text

# The title each kind of report file starts with (the rest, e.g. the chosen filter, stays as it was made).
KIND_TITLES = {"register": "report.register_title", "labels": "labels.title", "claim": "claim.title"}


def report_title(job: JobInfo, lang: str) -> str:
    """The file's title with its kind's name in the reader's language, whatever language it was made in."""
    key = KIND_TITLES.get(job.kind)
    if key:
        for made_in in ("sv", "en"):
            prefix = translate(key, made_in)
            if job.title.startswith(prefix):
                return translate(key, lang) + job.title[len(prefix):]
    return job.title


def job_row(job: JobInfo, lang: str) -> dict[str, str]:
    return {"id": job.public_id, "title": report_title(job, lang), "status": job.status,
            "status_label": translate(f"reports.status_{job.status}", lang), "created": local_text(job.created_at),
            "expires": local_text(job.expires_at), "pages": str(job.pages),
            "size": f"{job.size_bytes / 1024:.0f} kB", "url": f"/reports/{job.public_id}"}


def option_rows(options: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    """(id, label) choices of a filter menu."""
    return [{"id": value, "label": label} for value, label in options]
