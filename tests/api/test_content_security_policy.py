"""The Content-Security-Policy: connections only to the app's own origin, no <base>, and (while Reflex's
server-sent scripts need it) 'unsafe-eval' as the only relaxation of script-src."""
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from cleverstore.api.security_headers import SecurityHeaders, connect_sources

PAGE = b"<html><head><script>window.start = 1;</script></head></html>"


def _policy(origins: tuple[str, ...]) -> dict[str, str]:
    app = SecurityHeaders(Starlette(routes=[Route("/", lambda request: HTMLResponse(PAGE))]), origins)
    header = TestClient(app).get("/").headers["content-security-policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_the_page_connects_only_to_its_own_origin():
    policy = _policy(("https://cleverstore.se",))
    assert policy["connect-src"] == "connect-src 'self' wss://cleverstore.se"
    local = _policy(("http://127.0.0.1:3000", "http://localhost:3000"))
    assert local["connect-src"] == "connect-src 'self' ws://127.0.0.1:3000 ws://localhost:3000"
    for value in policy.values():
        assert " ws: " not in f"{value} " and " wss: " not in f"{value} " and "*" not in value


def test_no_base_element_may_change_where_links_go():
    assert _policy(())["base-uri"] == "base-uri 'none'"


def test_script_src_allows_only_the_origin_hashes_and_the_documented_eval():
    script = _policy(())["script-src"]
    assert script.startswith("script-src 'self' 'unsafe-eval' 'sha256-")
    assert "'unsafe-inline'" not in script and "http" not in script


def test_a_configured_origin_cannot_smuggle_sources_into_the_policy():
    assert connect_sources(("https://evil.example; script-src *", "javascript:alert(1)", "https://ok.se/path")) \
        == "'self'"
