"""A read-only link over plain HTTP (/s/<token>): the adjuster's page, its photos and documents, and the
report of exactly the link's objects. Nothing depends on a Reflex tab.

Opening the link (after its code, when it has one) starts an opening of its own: a random session token in
an HttpOnly, SameSite=Strict cookie scoped to this link's path, kept hashed. Every answer says noindex,
no-referrer and no-store; an unknown, expired or ended link, and every id the link does not show, get the
same 404.
"""
from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.api.guard import request_address
from cleverstore.api.html import language, t
from cleverstore.i18n import translate
from cleverstore.services.access import secure_cookies
from cleverstore.services.shared import format_ore, local_text
from cleverstore.services.sharing import (
    NeedsCode,
    Opened,
    SharedObject,
    SharedView,
    open_shared_link,
    shared_file,
    shared_report,
    shared_view,
)

SHARE_COOKIE = "cs_share"
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer",
           "X-Content-Type-Options": "nosniff"}
VARIANTS = ("thumb", "display", "download")
MAX_FORM_BYTES = 2048


def _base(request: Request) -> str:
    return "/s/" + quote(request.path_params.get("token", "")[:200], safe="")


def _html(title: str, body: str, lang: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
        f'<title>{escape(title)} · CleverStore</title><link rel="stylesheet" href="/styles.css">'
        f'<link rel="stylesheet" href="/shared_link.css"></head>'
        f'<body><div class="page shared-page"><header class="site-header"><div class="header-inner">'
        f'<span class="brand"><span class="brand-name">CleverStore</span></span></div></header>'
        f'<main id="main" class="main"><h1>{escape(title)}</h1>{body}</main></div></body></html>'
    )
    return HTMLResponse(html, status_code=status, headers=PRIVATE)


def not_found(request: Request) -> Response:
    """The one answer for an unknown, expired or ended link and for anything it does not show."""
    lang = language(request)
    return _html(translate("share.gone_title", lang), f'<p class="notice">{t("share.gone", lang)}</p>', lang, 404)


def _code_form(request: Request, lang: str, answer: NeedsCode, status: int = 200) -> Response:
    message = ""
    if answer.throttled:
        message = f'<p class="error-summary" role="alert">{t("share.code_throttled", lang)}</p>'
    elif answer.wrong:
        message = f'<p class="error-summary" role="alert">{t("share.code_wrong", lang)}</p>'
    body = (f'<p>{t("share.code_lead", lang)}</p>{message}'
            f'<form method="post" action="{_base(request)}" class="form panel share-code-form">'
            f'<div class="field"><label for="code">{t("share.code_label", lang)}</label>'
            f'<input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" '
            f'spellcheck="false" maxlength="40" required class="input"></div>'
            f'<button type="submit" class="button button-primary">{t("share.code_submit", lang)}</button></form>')
    return _html(translate("share.code_title", lang), body, lang, status)


def _money(value: int | None, lang: str) -> str:
    return escape(format_ore(value, lang)) if value is not None else "–"


def _card(obj: SharedObject, view: SharedView, base: str, lang: str) -> str:
    photos = "".join(
        f'<a class="shared-photo" href="{base}/files/{pid}/display" target="_blank" rel="noopener noreferrer">'
        f'<img src="{base}/files/{pid}/thumb" alt="{t("share.photo_of", lang, name=obj.name, number=n)}" '
        f'loading="lazy" width="160" height="160"></a>'
        for n, pid in enumerate(obj.photo_ids, start=1))
    gallery = f'<div class="shared-gallery">{photos}</div>' if photos else \
        f'<p class="muted">{t("share.no_photos", lang)}</p>'
    facts = [("field.category", escape(obj.category)), ("field.location", escape(obj.place)),
             ("field.manufacturer", escape(obj.manufacturer)), ("field.model", escape(obj.model)),
             ("field.serial_number", escape(obj.serial_number))]
    if obj.quantity > 1:
        facts.append(("field.quantity", str(obj.quantity)))
    if view.show_prices:
        facts.append(("share.purchase_price", _money(obj.purchase_price_ore, lang)))
    facts += [("share.replacement_value", _money(obj.replacement_ore, lang)),
              ("share.estimated_value", _money(obj.estimated_ore, lang))]
    rows = "".join(f"<dt>{t(key, lang)}</dt><dd>{value or '–'}</dd>" for key, value in facts)
    documents = ""
    if view.show_receipts:
        items = "".join(f'<li><a href="{base}/files/{fid}/download" download>{escape(name or kind)}</a> '
                        f'<span class="muted">({t("file_kind." + kind, lang)})</span></li>'
                        for fid, kind, name in obj.documents)
        documents = (f'<h3>{t("share.documents", lang)}</h3>'
                     + (f'<ul class="shared-docs">{items}</ul>' if items
                        else f'<p class="muted">{t("share.no_documents", lang)}</p>'))
    return (f'<article class="shared-card" data-object="{obj.id}"><h2>{escape(obj.name)}</h2>{gallery}'
            f'<dl class="shared-facts">{rows}</dl>{documents}</article>')


def _view_html(view: SharedView, base: str, lang: str) -> str:
    cards = "".join(_card(obj, view, base, lang) for obj in view.objects)
    if not cards:
        cards = f'<p class="muted">{t("share.nothing_shown", lang)}</p>'
    return (f'<p class="shared-owner">{t("share.shared_by", lang, owner=view.owner_name)}</p>'
            f'<p class="muted">{t("share.expires", lang, when=local_text(view.expires_at))} · '
            f'{t("share.read_only", lang)}</p>'
            f'<p><a class="button button-primary shared-report" href="{base}/report.pdf" download>'
            f'{t("share.download_report", lang)}</a></p>'
            f'<p class="muted">{t("share.count", lang, count=len(view.objects))}</p>'
            f'<div class="shared-cards">{cards}</div>')


def _page(request: Request, view: SharedView | None) -> Response:
    if view is None:
        return not_found(request)
    lang = language(request)
    return _html(translate("share.page_title", lang), _view_html(view, _base(request), lang), lang)


def _with_cookie(response: Response, request: Request, opened: Opened) -> Response:
    response.set_cookie(SHARE_COOKIE, opened.session_token, max_age=opened.max_age, path=_base(request),
                        httponly=True, samesite="strict", secure=secure_cookies())
    return response


async def open_link(request: Request) -> Response:
    """GET /s/{token}: the link's page for this opening's cookie; else a new (logged) opening, or the code."""
    token = request.path_params["token"][:200]
    session = request.cookies.get(SHARE_COOKIE, "")
    if session:
        view = await run_in_threadpool(shared_view, token, session)
        if view is not None:
            return _page(request, view)
    answer = await run_in_threadpool(open_shared_link, token, None, request_address(request))
    if answer is None:
        return not_found(request)
    if isinstance(answer, NeedsCode):
        return _code_form(request, language(request), answer)
    view = await run_in_threadpool(shared_view, token, answer.session_token)
    return _with_cookie(_page(request, view), request, answer)


async def enter_code(request: Request) -> Response:
    """POST /s/{token} with the code: the page through a fresh opening (303), the form again, or the 404."""
    token = request.path_params["token"][:200]
    try:
        body = await read_limited(request, MAX_FORM_BYTES)
    except TooLarge:
        return not_found(request)
    code = (parse_qs(body.decode("utf-8", "replace")).get("code") or [""])[0][:40]
    answer = await run_in_threadpool(open_shared_link, token, code, request_address(request))
    if answer is None:
        return not_found(request)
    if isinstance(answer, NeedsCode):
        return _code_form(request, language(request), answer, 429 if answer.throttled else 400)
    response = RedirectResponse(_base(request), status_code=303, headers=PRIVATE)
    return _with_cookie(response, request, answer)


async def serve_file(request: Request) -> Response:
    """GET /s/{token}/files/{file_id}/{variant}: a photo or shown document of the link's objects; else 404."""
    token, file_id = request.path_params["token"][:200], request.path_params["file_id"][:12]
    variant = request.path_params["variant"]
    if variant not in VARIANTS or not file_id.isdigit():
        return not_found(request)
    found = await run_in_threadpool(shared_file, token, request.cookies.get(SHARE_COOKIE, ""), file_id, variant,
                                    request_address(request))
    if found is None:
        return not_found(request)
    disposition = "attachment" if variant == "download" else "inline"
    headers = {**PRIVATE, "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.filename)}",
               "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"}
    return Response(found.data, media_type=found.content_type, headers=headers)


async def download_report(request: Request) -> Response:
    """GET /s/{token}/report.pdf: the PDF of exactly the link's objects; logged. 404 without an opening."""
    found = await run_in_threadpool(shared_report, request.path_params["token"][:200],
                                    request.cookies.get(SHARE_COOKIE, ""), language(request),
                                    request_address(request))
    if found is None:
        return not_found(request)
    content, name = found
    return Response(content, media_type="application/pdf",
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})
