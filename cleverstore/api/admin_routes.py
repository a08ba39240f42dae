"""Admin-only HTTP routes: the documents of an heir claim, for the admins who decide it."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from cleverstore.db import session_scope
from cleverstore.services import admin_auth, audit, legacy
from cleverstore.services.errors import NotFound

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
