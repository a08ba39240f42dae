"""Security headers and the hash-based Content-Security-Policy."""
import base64
import gzip
import hashlib

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from cleverstore.api.security_headers import SecurityHeaders

PAGE = b"<html><head><script>window.start = 1;</script><script src='/app.js'></script></head></html>"


def _app():
    routes = [
        Route("/page", lambda request: HTMLResponse(PAGE)),
        Route("/zipped", lambda request: Response(gzip.compress(PAGE), media_type="text/html",
                                                   headers={"content-encoding": "gzip"})),
        Route("/api", lambda request: JSONResponse({"ok": True})),
    ]
    return TestClient(SecurityHeaders(Starlette(routes=routes)))


def _expected_hash() -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(b"window.start = 1;").digest()).decode() + "'"


def test_html_gets_a_policy_allowing_exactly_its_inline_scripts():
    client = _app()
    for path in ("/page", "/zipped"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert f"script-src 'self' 'unsafe-eval' {_expected_hash()}" in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1]
    assert client.get("/page").content == PAGE


def test_every_response_gets_the_common_headers():
    response = _app().get("/api")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" not in response.headers
