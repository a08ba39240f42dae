"""The customer's links about removing a lost second factor (two admins agreed; the customer decides).

GET shows a button and POST confirms, so a mail scanner opening the link starts nothing;
the stop link in the waiting-period notice works in one click, like the heir claim's stop link.
"""
from __future__ import annotations

from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from cleverstore.api.bodies import TooLarge, with_body_limit
from cleverstore.api.html import language, page, t
from cleverstore.i18n import translate
from cleverstore.services.accounts import (
    confirm_second_factor_removal,
    stop_second_factor_removal,
)
from cleverstore.services.shared import local_text

FORM_LIMIT = 4096


def _token(value: object) -> str:
    return str(value or "")[:100]


async def confirm_form(request: Request) -> Response:
    """GET /auth/second-factor-removal?token=…: what will happen, and the button that confirms it."""
    lang = language(request)
    token = _token(request.query_params.get("token"))
    body = (f'<p>{t("security.removal_lead", lang)}</p>'
            f'<form method="post" action="/auth/second-factor-removal">'
            f'<input type="hidden" name="token" value="{escape(token, quote=True)}">'
            f'<button type="submit" class="button button-primary">{t("security.removal_confirm", lang)}</button>'
            f'</form>')
    return page(translate("security.removal_title", lang), body, lang)


async def confirm(request: Request) -> Response:
    """POST /auth/second-factor-removal: the waiting period starts; the notice with its stop link is sent."""
    lang = language(request)
    title = translate("security.removal_title", lang)
    try:
        async with with_body_limit(request, FORM_LIMIT).form(max_files=0, max_fields=5) as form:
            token = _token(form.get("token"))
    except TooLarge:
        token = ""
    when = await run_in_threadpool(confirm_second_factor_removal, token) if token else None
    if when is None:
        return page(title, f'<p class="error-summary">{t("security.removal_dead_link", lang)}</p>', lang, 400)
    return page(title, f'<p class="success" role="status">'
                       f'{t("security.removal_waiting", lang, when=local_text(when))}</p>', lang)


async def stop(request: Request) -> Response:
    """GET /auth/second-factor-removal/stop?token=…: the one-click stop from the notice (single use)."""
    lang = language(request)
    title = translate("security.removal_title", lang)
    stopped = await run_in_threadpool(stop_second_factor_removal, _token(request.query_params.get("token")))
    if not stopped:
        return page(title, f'<p class="error-summary">{t("security.removal_nothing_to_stop", lang)}</p>', lang, 400)
    return page(title, f'<p class="success" role="status">{t("security.removal_stopped", lang)}</p>', lang)
