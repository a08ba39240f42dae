"""Admin-only HTTP routes: the documents of an heir claim, and a customer's files under a support grant."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from cleverstore.api.files import file_response, not_found
from cleverstore.db import session_scope
from cleverstore.services.admin import auth as admin_auth
from cleverstore.services.heirs import claims as legacy
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.support import register_access as support_access

PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def heir_document(request: Request) -> Response:
    """GET /admin/heir-document/{id}: sensitive; only for a signed-in admin, and every view is logged."""
    def find():
        with session_scope() as db:
            admin = admin_auth.resolve(db, request.cookies.get(admin_auth.COOKIE_NAME, ""))
            if admin is None:
                return None
            try:
                document_id = int(request.path_params["document_id"])
                path = legacy.document_path(db, admin.id, document_id)
            except (NotFound, ValueError, PermissionError):
                return None
            audit.record(db, admin.id, "heir_document_viewed", "claim_document", document_id)
            return path

    path = await run_in_threadpool(find)
    if path is None or not path.exists():
        return PlainTextResponse("Not found", status_code=404, headers=PRIVATE)
    return FileResponse(path, filename=path.name, headers=PRIVATE)


def _support_file(token: str, thread_id: str, file_id: str, variant: str):
    with session_scope() as db:
        admin = admin_auth.resolve(db, token)
        if admin is None:
            return None
        try:
            return support_access.read_file(db, admin.id, thread_id, file_id, thumbnail=variant == "thumb")
        except NotFound:
            support_access.record_refusal(db, admin.id, thread_id)
            return None


async def support_file(request: Request) -> Response:
    """GET /admin/support-file/{thread}/{file}/{thumb|view}: a customer's photo or document, only while
    the customer's grant on that support thread is live; every fetch is logged for admin and customer."""
    thread_id, file_id = request.path_params["thread_id"], request.path_params["file_id"]
    variant = request.path_params["variant"]
    if not (thread_id.isdigit() and file_id.isdigit()) or variant not in ("thumb", "view"):
        return not_found()
    found = await run_in_threadpool(_support_file, request.cookies.get(admin_auth.COOKIE_NAME, ""), thread_id,
                                    file_id, variant)
    return not_found() if found is None else file_response(found, variant)
