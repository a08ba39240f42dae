"""Browser tests: the production build on a free port, driven by Playwright with Debian's Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers.app_server import start_app, stop_app

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def app_server():
    app = start_app("e2e")
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def new_page(browser):
    """Open pages in fresh browser contexts (separate cookies = separate customers)."""
    contexts = []
    violations: list[str] = []

    def _open(viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or DESKTOP, locale="sv-SE")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        return page

    yield _open
    for context in contexts:
        context.close()
    # The app sends a strict Content-Security-Policy; nothing it does may break it.
    assert violations == []


@pytest.fixture()
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
