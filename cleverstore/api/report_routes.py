"""Report downloads and QR label links; both check the request's own session cookie."""
from __future__ import annotations

from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from cleverstore.api.guard import register_caller
from cleverstore.db import session_scope, tenant_scope
from cleverstore.models import Account, AuthSession, Item
from cleverstore.services.accounts import registers as company_registers
from cleverstore.services.reports import jobs as report_jobs
from cleverstore.services.shared.errors import NotFound

PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404, headers=PRIVATE_HEADERS)


async def download_report(request: Request) -> Response:
    """GET /reports/{public_id}: the file to its owner; 404 to everyone else (and after 24 h)."""
    public_id = request.path_params["public_id"]

    def find():
        caller = register_caller(request, require_open=False)
        if caller is None:
            return None
        for account_id in caller.owned_ids:  # a SuperPro owner's report of any of their registers
            with tenant_scope(account_id) as db:
                try:
                    job = report_jobs.downloadable(db, account_id, public_id)
                except NotFound:
                    continue
                return report_jobs.file_path(job), job.file_name
        return None

    found = await run_in_threadpool(find)
    if found is None:
        return _not_found()
    path, name = found
    media_type = "application/zip" if name.endswith(".zip") else "application/pdf"
    return FileResponse(path, media_type=media_type, filename=name, headers=PRIVATE_HEADERS)


async def open_label(request: Request) -> Response:
    """GET /l/{code}: a scanned QR label opens the object's page, after login if needed.

    A label of another of the customer's own registers (SuperPro) switches the session to that register first.
    """
    code = request.path_params["code"][:40]

    def find():
        caller = register_caller(request, require_open=False)
        if caller is None:
            return "login"
        with session_scope() as db:  # the caller's registers, named explicitly below
            found = db.exec(select(Item.id, Item.account_id).where(
                Item.label_code == code, Item.account_id.in_(caller.owned_ids))).first()
            if found is None:
                return None
            if found[1] != caller.account_id:
                try:
                    company_registers.switch(db, db.get(Account, caller.owned_ids[0]),
                                             db.get(AuthSession, caller.session_id), found[1])
                except NotFound:  # an archived register is not opened
                    return None
            return found[0]

    found = await run_in_threadpool(find)
    if found == "login":
        return RedirectResponse(f"/login?next=/l/{code}", status_code=303, headers=PRIVATE_HEADERS)
    if found is None:
        return _not_found()
    return RedirectResponse(f"/object?id={found}", status_code=303, headers=PRIVATE_HEADERS)
