"""The HTTP side of login and logout: only here are the HttpOnly session cookies set or cleared.

Customers (`cs_session`, SameSite=Lax) and administrators (`cs_admin`,
SameSite=Strict, shorter life) use the same ticket → cookie exchange.
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from cleverstore.api.guard import request_address
from cleverstore.services.access import log_out_admin, secure_cookies
from cleverstore.services.accounts import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_MAX_AGE,
    SESSION_COOKIE,
    close_session,
    open_session,
    safe_next,
)
from cleverstore.services.admin import (
    ADMIN_COOKIE,
    ADMIN_SESSION_HOURS,
    swap_admin_ticket,
)


def _redirect(path: str) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _with_cookie(path: str, name: str, token: str, *, max_age: int, samesite: str) -> RedirectResponse:
    response = _redirect(path)
    response.set_cookie(name, token, max_age=max_age, path="/", httponly=True, samesite=samesite,
                        secure=secure_cookies())
    return response


def _without_cookie(path: str, name: str, samesite: str) -> RedirectResponse:
    response = _redirect(path)
    response.delete_cookie(name, path="/", httponly=True, samesite=samesite, secure=secure_cookies())
    return response


async def start_session(request: Request) -> RedirectResponse:
    """GET /auth/session?ticket=…: a fresh session id at every login (old cookie revoked)."""
    ticket = request.query_params.get("ticket", "")
    old_token = request.cookies.get(SESSION_COOKIE, "")
    address = request_address(request)
    opened = await run_in_threadpool(open_session, ticket, old_token, address,
                                     request.cookies.get(DEVICE_COOKIE, ""),
                                     request.headers.get("user-agent", ""))
    if opened is None:
        return _redirect("/login")
    response = _with_cookie(safe_next(request.query_params.get("next", "")), SESSION_COOKIE, opened.session_token,
                            max_age=opened.max_age, samesite="lax")
    response.set_cookie(DEVICE_COOKIE, opened.device_token, max_age=DEVICE_COOKIE_MAX_AGE, path="/",
                        httponly=True, samesite="lax", secure=secure_cookies())
    return response


async def end_session(request: Request) -> RedirectResponse:
    """GET /auth/logout: revoke the session and clear the cookie."""
    await run_in_threadpool(close_session, request.cookies.get(SESSION_COOKIE, ""))
    return _without_cookie("/", SESSION_COOKIE, "lax")


async def start_admin_session(request: Request) -> RedirectResponse:
    """GET /admin/auth/session?ticket=…: issued only after password and TOTP code were right."""
    token = await run_in_threadpool(swap_admin_ticket, request.query_params.get("ticket", ""),
                                    request.cookies.get(ADMIN_COOKIE, ""))
    if token is None:
        return _redirect("/admin/login")
    return _with_cookie("/admin", ADMIN_COOKIE, token, max_age=ADMIN_SESSION_HOURS * 3600, samesite="strict")


async def end_admin_session(request: Request) -> RedirectResponse:
    await run_in_threadpool(log_out_admin, request.cookies.get(ADMIN_COOKIE, ""))
    return _without_cookie("/admin/login", ADMIN_COOKIE, "strict")
