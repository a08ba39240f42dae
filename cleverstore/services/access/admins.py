"""The administrator behind an admin event, checked on every event; refusals are audited."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from cleverstore.db import session_scope
from cleverstore.services.accounts import sessions
from cleverstore.services.admin import auth
from cleverstore.services.shared import audit

__all__ = ["AdminCaller", "admin_caller", "admin_signed_in", "log_out_admin"]

logger = logging.getLogger("cleverstore.admin")


@dataclass(frozen=True)
class AdminCaller:
    admin_id: int
    email: str


def admin_caller(admin_token: str, customer_token: str, action: str) -> AdminCaller | None:
    """The admin, or None after recording the refused attempt (a customer firing admin events)."""
    with session_scope() as db:
        admin = auth.resolve(db, admin_token)
        if admin is not None:
            return AdminCaller(admin.id, admin.email)
        customer = sessions.resolve(db, customer_token)
        detail = f"customer {customer[0].id}" if customer else "no session"
        audit.record(db, None, "refused_admin_event", "event", action[:40], detail)
    logger.warning("Refused admin event %s (%s)", action, detail)
    return None


def admin_signed_in(admin_token: str) -> bool:
    """Whether the admin cookie still names a live admin session (no audit: nothing was refused)."""
    if not admin_token:
        return False
    with session_scope() as db:
        return auth.resolve(db, admin_token) is not None


def log_out_admin(admin_token: str) -> None:
    with session_scope() as db:
        auth.revoke(db, admin_token)
