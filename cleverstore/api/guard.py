"""Who sends an HTTP request: the request's own session cookie, resolved by the one caller resolver."""
from __future__ import annotations

from starlette.requests import Request

from cleverstore.services.access import EDIT, OWN, Caller, act_for, allowed_origins, client_address
from cleverstore.services.access import register_caller as _register_caller

UPLOAD_HEADER = "x-cleverstore-upload"
SESSION_COOKIE = "cs_session"


def register_caller(request: Request, *, require_open: bool = True) -> Caller | None:
    """The signed-in customer of this request and the register their session works in (the same
    rule as the app's events); `require_open`: the register must be paid for. Runs in a worker
    thread (sync database work)."""
    return _register_caller(request.cookies.get(SESSION_COOKIE, ""), require_open=require_open)


def may(caller: Caller, need: str) -> bool:
    """Whether the caller's role in the register allows what the request does (EDIT: owner or editor;
    OWN: the owner); when it does, the work that follows is theirs (the activity log names a member)."""
    allowed = caller.can_edit if need == EDIT else caller.is_owner if need == OWN else True
    if allowed:
        act_for(caller)
    return allowed


def request_address(request: Request) -> str:
    """The client's address for throttling, device notices and logs (X-Forwarded-For only from our proxies)."""
    peer = request.client.host if request.client else ""
    return client_address(peer, request.headers.get("x-forwarded-for", ""))


def same_origin_post(request: Request) -> bool:
    """A write from our own page: our custom header (forces a CORS preflight) and our origin, when sent."""
    if request.headers.get(UPLOAD_HEADER) != "1":
        return False
    origin = request.headers.get("origin")
    return origin is None or origin.rstrip("/") in allowed_origins() or _same_host(request, origin)


def _same_host(request: Request, origin: str) -> bool:
    host = request.headers.get("host", "")
    return bool(host) and origin.split("://", 1)[-1] == host
