"""Report downloads and QR label links; both check the request's own session cookie."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from sqlmodel import select

from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Item
from cleverstore.services import report_jobs, sessions
from cleverstore.services.errors import NotFound

PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _account_id(request: Request) -> int | None:
    with session_scope() as db:
        found = sessions.resolve(db, request.cookies.get(sessions.COOKIE_NAME, ""))
        return found[0].id if found else None


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404, headers=PRIVATE_HEADERS)


async def download_report(request: Request) -> Response:
    """GET /reports/{public_id}: the file to its owner; 404 to everyone else (and after 24 h)."""
    public_id = request.path_params["public_id"]

    def find():
        account_id = _account_id(request)
        if account_id is None:
            return None
        with tenant_scope(account_id) as db:
            try:
                job = report_jobs.downloadable(db, account_id, public_id)
            except NotFound:
                return None
            return report_jobs.file_path(job), job.file_name

    found = await run_in_threadpool(find)
    if found is None:
        return _not_found()
    path, name = found
    media_type = "application/zip" if name.endswith(".zip") else "application/pdf"
    return FileResponse(path, media_type=media_type, filename=name, headers=PRIVATE_HEADERS)


async def open_label(request: Request) -> Response:
    """GET /l/{code}: a scanned QR label opens the object's page, after login if needed."""
    code = request.path_params["code"][:40]

    def find():
        account_id = _account_id(request)
        if account_id is None:
            return "login"
        with tenant_scope(account_id) as db:
            item_id = db.exec(select(Item.id).where(Item.label_code == code, Item.account_id == account_id)).first()
        return item_id

    found = await run_in_threadpool(find)
    if found == "login":
        return RedirectResponse(f"/login?next=/l/{code}", status_code=303, headers=PRIVATE_HEADERS)
    if found is None:
        return _not_found()
    return RedirectResponse(f"/object?id={found}", status_code=303, headers=PRIVATE_HEADERS)
