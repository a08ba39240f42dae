"""Security headers and the hash-based Content-Security-Policy."""
import base64
import gzip
import hashlib

import brotli

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
        Route("/brotli", lambda request: Response(brotli.compress(PAGE), media_type="text/html",
                                                  headers={"content-encoding": "br"})),
        Route("/api", lambda request: JSONResponse({"ok": True})),
    ]
    return TestClient(SecurityHeaders(Starlette(routes=routes)))


def _expected_hash() -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(b"window.start = 1;").digest()).decode() + "'"


def test_html_gets_a_policy_allowing_exactly_its_inline_scripts():
    client = _app()
    for path in ("/page", "/zipped", "/brotli"):
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


def test_request_ids_are_kept_or_made_and_logged_as_json(capsys, monkeypatch):
    import json
    import logging

    from cleverstore.logs import JsonFormatter, RequestIds, request_id

    seen = []

    def page(request):
        seen.append(request_id.get())
        return JSONResponse({"ok": True})

    client = TestClient(RequestIds(Starlette(routes=[Route("/x", page)])))
    assert client.get("/x", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    made = client.get("/x", headers={"X-Request-ID": "<script>"}).headers["x-request-id"]
    assert made != "<script>" and len(made) == 16 and seen == ["abc-123", made]
    record = logging.LogRecord("cleverstore", logging.INFO, __file__, 1, "report %s done", ("R-1",), None)
    record.request_id = "abc-123"
    assert json.loads(JsonFormatter().format(record))["message"] == "report R-1 done"
