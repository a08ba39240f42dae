"""How the built front end reaches a phone quickly: no extra round trip for a page address, and the
hashed bundles kept by the browser.

- The built pages live in folders (`/register/index.html`); the static server answers `/register`
  with a redirect to `/register/`, one whole round trip (≈ 0.6 s on a phone's network) before the
  page starts. A GET or HEAD that the inner app answers with exactly that redirect is answered
  instead with the page at the address with the slash; the browser keeps the address it asked for.
- The bundles under `/assets/` carry a hash of their content in their name (`root-BkWnhbCp.js`):
  a new build gives new names, so the browser may keep them for a year without asking again.
  Our own files (`/styles.css`, `/frame.js`) keep their names between builds and are revalidated.
- The manifest and the icons change seldom: a day and a week.

The bundles are already served compressed (Reflex's build writes .br and .gz sidecars, rxconfig.py,
and its static server picks them by Accept-Encoding): nothing to do here for that.
"""
from __future__ import annotations

import re

HASHED_BUNDLE = re.compile(r"^/assets/[^/]+-[A-Za-z0-9_-]{8,}\.(?:js|css|woff2?|png|svg|jpg|webp)$")
YEAR = b"public, max-age=31536000, immutable"
CACHE_RULES = (
    (HASHED_BUNDLE, YEAR),
    (re.compile(r"^/manifest\.webmanifest$"), b"public, max-age=86400"),
    (re.compile(r"^/icons/[A-Za-z0-9_-]+\.png$"), b"public, max-age=604800"),
    (re.compile(r"^/[A-Za-z0-9_-]+\.(?:css|js)$"), b"no-cache"),
)
REDIRECTS = {301, 302, 307, 308}


def cache_control(path: str) -> bytes | None:
    """The Cache-Control for a static file of the front end at `path`; None for everything else."""
    for pattern, value in CACHE_RULES:
        if pattern.match(path):
            return value
    return None


def _is_slash_redirect(message: dict, path: str) -> bool:
    if message["status"] not in REDIRECTS:
        return False
    location = dict(message.get("headers", [])).get(b"location", b"").decode("latin-1")
    target = re.sub(r"^[a-z]+://[^/]+", "", location).split("?", 1)[0]
    return target == path + "/"


class StaticAssets:
    """Pure ASGI middleware in front of the app (websockets and other methods pass through untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        redirected = False

        async def first_send(message):
            nonlocal redirected
            if message["type"] == "http.response.start" and not path.endswith("/") and _is_slash_redirect(message, path):
                redirected = True
            if not redirected:
                await send(_with_cache(message, path))

        await self.app(scope, receive, first_send)
        if redirected:
            slashed = {**scope, "path": path + "/", "raw_path": (path + "/").encode()}
            await self.app(slashed, receive, lambda message: send(_with_cache(message, path + "/")))


def _with_cache(message: dict, path: str) -> dict:
    if message["type"] != "http.response.start" or message["status"] != 200:
        return message
    value = cache_control(path)
    headers = message.get("headers", [])
    if value is None or any(name.lower() == b"cache-control" for name, _ in headers):
        return message
    return {**message, "headers": [*headers, (b"cache-control", value)]}
