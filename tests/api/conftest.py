"""The app's HTTP routes, driven in-process through Starlette's test client."""
from __future__ import annotations

import os

import pytest
from starlette.testclient import TestClient

# What the browser's upload code sends: the custom header and the app's own origin (the CSRF check).
UPLOAD = {"X-CleverStore-Upload": "1", "Origin": "http://127.0.0.1:3000"}


@pytest.fixture(scope="module")
def asgi_app():
    os.environ["__REFLEX_SKIP_COMPILE"] = "true"
    from cleverstore.cleverstore import app

    return app()


@pytest.fixture()
def client(asgi_app, db_url):
    with TestClient(asgi_app, base_url="http://127.0.0.1:3000") as test_client:
        yield test_client
