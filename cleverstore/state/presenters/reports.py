"""Report files as the reports page lists them."""
from __future__ import annotations

from cleverstore.i18n import translate
from cleverstore.services.reports import JobInfo
from cleverstore.services.shared import local_text


def job_row(job: JobInfo, lang: str) -> dict[str, str]:
    return {"id": job.public_id, "title": job.title, "status": job.status,
            "status_label": translate(f"reports.status_{job.status}", lang), "created": local_text(job.created_at),
            "expires": local_text(job.expires_at), "pages": str(job.pages),
            "size": f"{job.size_bytes / 1024:.0f} kB", "url": f"/reports/{job.public_id}"}


def option_rows(options: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    """(id, label) choices of a filter menu."""
    return [{"id": value, "label": label} for value, label in options]
