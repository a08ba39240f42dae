"""The Reflex app: the page modules register their own routes (`pages.registry`); HTTP routes in front."""
from __future__ import annotations

import reflex as rx

from cleverstore import pages as _pages  # noqa: F401  (imports every page module, which registers itself)
from cleverstore.api.app import build_api
from cleverstore.background import background_loop
from cleverstore.config import get_settings
from cleverstore.logs import configure_logging, protect_logs
from cleverstore.pages.registry import add_pages
from cleverstore.state.errors import backend_exception_handler
from cleverstore.state.session_binding import SessionBinding

configure_logging()

app = rx.App(
    api_transformer=build_api,
    backend_exception_handler=backend_exception_handler,
    # the visual system (tokens, type, spacing, frame) in styles.css; each area's own rules beside it
    stylesheets=["/styles.css", "/loading.css", "/register.css", "/dashboard.css", "/capture.css", "/gallery.css",
                 "/inventory.css", "/insurance.css", "/shared_link.css", "/members.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        # installable: the manifest (start /register, standalone), the accent as the browser's colour, icons
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content="#0b6e69"),
        rx.el.link(rel="icon", href="/icons/icon-192.png", type="image/png", sizes="192x192"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="apple-mobile-web-app-title", content="CleverStore"),
        # our scripts listen on the document (delegated): deferred, they never hold up the first paint
        rx.script(src="/upload.js", defer=True),
        rx.script(src="/gallery.js", defer=True),
        rx.script(src="/frame.js", defer=True),
    ],
)
app.add_middleware(SessionBinding())
add_pages(app)
app.register_lifespan_task(background_loop)
app.register_lifespan_task(protect_logs)  # again once the server has set up its own log handlers

if get_settings().bench_counter_page:
    # a bare Reflex event for the benchmarks to compare against; never part of a normal run
    from cleverstore.pages.bench_counter import bench_counter_page

    app.add_page(bench_counter_page, route="/bench-counter", title="Counter · CleverStore")
