"""Logging: plain text by default, one JSON object per line with CLEVERSTORE_LOG_FORMAT=json.

Every line carries the request id of the HTTP request it belongs to (also sent
back as X-Request-ID). Log calls in this code base name ids, never e-mail
addresses, names or other personal data.
"""
from __future__ import annotations

import contextvars
import json
import logging
import secrets
from datetime import datetime, timezone

from cleverstore.config import get_settings

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging() -> None:
    """Idempotent: attach one handler to the `cleverstore` logger."""
    logger = logging.getLogger("cleverstore")
    if any(getattr(handler, "_cleverstore", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler._cleverstore = True  # type: ignore[attr-defined]
    handler.addFilter(_RequestIdFilter())
    settings = get_settings()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(settings.log_level)
    logger.propagate = False


class RequestIds:
    """ASGI middleware: take a sane X-Request-ID from the proxy or make one; send it back."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        value = incoming if incoming.isascii() and incoming.replace("-", "").isalnum() and len(incoming) <= 64 \
            else secrets.token_hex(8)
        token = request_id.set(value)

        async def with_id(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", value.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        finally:
            request_id.reset(token)
