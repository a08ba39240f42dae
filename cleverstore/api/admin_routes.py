"""Admin-only HTTP routes: the documents of an heir claim, and a customer's files under a support grant."""
from __future__ import annotations

import mimetypes

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from cleverstore.api.files import file_response, not_found
from cleverstore.services.admin import ADMIN_COOKIE, signed_in_admin
from cleverstore.services.heirs import claim_document_for_admin
from cleverstore.services.support import read_customer_file

PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _heir_document(token: str, document_id: str):
    admin_id = signed_in_admin(token)
    return None if admin_id is None else claim_document_for_admin(admin_id, document_id)


async def heir_document(request: Request) -> Response:
    """GET /admin/heir-document/{id}: sensitive; only for a signed-in admin, and every view is logged."""
    found = await run_in_threadpool(_heir_document, request.cookies.get(ADMIN_COOKIE, ""),
                                    request.path_params["document_id"])
    if found is None:
        return PlainTextResponse("Not found", status_code=404, headers=PRIVATE)
    name, data = found  # from the shared file store: the claim may have been sent to another app node
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(data, media_type=media_type,
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


def _support_file(token: str, thread_id: str, file_id: str, variant: str):
    admin_id = signed_in_admin(token)
    if admin_id is None:
        return None
    return read_customer_file(admin_id, thread_id, file_id, thumbnail=variant == "thumb")


async def support_file(request: Request) -> Response:
    """GET /admin/support-file/{thread}/{file}/{thumb|view}: a customer's photo or document, only while
    the customer's grant on that support thread is live; every fetch is logged for admin and customer."""
    thread_id, file_id = request.path_params["thread_id"], request.path_params["file_id"]
    variant = request.path_params["variant"]
    if not (thread_id.isdigit() and file_id.isdigit()) or variant not in ("thumb", "view"):
        return not_found()
    found = await run_in_threadpool(_support_file, request.cookies.get(ADMIN_COOKIE, ""), thread_id,
                                    file_id, variant)
    return not_found() if found is None else file_response(found, variant)
