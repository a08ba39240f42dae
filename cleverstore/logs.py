"""Logging: plain text by default, one JSON object per line with CLEVERSTORE_LOG_FORMAT=json.

Every line carries the request id of the HTTP request it belongs to (also sent
back as X-Request-ID). Log calls in this code base name ids, never e-mail
addresses, names or other personal data.

No cookie, token, ticket or Authorization value reaches a log line, whoever logs it: Reflex
writes a failed event with its request headers, servers write request paths with query strings.
`protect_logs` puts `SecretFilter` on every handler of the root, Reflex's, the servers' and our
loggers, and on every record as it is made (a handler added later is covered too).
"""
from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import traceback
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


REDACTED = "[redacted]"
# the loggers whose handlers get the filter (records of their children pass these handlers)
PROTECTED_LOGGERS = ("", "cleverstore", "reflex", "reflex_base", "uvicorn", "uvicorn.error", "uvicorn.access",
                     "granian", "granian.access", "_granian", "socketio", "engineio")
_SECRET_NAME = r"[\w.-]*(?:cookie|session|token|ticket|secret|password|passwd|authorization|api[_-]?key)[\w.-]*"
_QUOTED_SECRET = re.compile(rf"""(?i)(['"]{_SECRET_NAME}['"]\s*:\s*b?)(['"])(.*?)(?<!\\)\2""")
_HEADER_LINE = re.compile(r"(?im)^(\s*(?:cookie|set-cookie|authorization|proxy-authorization)\s*:\s*)(\S.*)$")
_PAIR = re.compile(rf"(?i)\b({_SECRET_NAME}=)([^\s&;,'\"]+)")
_SCHEME = re.compile(r"(?i)\b(bearer|basic|token)\s+[\w\-.~+/]{8,}=*")
_STRIPE_KEY = re.compile(r"\b(?:sk|rk)_(?:test|live)_\w+|\bwhsec_\w+")
# object storage: access key ids, and the parts of a signed S3 request (botocore logs them at DEBUG)
_AWS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b")
_AWS_SIGNED = re.compile(r"(?i)\b((?:X-Amz-)?(?:Signature|Credential|Security-Token)\s*[=:]\s*)[^\s,&'\"]+")


def redact(text: str) -> str:
    """The text with every cookie, token, ticket and Authorization value replaced."""
    text = _QUOTED_SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}", text)
    text = _HEADER_LINE.sub(lambda m: m.group(1) + REDACTED, text)
    text = _PAIR.sub(lambda m: m.group(1) + REDACTED, text)
    text = _SCHEME.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _AWS_SIGNED.sub(lambda m: m.group(1) + REDACTED, text)
    text = _AWS_KEY_ID.sub(REDACTED, text)
    return _STRIPE_KEY.sub(REDACTED, text)


def _clean_arg(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = value if isinstance(value, str) else str(value)
    cleaned = redact(text)
    return cleaned if isinstance(value, str) or cleaned != text else value


def _scrub_message(record: logging.LogRecord) -> None:
    """Message and arguments redacted apart (formatters such as uvicorn's read the arguments);
    when the redacted message no longer takes its arguments, the formatted line redacted instead."""
    message, args = _clean_arg(record.msg), record.args
    if not args:
        record.msg = message
        return
    if isinstance(args, dict):
        cleaned = {key: _clean_arg(value) for key, value in args.items()}
    else:
        cleaned = tuple(_clean_arg(value) for value in args)
    try:
        message % cleaned
    except Exception:  # noqa: BLE001  (a message that only formatted before redaction)
        try:
            whole = str(record.msg) % args
        except Exception:  # noqa: BLE001
            whole = str(record.msg)
        record.msg, record.args = redact(whole), ()
        return
    record.msg, record.args = message, cleaned


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """Redact a record in place: its message, arguments, traceback and stack."""
    if getattr(record, "_scrubbed", False):
        return record
    _scrub_message(record)
    if record.exc_info and record.exc_info[0] is not None:
        text = "".join(traceback.format_exception(*record.exc_info))
        cleaned = redact(text)
        if cleaned != text:  # the exception itself names a secret: keep only its redacted text
            record.msg, record.args = f"{record.getMessage()}\n{cleaned.rstrip()}", ()
            record.exc_info, record.exc_text = None, None
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record._scrubbed = True  # type: ignore[attr-defined]
    return record


class SecretFilter(logging.Filter):
    """A handler's filter: lets every record through, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub(record)
        return True


_SECRET_FILTER = SecretFilter()


def protect_logs() -> None:
    """Idempotent: the filter on every handler of the protected loggers, and on records as they are made.

    Called when the app is built and again when the server has started (servers set up their own
    handlers in between).
    """
    for name in PROTECTED_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, SecretFilter) for f in handler.filters):
                handler.addFilter(_SECRET_FILTER)
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "_scrubs", False):
        def scrubbing_factory(*args, **kwargs):
            return scrub(factory(*args, **kwargs))

        scrubbing_factory._scrubs = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(scrubbing_factory)


def configure_logging() -> None:
    """Idempotent: attach one handler to the `cleverstore` logger; protect every logger from secrets."""
    protect_logs()
    logger = logging.getLogger("cleverstore")
    if any(getattr(handler, "_cleverstore", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler._cleverstore = True  # type: ignore[attr-defined]
    handler.addFilter(_RequestIdFilter())
    handler.addFilter(_SECRET_FILTER)
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
