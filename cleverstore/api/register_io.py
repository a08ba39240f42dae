"""The register as a CSV file (download), and a file to import (upload: CSV or Excel, previewed in the app)."""
from __future__ import annotations

from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.api.files import NO_STORE, answer, not_found, request_language
from cleverstore.api.guard import may, register_caller, same_origin_post
from cleverstore.api.html import language, page, t
from cleverstore.i18n import translate
from cleverstore.services.access import EDIT
from cleverstore.services.imports import export_filename, export_register_csv, keep_import_file, upload_limit
from cleverstore.services.shared import ValidationFailed


async def export_csv(request: Request) -> Response:
    """GET /register/export.csv?sep=; : the whole active register, UTF-8 with BOM, headers and words in the
    customer's language (also while the register is locked). The file is written before the response starts,
    so a refusal is a page; then it streams in pieces."""
    caller = await run_in_threadpool(lambda: register_caller(request, require_open=False))
    if caller is None:
        return not_found()
    separator, lang = request.query_params.get("sep", ","), request_language(request)  # "," unless ";"
    try:
        pieces = await run_in_threadpool(lambda: export_register_csv(caller.account_id, separator=separator, lang=lang))
    except ValidationFailed as refused:  # a link the customer clicked: a page that says why, and the way back
        lang = language(request)
        reason = t(refused.errors.get("job", "error.too_many_jobs"), lang)
        return page(translate("export.csv", lang), f'<p role="alert">{reason}</p>'
                    f'<p><a href="/register">{t("nav.register", lang)}</a></p>', lang, status=429)
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{export_filename(separator, lang)}"'}
    return StreamingResponse(pieces, media_type="text/csv; charset=utf-8", headers=headers)


async def upload_import(request: Request) -> Response:
    """POST /register/import: keep the file (its name in X-File-Name) for the preview page; nothing is
    imported yet, and whether it can be read is the preview's to say."""
    if not same_origin_post(request):
        return answer(request, 403, "upload.refused")
    caller = await run_in_threadpool(register_caller, request)
    if caller is None:
        return answer(request, 401, "upload.signed_out")
    if not may(caller, EDIT):
        return answer(request, 403, "members.refused_upload")
    try:
        filename = unquote(request.headers.get("x-file-name", ""))[:200]
        data = await read_limited(request, upload_limit(filename))
        await run_in_threadpool(keep_import_file, caller.account_id, data, filename)
    except (TooLarge, ValidationFailed):
        return answer(request, 413, "import.too_big")
    return answer(request, 200, "import.received")
