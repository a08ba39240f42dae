"""Reflex configuration. Secrets and URLs come from the environment (see cleverstore/config.py)."""
import reflex as rx

from cleverstore.config import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="cleverstore",
    db_url=_settings.database_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # No Radix Themes: every page is drawn with rx.el elements and our own stylesheets, and Radix's
    # 700 KB stylesheet (render-blocking, 90 % unused) cost a phone about a second before the first paint.
    # A Radix Themes component would switch it back on by itself: tests/architecture/test_page_weight.py.
    disable_plugins=[rx.plugins.SitemapPlugin],
    # the build stores each page and bundle brotli-compressed beside the gzip copy: a phone on a slow
    # network gets about a sixth fewer bytes of script before the page works (browsers without
    # brotli get gzip)
    frontend_compression_formats=["brotli", "gzip"],
    # With Redis, Reflex keeps state there and runs several backend workers. One worker without
    # Redis keeps state in memory: Reflex's default (a file per client, written on every event and
    # swept by a directory scan) cost a third of a core with 200 idle customers. A restart only
    # loses what the page showed; who is signed in lives in the database.
    redis_url=_settings.redis_url or None,
    state_manager_mode="redis" if _settings.redis_url else "memory",
    # a tab's state (and its token) lives no longer than an idle session: Reflex's default is an hour
    redis_token_expiration=_settings.tab_state_seconds,
    cors_allowed_origins=list(_settings.allowed_origins),
)
