"""The HTTP side of login and logout: only here are the HttpOnly session cookies set or cleared.

Customers (`cs_session`, SameSite=Lax) and administrators (`cs_admin`,
SameSite=Strict, shorter life) use the same ticket → cookie exchange.
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from cleverstore.config import get_settings
from cleverstore.db import session_scope
from cleverstore.services.accounts import devices, sessions
from cleverstore.services.admin import auth as admin_auth
from cleverstore.services.shared import activity


def _redirect(path: str) -> RedirectResponse:
    response = RedirectResponse(path, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _with_cookie(path: str, name: str, token: str, *, hours: int, samesite: str) -> RedirectResponse:
    response = _redirect(path)
    response.set_cookie(name, token, max_age=hours * 3600, path="/", httponly=True, samesite=samesite,
                        secure=get_settings().is_production)
    return response


def _without_cookie(path: str, name: str, samesite: str) -> RedirectResponse:
    response = _redirect(path)
    response.delete_cookie(name, path="/", httponly=True, samesite=samesite, secure=get_settings().is_production)
    return response


def _swap_ticket(ticket: str, old_token: str, address: str, device_token: str,
                 user_agent: str) -> tuple[str, str] | None:
    """(session token, device token) for a good ticket; the device is recorded (new ones get a notice)."""
    with session_scope() as db:
        account_id = sessions.redeem_login_ticket(db, ticket)
        if account_id is None:
            return None
        sessions.revoke(db, old_token)
        activity.record(db, account_id, "login")
        prefix = sessions.ip_prefix(address)
        device = devices.remember_login(db, account_id, device_token, user_agent[:500], prefix)
        token = sessions.start_session(db, account_id, ip_prefix=prefix, device_id=device.device_id)
        return token, device.cookie_token


async def start_session(request: Request) -> RedirectResponse:
    """GET /auth/session?ticket=…: a fresh session id at every login (old cookie revoked)."""
    ticket = request.query_params.get("ticket", "")
    old_token = request.cookies.get(sessions.COOKIE_NAME, "")
    address = request.client.host if request.client else ""
    swapped = await run_in_threadpool(_swap_ticket, ticket, old_token, address,
                                      request.cookies.get(devices.COOKIE_NAME, ""),
                                      request.headers.get("user-agent", ""))
    if swapped is None:
        return _redirect("/login")
    token, device_token = swapped
    settings = get_settings()
    response = _with_cookie(sessions.safe_next(request.query_params.get("next", "")), sessions.COOKIE_NAME, token,
                            hours=settings.session_absolute_hours, samesite="lax")
    response.set_cookie(devices.COOKIE_NAME, device_token, max_age=devices.COOKIE_MAX_AGE, path="/",
                        httponly=True, samesite="lax", secure=settings.is_production)
    return response


def _revoke(token: str) -> None:
    with session_scope() as db:
        sessions.revoke(db, token)


async def end_session(request: Request) -> RedirectResponse:
    """GET /auth/logout: revoke the session and clear the cookie."""
    await run_in_threadpool(_revoke, request.cookies.get(sessions.COOKIE_NAME, ""))
    return _without_cookie("/", sessions.COOKIE_NAME, "lax")


def _swap_admin_ticket(ticket: str, old_token: str) -> str | None:
    with session_scope() as db:
        admin_auth.revoke(db, old_token)
        return admin_auth.redeem_ticket(db, ticket)


async def start_admin_session(request: Request) -> RedirectResponse:
    """GET /admin/auth/session?ticket=…: issued only after password and TOTP code were right."""
    token = await run_in_threadpool(_swap_admin_ticket, request.query_params.get("ticket", ""),
                                    request.cookies.get(admin_auth.COOKIE_NAME, ""))
    if token is None:
        return _redirect("/admin/login")
    return _with_cookie("/admin", admin_auth.COOKIE_NAME, token, hours=admin_auth.ABSOLUTE_HOURS, samesite="strict")


def _revoke_admin(token: str) -> None:
    with session_scope() as db:
        admin_auth.revoke(db, token)


async def end_admin_session(request: Request) -> RedirectResponse:
    await run_in_threadpool(_revoke_admin, request.cookies.get(admin_auth.COOKIE_NAME, ""))
    return _without_cookie("/admin/login", admin_auth.COOKIE_NAME, "strict")
