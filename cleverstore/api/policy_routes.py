"""A policy's PDF: sent and read by its owner only (the request's own session cookie says who asks).

Uploads come through the same script as an object's files (assets/upload.js); a policy of another
customer, or one without a document, is a plain 404.
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from cleverstore.api.files import answer, file_response, not_found, receive_upload
from cleverstore.api.guard import may, register_caller
from cleverstore.services.access import OWN
from cleverstore.services.insurance import RejectedFile, attach_policy_document, read_policy_document
from cleverstore.services.register import file_display_name
from cleverstore.services.shared import NotFound


async def upload_policy_document(request: Request) -> Response:
    """POST /policies/{policy_id}/document, the raw PDF as body, its name in X-File-Name."""
    received = await receive_upload(request, OWN)
    if isinstance(received, Response):
        return received
    caller, filename, data = received.caller, received.filename, received.data
    policy_id = request.path_params.get("policy_id", "")
    try:
        await run_in_threadpool(lambda: attach_policy_document(caller.account_id, policy_id, data, filename))
    except NotFound:
        return answer(request, 404, "insurance.missing")
    except RejectedFile as rejected:
        return answer(request, 422, rejected.key, file=file_display_name(filename))
    return answer(request, 200, "upload.saved", file=file_display_name(filename))


async def serve_policy_document(request: Request) -> Response:
    """GET /policies/{policy_id}/document: the owner's policy PDF, shown in the browser."""
    policy_id = request.path_params.get("policy_id", "")
    if not policy_id.isdigit():
        return not_found()
    caller = await run_in_threadpool(register_caller, request)
    if caller is None or not may(caller, OWN):
        return not_found()
    try:
        found = await run_in_threadpool(lambda: read_policy_document(caller.account_id, policy_id))
    except NotFound:
        return not_found()
    return file_response(found, "view")
