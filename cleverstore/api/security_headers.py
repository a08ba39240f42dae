"""Security headers on every HTTP response, and a Content-Security-Policy that the app works under.

The compiled pages carry a few inline scripts (the router's start-up data);
instead of allowing every inline script, each HTML response gets a policy that
allows exactly the inline scripts it contains, by their SHA-256. The page may
connect (fetch, the websocket) only to its own origin and the app's configured
public origins, and sets no <base>. Nothing from outside the origin may run,
frame the app or receive forms.

Why 'unsafe-eval' stays: Reflex's front end (`.web/utils/state.js`, `applyEvent`) runs every
server-sent `_call_script` (and string `_call_function`) event with `eval(...)` on the text the
server sent. The app sends them from the back end: `rx.call_script("window.location.assign(...)")`
for the full page loads that exchange a login ticket for the HttpOnly cookie or clear it (login,
logout, admin login and logout, the erasure's logout, switching register), and `rx.toast` (object
saved or deleted, the backend error toast), which Reflex sends as a `_call_script` too. A
nonce or hash cannot help: CSP nonces and hashes admit <script> elements, never eval. Dropping it
needs those calls replaced by events that need no eval (a page-level redirect element and toasts
drawn from state vars).
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import brotli

from cleverstore.services.access import allowed_origins

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
BASE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"geolocation=(), microphone=(), payment=()"),
]


def _common(own: list) -> list:
    """The common headers; a route that asks for no referrer at all (a read-only link) keeps that."""
    stricter = any(k.lower() == b"referrer-policy" and v == b"no-referrer" for k, v in own)
    return [(k, b"no-referrer") if stricter and k == b"referrer-policy" else (k, v) for k, v in COMMON_HEADERS]


def connect_sources(origins: tuple[str, ...]) -> str:
    """'self' and the websocket twins (ws:, wss:) of the app's own public origins: no other host."""
    sources = ["'self'"]
    for origin in origins:
        scheme, _, rest = origin.partition("://")
        if scheme in ("http", "https") and rest and "/" not in rest and " " not in rest and ";" not in rest:
            sources.append(f"{'wss' if scheme == 'https' else 'ws'}://{rest}")
    return " ".join(dict.fromkeys(sources))


@lru_cache(maxsize=256)
def policy_for(html: bytes, connect: str = "'self'") -> bytes:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    )
    return f"{BASE_POLICY}; connect-src {connect}; script-src 'self' 'unsafe-eval' {hashes}".strip().encode()


def _decoded(body: bytes, encoding: bytes) -> bytes:
    """The page as written: the built pages are served from their brotli or gzip copies."""
    if encoding == b"br":
        return brotli.decompress(body)
    return gzip.decompress(body) if encoding == b"gzip" else body


def _with_policy(start: dict, body: bytes, connect: str) -> dict:
    html = _decoded(body, dict(start["headers"]).get(b"content-encoding", b""))
    return {**start, "headers": [*start["headers"], (b"content-security-policy", policy_for(html, connect))]}


class SecurityHeaders:
    """Pure ASGI middleware (websockets pass through untouched)."""

    def __init__(self, app, origins: tuple[str, ...] | None = None):
        self.app = app
        self.connect = connect_sources(allowed_origins() if origins is None else origins)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def wrapped_send(message):
            nonlocal start
            if message["type"] == "http.response.start":
                own = message.get("headers", [])
                headers = [h for h in own if h[0].lower() not in {k for k, _ in COMMON_HEADERS}]
                message = {**message, "headers": headers + _common(own)}
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message  # hold it until the body is known
                    return
                await send(message)
                return
            if start is not None and message["type"] == "http.response.pathsend":
                # the server streams the file itself (granian's pathsend): read it for the policy
                await send(_with_policy(start, Path(message["path"]).read_bytes(), self.connect))
                await send(message)
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                await send(_with_policy(start, body, self.connect))
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, wrapped_send)
