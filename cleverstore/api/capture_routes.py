"""Capture: photos taken first make a new object, named later.

POST /capture/photo (the raw photo as body, its name in X-File-Name) starts a nameless object in the
caller's open register with this photo; POST /capture/photo?item=ID adds the next photo to it. The
request's own session cookie says who is asking; the checks of the normal upload all apply (our
header and origin, the register paid for, size, type, metadata stripped).
"""
from __future__ import annotations

from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.api.files import answer
from cleverstore.api.guard import may, register_caller, same_origin_post
from cleverstore.services.access import EDIT
from cleverstore.services.register import (
    MAX_UPLOAD_BYTES,
    RejectedFile,
    capture_photo,
    file_display_name,
)
from cleverstore.services.shared import NotFound


def _refused_caller(request: Request) -> Response:
    """Signed out, or signed in to a register that is locked (late payment): each gets its own words."""
    if register_caller(request, require_open=False) is not None:
        return answer(request, 402, "capture.locked")
    return answer(request, 401, "upload.signed_out")


async def capture(request: Request) -> Response:
    if not same_origin_post(request):
        return answer(request, 403, "upload.refused")
    caller = await run_in_threadpool(register_caller, request)
    if caller is None:
        return await run_in_threadpool(_refused_caller, request)
    if not may(caller, EDIT):
        return answer(request, 403, "members.refused_upload")
    filename = unquote(request.headers.get("x-file-name", ""))[:300]
    shown = file_display_name(filename)
    try:
        data = await read_limited(request, MAX_UPLOAD_BYTES)
    except TooLarge:
        return answer(request, 413, "upload.too_big", file=shown)
    item = request.query_params.get("item", "")[:20]
    try:
        done = await run_in_threadpool(lambda: capture_photo(caller.account_id, item, data, filename,
                                                             actor=caller.actor))
    except NotFound:
        return answer(request, 404, "upload.no_object", file=shown)
    except RejectedFile as rejected:
        return answer(request, 422, rejected.key, file=shown)
    return answer(request, 200, "upload.saved", id=done.file_id, item=done.item_id, file=shown,
                  object_url=f"/object?id={done.item_id}")
