"""Who sends an HTTP request: the request's own session cookie, checked against the database."""
from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services.accounts import registers as company_registers
from cleverstore.services.accounts import sessions
from cleverstore.services.billing import rules as subscriptions

UPLOAD_HEADER = "x-cleverstore-upload"


@dataclass(frozen=True)
class RegisterCaller:
    """The signed-in customer of an HTTP request and the register their session works in.

    `register_id` is the active register (a SuperPro company register or their own);
    `owned_ids` every register of theirs: their own first, then each company register.
    """

    register_id: int
    name: str
    owned_ids: tuple[int, ...]
    session_id: int


def register_caller(request: Request, *, require_open: bool = True) -> RegisterCaller | None:
    """The one way an HTTP route learns whose register it serves (the same rule as the app's events).

    `require_open`: the register must be paid for (T8); for a company register the
    owner's subscription counts. The customer's own export passes False: their data
    stays reachable while the register is locked. Runs in a worker thread (sync database work).
    """
    token = request.cookies.get(sessions.COOKIE_NAME, "")
    if not token:
        return None
    with session_scope() as db:
        found = sessions.resolve(db, token)
        if found is None:
            return None
        account, session = found
        active = company_registers.active_register(db, account, session)
        if require_open and not subscriptions.register_open(db, active.account_id):
            return None
        return RegisterCaller(active.account_id, account.name,
                              tuple(company_registers.owned_register_ids(db, account.id)), session.id)


def same_origin_post(request: Request) -> bool:
    """A write from our own page: our custom header (forces a CORS preflight) and our origin, when sent."""
    if request.headers.get(UPLOAD_HEADER) != "1":
        return False
    origin = request.headers.get("origin")
    return origin is None or origin.rstrip("/") in get_settings().allowed_origins or _same_host(request, origin)


def _same_host(request: Request, origin: str) -> bool:
    host = request.headers.get("host", "")
    return bool(host) and origin.split("://", 1)[-1] == host
