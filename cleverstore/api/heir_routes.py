"""Heir access over plain HTTP: the claim form with document upload, the e-mailed access link,
and the claimant's read-only view of the register (each view logged on the owner's account).

Documents arrive as multipart form data and go straight to the sensitive store
(never a public directory). The claimant's cookie is separate from customer
sessions and only valid under /heir.
"""
from __future__ import annotations

from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from cleverstore.api.bodies import TooLarge, with_body_limit
from cleverstore.api.guard import request_address
from cleverstore.api.html import language, page, t
from cleverstore.api.report_routes import PRIVATE_HEADERS
from cleverstore.i18n import translate
from cleverstore.services.access import secure_cookies
from cleverstore.services.heirs import (
    HEIR_SESSION_MAX_AGE,
    MAX_DOCUMENT_BYTES,
    Document,
    document_kind,
    heir_register_page,
    heir_register_report,
    object_by_emailed_link,
    redeem_heir_link,
    submit_heir_claim,
)
from cleverstore.services.shared import ValidationFailed, format_ore

HEIR_COOKIE = "cs_heir"
_FIELDS = ("owner_email", "claimant_name", "claimant_email")
_DOC_FIELDS = ("doc_id", "doc_proof")
# the two documents at their largest and the form's fields: reading stops past this
MAX_CLAIM_BYTES = len(_DOC_FIELDS) * MAX_DOCUMENT_BYTES + 64 * 1024


def _field(name: str, lang: str, errors: dict[str, str], value: str = "", kind: str = "text") -> str:
    error = errors.get(name, "")
    return (f'<div class="field"><label for="{name}">{t("heir." + name, lang)}</label>'
            f'<input id="{name}" name="{name}" type="{kind}" value="{escape(value)}" required '
            f'aria-describedby="{name}-error"><p id="{name}-error" class="field-error">{escape(error)}</p></div>')


def _form(lang: str, values: dict[str, str], errors: dict[str, str]) -> str:
    reason = values.get("reason", "death")
    radios = "".join(
        f'<div class="radio"><input type="radio" id="reason-{r}" name="reason" value="{r}"'
        f'{" checked" if reason == r else ""}><label for="reason-{r}">{t(label, lang)}</label></div>'
        for r, label in (("death", "heir.reason_death"), ("illness", "heir.reason_illness"))
    )
    docs = "".join(
        f'<div class="field"><label for="{d}">{t("heir." + d, lang)}</label>'
        f'<input id="{d}" name="{d}" type="file" accept="application/pdf,image/jpeg,image/png"></div>'
        for d in _DOC_FIELDS
    )
    summary = f'<p class="error-summary" role="alert">{t("form.fix_errors", lang, count=len(errors))}</p>' \
        if errors else ""
    doc_error = f'<p class="field-error">{escape(errors.get("documents", ""))}</p>'
    return (
        f'<p>{t("heir.lead", lang)}</p>{summary}'
        f'<form method="post" action="/heir/claim" enctype="multipart/form-data" class="form panel">'
        + "".join(_field(f, lang, errors, values.get(f, ""), "email" if "email" in f else "text") for f in _FIELDS)
        + f'<fieldset class="radios"><legend>{t("heir.reason", lang)}</legend>{radios}'
        f'<p class="field-error">{escape(errors.get("reason", ""))}</p></fieldset>'
        f'<div class="field"><label for="message">{t("heir.message", lang)}</label>'
        f'<textarea id="message" name="message" rows="4">{escape(values.get("message", ""))}</textarea></div>'
        f'{docs}{doc_error}<p class="muted">{t("heir.documents_hint", lang)}</p>'
        f'<button type="submit" class="button primary">{t("heir.submit", lang)}</button></form>'
    )


async def claim_form(request: Request) -> Response:
    lang = language(request)
    return page(translate("heir.title", lang), _form(lang, {}, {}), lang)


async def _read_documents(form) -> list[Document]:
    documents = []
    reason = str(form.get("reason") or "")
    for name in _DOC_FIELDS:
        upload = form.get(name)
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        data = await upload.read(MAX_DOCUMENT_BYTES + 1)
        documents.append(Document(document_kind(name, reason), upload.filename, data))
    return documents


async def submit_claim(request: Request) -> Response:
    lang = language(request)
    try:
        limited = with_body_limit(request, MAX_CLAIM_BYTES)
        async with limited.form(max_files=4, max_fields=20, max_part_size=MAX_DOCUMENT_BYTES + 1) as form:
            values = {k: str(form.get(k) or "")[:2000] for k in (*_FIELDS, "reason", "message")}
            documents = await _read_documents(form)
    except TooLarge:
        body = f'<p class="error-summary" role="alert">{t("heir.too_large", lang)}</p>'
        return page(translate("heir.title", lang), body, lang, 413)
    try:
        reference = await run_in_threadpool(submit_heir_claim, values, documents,
                                            request_address(request))
    except ValidationFailed as failed:
        errors = {field: translate(key, lang) for field, key in failed.errors.items()}
        return page(translate("heir.title", lang), _form(lang, values, errors), lang, 400)
    body = f'<p class="success" role="status">{t("heir.received", lang, reference=reference)}</p>'
    return page(translate("heir.title", lang), body, lang)


async def objection(request: Request) -> Response:
    """GET /heir/object?token=…: the owner's one-click stop link from the claim e-mail (single use)."""
    lang = language(request)
    reference = await run_in_threadpool(object_by_emailed_link, request.query_params.get("token", "")[:100])
    title = translate("heir.objection_title", lang)
    if reference is None:
        return page(title, f'<p class="error-summary">{t("heir.objection_dead", lang)}</p>', lang, 400)
    return page(title, f'<p class="success" role="status">{t("heir.objected", lang, reference=reference)}</p>', lang)


async def access(request: Request) -> Response:
    """GET /heir/access?token=…: the e-mailed single-use link becomes the claimant's own cookie."""
    session_token = await run_in_threadpool(redeem_heir_link, request.query_params.get("token", "")[:100])
    if session_token is None:
        lang = language(request)
        return page(translate("heir.title", lang), f'<p class="error-summary">{t("heir.dead_link", lang)}</p>',
                    lang, 400)
    response = RedirectResponse("/heir/register", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(HEIR_COOKIE, session_token, max_age=HEIR_SESSION_MAX_AGE, path="/heir",
                        httponly=True, samesite="lax", secure=secure_cookies())
    return response


def _register_html(token: str, lang: str, page_number: int) -> tuple[str, str] | None:
    found = heir_register_page(token, page_number)
    if found is None:
        return None
    rows = "".join(
        f"<tr><td>{escape(r.name)}</td><td>{escape(r.category)}</td><td>{escape(r.location)}</td>"
        f"<td>{escape(r.serial_number)}</td><td>{escape(format_ore(r.purchase_price_ore, lang))}</td></tr>"
        for r in found.rows
    )
    head = "".join(f"<th scope=\"col\">{t(k, lang)}</th>" for k in
                   ("field.name", "field.category", "field.location", "field.serial_number", "heir.price"))
    body = (f'<p class="notice">{t("heir.read_only", lang, owner=found.owner_name, claimant=found.claimant_name)}</p>'
            f'<p><a class="button" href="/heir/register.pdf" download>{t("heir.print_report", lang)}</a></p>'
            f'<div class="table-wrap" tabindex="0" role="region" aria-label="{t("frame.table_hint", lang)}"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
            f'<p class="muted">{t("heir.page_of", lang, page=found.page, pages=found.pages)}</p>')
    return translate("heir.register_title", lang, owner=found.owner_name), body


async def register_view(request: Request) -> Response:
    """GET /heir/register: read-only list of the owner's objects; every view is logged."""
    lang = language(request)
    try:
        number = max(1, int(request.query_params.get("page", "1")[:6]))
    except ValueError:
        number = 1
    found = await run_in_threadpool(_register_html, request.cookies.get(HEIR_COOKIE, ""), lang, number)
    if found is None:
        return page(translate("heir.title", lang), f'<p class="error-summary">{t("heir.no_access", lang)}</p>',
                    lang, 403)
    return page(found[0], found[1], lang)


async def register_pdf(request: Request) -> Response:
    """GET /heir/register.pdf: the owner's register report for the claimant; logged. 404 without access."""
    found = await run_in_threadpool(heir_register_report, request.cookies.get(HEIR_COOKIE, ""), language(request))
    if found is None:
        return PlainTextResponse("Not found", status_code=404, headers=PRIVATE_HEADERS)
    content, name = found
    return Response(content, media_type="application/pdf",
                    headers={**PRIVATE_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})
