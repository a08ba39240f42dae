"""The HTTP side of login and logout: only here is the HttpOnly session cookie set or cleared."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services import activity, sessions


def _redirect(path: str) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _swap_ticket(ticket: str, old_token: str, address: str) -> str | None:
    with session_scope() as db:
        account_id = sessions.redeem_login_ticket(db, ticket)
        if account_id is None:
            return None
        sessions.revoke(db, old_token)
        activity.record(db, account_id, "login")
        return sessions.start_session(db, account_id, ip_prefix=sessions.ip_prefix(address))


async def start_session(request: Request) -> RedirectResponse:
    """GET /auth/session?ticket=…: a fresh session id at every login (old cookie revoked)."""
    ticket = request.query_params.get("ticket", "")
    old_token = request.cookies.get(sessions.COOKIE_NAME, "")
    address = request.client.host if request.client else ""
    token = await run_in_threadpool(_swap_ticket, ticket, old_token, address)
    if token is None:
        return _redirect("/login")
    settings = get_settings()
    response = _redirect("/register")
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        max_age=settings.session_absolute_hours * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.is_production,
    )
    return response


def _revoke(token: str) -> None:
    with session_scope() as db:
        sessions.revoke(db, token)


async def end_session(request: Request) -> RedirectResponse:
    """GET /auth/logout: revoke the session and clear the cookie."""
    await run_in_threadpool(_revoke, request.cookies.get(sessions.COOKIE_NAME, ""))
    response = _redirect("/")
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="lax",
                           secure=get_settings().is_production)
    return response
