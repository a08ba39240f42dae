"""Report downloads and QR label links; both check the request's own session cookie."""
from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from cleverstore.api.guard import register_caller
from cleverstore.services.access import switch_register
from cleverstore.services.reports import labelled_object, report_download
from cleverstore.services.shared import NotFound

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
        try:  # a SuperPro owner's report of any of their registers
            return report_download(caller.owned_ids, public_id)
        except NotFound:
            return None

    found = await run_in_threadpool(find)
    if found is None:
        return _not_found()
    # the bytes come from the shared file store: the report may have been made on another app node
    quoted = quote(found.file_name)
    disposition = (f'attachment; filename="{found.file_name}"' if quoted == found.file_name
                   else f"attachment; filename*=utf-8''{quoted}")
    return Response(found.data, media_type=found.media_type,
                    headers={**PRIVATE_HEADERS, "Content-Disposition": disposition})


async def open_label(request: Request) -> Response:
    """GET /l/{code}: a scanned QR label opens the object's page, after login if needed.

    A label of another of the customer's own registers (SuperPro) switches the session to that register first.
    """
    code = request.path_params["code"][:40]

    def find():
        caller = register_caller(request, require_open=False)
        if caller is None:
            return "login"
        found = labelled_object(caller.owned_ids, code)
        if found is None:
            return None
        if found.account_id != caller.account_id:
            try:
                switch_register(caller, str(found.account_id), record=False)
            except NotFound:  # an archived register is not opened
                return None
        return found.item_id

    found = await run_in_threadpool(find)
    if found == "login":
        return RedirectResponse(f"/login?next=/l/{code}", status_code=303, headers=PRIVATE_HEADERS)
    if found is None:
        return _not_found()
    return RedirectResponse(f"/object?id={found}", status_code=303, headers=PRIVATE_HEADERS)
