"""Reflex configuration. Secrets and URLs come from the environment (see cleverstore/config.py)."""
import os

import reflex as rx

from cleverstore.config import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="cleverstore",
    db_url=_settings.database_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(appearance="light", accent_color="teal", radius="medium"))],
    # With Redis, Reflex keeps state there and runs several backend workers.
    redis_url=os.environ.get("REDIS_URL") or None,
    cors_allowed_origins=_settings.allowed_origins,
)
