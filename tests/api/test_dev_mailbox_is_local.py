"""The dev mailbox shows reset links: it is served only in development and only to this computer."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from cleverstore.config import reset_settings
from tests.helpers.factories import make_account

LOCAL = ("127.0.0.1", 50000)


@pytest.fixture()
def mail(db):
    make_account(db, name="Maja Brevlåda")  # her verification link lands in the mailbox
    db.commit()


def _get(asgi_app, *, client=LOCAL, base_url="http://127.0.0.1:3000", headers=None):
    with TestClient(asgi_app, base_url=base_url, client=client) as browser:
        return browser.get("/dev/mailbox", headers=headers or {})


def test_this_computer_in_development_sees_the_mailbox_and_is_told_why(asgi_app, mail):
    page = _get(asgi_app)
    assert page.status_code == 200 and "/auth/verify?token=" in page.text
    assert "bara för den här datorn" in page.text
    assert _get(asgi_app, client=("::1", 50000), base_url="http://localhost:3000").status_code == 200


@pytest.mark.parametrize("client, base_url, headers", [
    (("192.0.2.7", 50000), "http://127.0.0.1:3000", {}),  # another computer on the network
    (("testclient", 50000), "http://127.0.0.1:3000", {}),
    (LOCAL, "http://127.0.0.1:3000", {"X-Forwarded-For": "198.51.100.9"}),  # through a proxy on this computer
    (LOCAL, "http://127.0.0.1:3000", {"Forwarded": "for=198.51.100.9"}),
    (LOCAL, "http://rebound.example:3000", {}),  # a DNS-rebound name in a visitor's browser
], ids=["network", "unknown-client", "x-forwarded-for", "forwarded", "foreign-host"])
def test_a_request_from_elsewhere_gets_no_mailbox(asgi_app, mail, client, base_url, headers):
    page = _get(asgi_app, client=client, base_url=base_url, headers=headers)
    assert page.status_code == 404 and "token=" not in page.text


@pytest.mark.parametrize("env", ["staging", "test", "prod"])
def test_only_development_has_a_mailbox(asgi_app, mail, monkeypatch, env):
    monkeypatch.setenv("CLEVERSTORE_ENV", env)
    reset_settings()
    try:
        assert _get(asgi_app).status_code == 404
    finally:
        monkeypatch.delenv("CLEVERSTORE_ENV")
        reset_settings()
