"""The front end's static files: a page address answered without a slash redirect, hashed bundles cached for a year."""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from cleverstore.api.static_assets import StaticAssets, cache_control


def _client() -> TestClient:
    async def page(request):
        if not request.url.path.endswith("/"):
            return RedirectResponse(request.url.path + "/", status_code=307)
        return PlainTextResponse("register page", media_type="text/html")

    async def elsewhere(request):
        return RedirectResponse("/login/", status_code=307)

    async def bundle(request):
        return PlainTextResponse("js")

    async def post(request):
        return RedirectResponse("/register/", status_code=303)

    routes = [Route("/register", page), Route("/register/", page), Route("/away", elsewhere),
              Route("/assets/root-BkWnhbCp.js", bundle), Route("/assets/plain.js", bundle),
              Route("/form", post, methods=["POST"])]
    return TestClient(StaticAssets(Starlette(routes=routes)), follow_redirects=False)


def test_a_page_address_without_slash_is_answered_with_the_page_not_a_redirect():
    response = _client().get("/register?id=4")
    assert response.status_code == 200 and response.text == "register page"


def test_other_redirects_and_other_methods_are_left_alone():
    client = _client()
    assert client.get("/away").headers["location"] == "/login/"
    assert client.post("/form").status_code == 303


def test_hashed_bundles_are_kept_for_a_year_and_unhashed_files_revalidated():
    client = _client()
    assert client.get("/assets/root-BkWnhbCp.js").headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "cache-control" not in client.get("/assets/plain.js").headers
    assert cache_control("/styles.css") == b"no-cache"
    assert cache_control("/files/12/thumb") is None and cache_control("/register/export.csv") is None
    assert cache_control("/manifest.webmanifest") == b"public, max-age=86400"
