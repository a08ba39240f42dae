"""Small server-rendered pages for the few routes that are not Reflex pages (mailbox, heir access).

Every value is escaped; the pages use the app's own stylesheet.
"""
from __future__ import annotations

import re
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from cleverstore.i18n import normalise_language, translate

_URL = re.compile(r"(https?://[^\s<]+)")


def language(request: Request) -> str:
    return normalise_language(request.cookies.get("cs_lang", "sv"))


def linkify(text: str) -> str:
    """Escape a plain-text body and make its links clickable."""
    return _URL.sub(r'<a href="\1">\1</a>', escape(text))


def page(title: str, body: str, lang: str = "sv", status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)} · CleverStore</title><link rel="stylesheet" href="/styles.css"></head>'
        f'<body><div class="page"><header class="site-header"><div class="header-inner">'
        f'<a class="brand" href="/"><span class="brand-name">CleverStore</span></a></div></header>'
        f'<main id="main" class="main"><h1>{escape(title)}</h1>{body}</main></div></body></html>'
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def t(key: str, lang: str, **values: object) -> str:
    """Translated and escaped."""
    return escape(translate(key, lang, **values))
