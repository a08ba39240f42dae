"""Upload and serve the photos and documents of objects, for their owner only.

Uploads come here (not to Reflex's /_upload, which trusts the client token):
the request's own session cookie says who is uploading. Every answer carries
`Cache-Control: no-store`; a file of another customer is a plain 404.
"""
from __future__ import annotations

from urllib.parse import quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.api.guard import register_caller, same_origin_post
from cleverstore.db import tenant_scope
from cleverstore.i18n import normalise_language, translate
from cleverstore.services.register import files
from cleverstore.services.register.images import MAX_BYTES, RejectedFile
from cleverstore.services.shared.errors import NotFound

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
VARIANTS = ("view", "thumb", "download")


def request_language(request: Request) -> str:
    return normalise_language(request.cookies.get("cs_lang", "sv"))


def answer(request: Request, status: int, key: str, **extra) -> JSONResponse:
    body = {"ok": status == 200, "message": translate(key, request_language(request)), **extra}
    return JSONResponse(body, status_code=status, headers=NO_STORE)


def not_found() -> Response:
    return Response("Not found", status_code=404, media_type="text/plain", headers=NO_STORE)


def _store(account_id: int, actor: str, item_id: str, kind: str, data: bytes, filename: str) -> int:
    with tenant_scope(account_id) as db:
        return files.attach(db, account_id, item_id, kind, data, filename, actor=actor).id


async def upload(request: Request) -> Response:
    """POST /files/upload?item=ID&kind=photo, the raw file as body, its name in X-File-Name."""
    if not same_origin_post(request):
        return answer(request, 403, "upload.refused")
    caller = await run_in_threadpool(register_caller, request)
    if caller is None:
        return answer(request, 401, "upload.signed_out")
    filename = unquote(request.headers.get("x-file-name", ""))[:300]
    try:
        data = await read_limited(request, MAX_BYTES)
    except TooLarge:
        return answer(request, 413, "upload.too_big", file=filename[:200])
    try:
        file_id = await run_in_threadpool(_store, caller.account_id, caller.name, request.query_params.get("item", ""),
                                          request.query_params.get("kind", ""), data, filename)
    except NotFound:
        return answer(request, 404, "upload.no_object")
    except RejectedFile as rejected:
        return answer(request, 422, rejected.key, file=files.display_name(filename))
    return answer(request, 200, "upload.saved", id=file_id, file=files.display_name(filename))


def _read(owned_ids: tuple[int, ...], file_id: str, thumbnail: bool) -> files.FileBytes:
    """A file of any register the caller owns (a SuperPro owner switches between them); else NotFound."""
    for account_id in owned_ids:
        with tenant_scope(account_id) as db:
            try:
                return files.read(db, account_id, file_id, thumbnail=thumbnail)
            except NotFound:
                continue
    raise NotFound()


async def serve(request: Request) -> Response:
    """GET /files/{id}/{view|thumb|download}: the owner's file, otherwise 404 (never a hint it exists)."""
    file_id, variant = request.path_params.get("file_id", ""), request.path_params.get("variant", "")
    if not file_id.isdigit() or variant not in VARIANTS:
        return not_found()
    caller = await run_in_threadpool(register_caller, request)
    if caller is None:
        return not_found()
    try:
        found = await run_in_threadpool(_read, caller.owned_ids, file_id, variant == "thumb")
    except NotFound:
        return not_found()
    return file_response(found, variant)


def file_response(found: files.FileBytes, variant: str) -> Response:
    """A stored file as an answer that is never cached and can never run as a page."""
    disposition = "attachment" if variant == "download" else "inline"
    headers = {**NO_STORE, "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.filename)}",
               "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"}
    return Response(found.data, media_type=found.content_type, headers=headers)
