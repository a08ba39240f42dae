"""Upload and serve the photos and documents of objects, for their owner only.

Uploads come here (not to Reflex's /_upload, which trusts the client token):
the request's own session cookie says who is uploading. Every answer carries
`Cache-Control: no-store`; a file of another customer is a plain 404.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.api.guard import may, register_caller, same_origin_post
from cleverstore.i18n import normalise_language, translate
from cleverstore.services.register import (
    MAX_UPLOAD_BYTES,
    FileBytes,
    RejectedFile,
    attach_file,
    file_display_name,
    read_owned_file,
)
from cleverstore.services.access import EDIT, Caller
from cleverstore.services.shared import NotFound

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
VARIANTS = ("view", "display", "phone", "tile", "thumb", "download")


def request_language(request: Request) -> str:
    return normalise_language(request.cookies.get("cs_lang", "sv"))


def answer(request: Request, status: int, key: str, **extra) -> JSONResponse:
    body = {"ok": status == 200, "message": translate(key, request_language(request)), **extra}
    return JSONResponse(body, status_code=status, headers=NO_STORE)


def not_found() -> Response:
    return Response("Not found", status_code=404, media_type="text/plain", headers=NO_STORE)


@dataclass(frozen=True)
class Received:
    caller: Caller
    filename: str
    data: bytes


async def receive_upload(request: Request, need: str = EDIT) -> Received | Response:
    """The start every upload route shares: a same-origin POST from a signed-in customer whose register is
    open and whose role allows `need`, the body read within the upload limit; the refusal's answer when
    any of that fails."""
    if not same_origin_post(request):
        return answer(request, 403, "upload.refused")
    caller = await run_in_threadpool(register_caller, request)
    if caller is None:
        return answer(request, 401, "upload.signed_out")
    if not may(caller, need):
        return answer(request, 403, "members.refused_upload")
    filename = unquote(request.headers.get("x-file-name", ""))[:300]
    try:
        data = await read_limited(request, MAX_UPLOAD_BYTES)
    except TooLarge:
        return answer(request, 413, "upload.too_big", file=filename[:200])
    return Received(caller, filename, data)


async def upload(request: Request) -> Response:
    """POST /files/upload?item=ID&kind=photo, the raw file as body, its name in X-File-Name."""
    received = await receive_upload(request)
    if isinstance(received, Response):
        return received
    caller, filename, data = received.caller, received.filename, received.data
    try:
        file_id = await run_in_threadpool(lambda: attach_file(
            caller.account_id, request.query_params.get("item", ""), request.query_params.get("kind", ""), data,
            filename, actor=caller.actor))
    except NotFound:
        return answer(request, 404, "upload.no_object")
    except RejectedFile as rejected:
        return answer(request, 422, rejected.key, file=file_display_name(filename))
    return answer(request, 200, "upload.saved", id=file_id, file=file_display_name(filename))


async def serve(request: Request) -> Response:
    """GET /files/{id}/{view|display|phone|tile|thumb|download}: the owner's file, otherwise 404 (never a hint it
    exists).

    `display` is the photo at screen size (the full image for a photo stored before renditions), `phone` at a
    phone's (the display size for a photo without one), `tile` as a small square (else the thumbnail)."""
    file_id, variant = request.path_params.get("file_id", ""), request.path_params.get("variant", "")
    if not file_id.isdigit() or variant not in VARIANTS:
        return not_found()
    caller = await run_in_threadpool(register_caller, request)
    if caller is None:
        return not_found()
    try:
        # a file of any register the caller owns (a SuperPro owner switches between them)
        found = await run_in_threadpool(lambda: read_owned_file(caller.owned_ids, file_id,
                                                                thumbnail=variant == "thumb",
                                                                display=variant == "display",
                                                                phone=variant == "phone",
                                                                tile=variant == "tile"))
    except NotFound:
        return not_found()
    return file_response(found, variant)


def file_response(found: FileBytes, variant: str) -> Response:
    """A stored file as an answer that is never cached and can never run as a page."""
    disposition = "attachment" if variant == "download" else "inline"
    headers = {**NO_STORE, "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.filename)}",
               "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"}
    return Response(found.data, media_type=found.content_type, headers=headers)
