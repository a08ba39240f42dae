"""Who sends an HTTP request: the request's own session cookie, checked against the database."""
from __future__ import annotations

from starlette.requests import Request

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services import sessions, subscriptions

UPLOAD_HEADER = "x-cleverstore-upload"


def register_account(request: Request, *, require_open: bool = True) -> tuple[int, str] | None:
    """(account id, name) of the signed-in customer allowed into the register, or None.

    `require_open`: the register must be paid for (T8). The customer's own export
    passes False: their data stays reachable while the register is locked.
    Runs in a worker thread (sync database work).
    """
    token = request.cookies.get(sessions.COOKIE_NAME, "")
    if not token:
        return None
    with session_scope() as db:
        found = sessions.resolve(db, token)
        if found is None:
            return None
        account, _session = found
        if require_open and not subscriptions.register_open(db, account.id):
            return None
        return account.id, account.name


def same_origin_post(request: Request) -> bool:
    """A write from our own page: our custom header (forces a CORS preflight) and our origin, when sent."""
    if request.headers.get(UPLOAD_HEADER) != "1":
        return False
    origin = request.headers.get("origin")
    return origin is None or origin.rstrip("/") in get_settings().allowed_origins or _same_host(request, origin)


def _same_host(request: Request, origin: str) -> bool:
    host = request.headers.get("host", "")
    return bool(host) and origin.split("://", 1)[-1] == host
