"""Security headers on every HTTP response, and a Content-Security-Policy that the app works under.

The compiled pages carry a few inline scripts (the router's start-up data);
instead of allowing every inline script, each HTML response gets a policy that
allows exactly the inline scripts it contains, by their SHA-256. Reflex runs
server-sent scripts (toasts, navigation) through eval, hence 'unsafe-eval';
nothing else from outside the origin may run, frame the app or receive forms.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import re
from functools import lru_cache
from pathlib import Path

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
BASE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"geolocation=(), microphone=(), payment=()"),
]


@lru_cache(maxsize=256)
def policy_for(html: bytes) -> bytes:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    )
    return f"{BASE_POLICY}; script-src 'self' 'unsafe-eval' {hashes}".strip().encode()


def _with_policy(start: dict, body: bytes) -> dict:
    encoding = dict(start["headers"]).get(b"content-encoding", b"")
    html = gzip.decompress(body) if encoding == b"gzip" else body
    return {**start, "headers": [*start["headers"], (b"content-security-policy", policy_for(html))]}


class SecurityHeaders:
    """Pure ASGI middleware (websockets pass through untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        chunks: list[bytes] = []

        async def wrapped_send(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in {k for k, _ in COMMON_HEADERS}]
                message = {**message, "headers": headers + COMMON_HEADERS}
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message  # hold it until the body is known
                    return
                await send(message)
                return
            if start is not None and message["type"] == "http.response.pathsend":
                # the server streams the file itself (granian's pathsend): read it for the policy
                await send(_with_policy(start, Path(message["path"]).read_bytes()))
                await send(message)
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                await send(_with_policy(start, body))
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, wrapped_send)
