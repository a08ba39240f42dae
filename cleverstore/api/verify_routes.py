"""POST /verify/report: anyone (an insurer, no login) sends a report's PDF and learns whether we issued it.

The body is read up to the largest report we make and no further; only its hash is compared, nothing of
it is stored or logged. The answer says "issued on DATE for a register of N objects" or "not issued by
us" and nothing else about the customer. Checks are throttled per network (see `verify_report_file`).
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.api.files import NO_STORE, answer, request_language
from cleverstore.api.guard import request_address, same_origin_post
from cleverstore.services.reports import MAX_REPORT_BYTES, verify_report_file
from cleverstore.services.shared import ValidationFailed


async def check_report(request: Request) -> Response:
    if not same_origin_post(request):
        return answer(request, 403, "check_report.refused")
    try:
        data = await read_limited(request, MAX_REPORT_BYTES)
    except TooLarge:
        return answer(request, 413, "check_report.too_big")
    try:
        verdict = await run_in_threadpool(verify_report_file, data, request_address(request))
    except ValidationFailed as failed:
        key = next(iter(failed.errors.values()))
        return answer(request, 429 if key == "check_report.too_many" else 400, key)
    lang = request_language(request)
    return JSONResponse({"ok": verdict.issued, "issued": verdict.issued, "message": verdict.words(lang)},
                        status_code=200, headers=NO_STORE)
