"""Reflex configuration. Secrets and URLs come from the environment (see cleverstore/config.py)."""
import os

import reflex as rx

from cleverstore.config import get_settings

_settings = get_settings()
_origins = [o for o in os.environ.get("CLEVERSTORE_ALLOWED_ORIGINS", "").split(",") if o]

config = rx.Config(
    app_name="cleverstore",
    db_url=_settings.database_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(appearance="light", accent_color="teal", radius="medium"))],
    # With Redis, Reflex keeps state there and runs several backend workers.
    redis_url=os.environ.get("REDIS_URL") or None,
    cors_allowed_origins=_origins or [_settings.base_url, "http://localhost:3000", "http://127.0.0.1:3000"],
)
