"""Use cases of admin for administrators: each opens its own unit of work.

Admin work is not one customer's work: it runs in `session_scope()` (no tenant declared).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cleverstore.db import session_scope
from cleverstore.services.accounts import devices, sessions
from cleverstore.services.accounts.devices import MisuseSignal
from cleverstore.services.admin import auth, customers, maintenance, statistics
from cleverstore.services.admin.statistics import Statistics
from cleverstore.services.shared import audit, security_log
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.timefmt import STOCKHOLM

__all__ = [
    "SecurityEventCount", "security_event_counts",
    "ADMIN_COOKIE", "ADMIN_SESSION_HOURS", "ActivityLine", "AuditLine", "AuditLogPage", "CustomerDetail",
    "CustomerSearch", "CustomerSummary", "DeviceSeen", "MaintenanceNotice", "MisuseSignal", "Statistics",
    "admin_login", "audit_log_page", "current_maintenance", "customer_detail", "find_customers", "misuse_signals",
    "parse_local_time", "reinstate_customer", "set_heir_reviewer", "signed_in_admin", "suspend_customer", "swap_admin_ticket",
    "switch_maintenance_off", "switch_maintenance_on", "usage_statistics",
]

ADMIN_COOKIE = auth.COOKIE_NAME
ADMIN_SESSION_HOURS = auth.ABSOLUTE_HOURS


# ---- signing in ----------------------------------------------------------------------------------------------

def admin_login(email: str, password: str, code: str, client_address: str) -> str | None:
    """A login ticket when e-mail, password and TOTP code are all right; None otherwise (one answer)."""
    prefix = sessions.ip_prefix(client_address)
    with session_scope() as db:
        return auth.attempt_admin_login(db, email, password, code, prefix)


def set_heir_reviewer(email: str, allowed: bool) -> bool:
    """The command line gives (or takes) an admin's permission to open heir-claim evidence; audited."""
    with session_scope() as db:
        return auth.set_heir_reviewer(db, email, allowed)


def swap_admin_ticket(ticket: str, old_token: str) -> str | None:
    """End the browser's old admin session and exchange the login ticket for a new session token."""
    with session_scope() as db:
        auth.revoke(db, old_token)
        return auth.redeem_ticket(db, ticket)


def signed_in_admin(admin_token: str) -> int | None:
    """The admin id of a live admin session token, or None (nothing is recorded: the admin-only HTTP routes)."""
    with session_scope() as db:
        admin = auth.resolve(db, admin_token)
        return admin.id if admin is not None else None


# ---- customers -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CustomerSummary:
    id: int
    customer_number: str
    name: str
    email: str
    kind: str
    org_number: str
    suspended: bool
    created_at: datetime


@dataclass(frozen=True)
class CustomerSearch:
    rows: tuple[CustomerSummary, ...]
    matching: int
    page: int
    pages: int


def find_customers(text: str = "", page: int = 1) -> CustomerSearch:
    """Name, e-mail, customer number or organisation number; paged on the server."""
    with session_scope() as db:
        found = customers.search(db, text, page)
        rows = tuple(CustomerSummary(a.id, a.customer_number or "", a.name, a.email, a.kind, a.org_number or "",
                                     a.suspended_at is not None, a.created_at) for a in found.rows)
    return CustomerSearch(rows, found.matching, found.page, found.pages)


@dataclass(frozen=True)
class DeviceSeen:
    label: str
    last_seen_at: datetime


@dataclass(frozen=True)
class ActivityLine:
    created_at: datetime
    kind: str
    detail: str


@dataclass(frozen=True)
class CustomerDetail:
    """One customer's overview for an admin: counts and the activity log, never the objects."""

    id: int
    customer_number: str
    name: str
    email: str
    phone: str
    street: str
    postal_code: str
    city: str
    kind: str
    org_number: str
    created_at: datetime
    terms_version: str
    terms_accepted_at: datetime | None
    suspended_at: datetime | None
    suspension_reason: str
    object_count: int
    live_sessions: int
    devices: tuple[DeviceSeen, ...]
    recent_activity: tuple[ActivityLine, ...]


def customer_detail(account_id: object) -> CustomerDetail:
    """NotFound for an unknown id (or a company register, which is not a customer)."""
    with session_scope() as db:
        view = customers.overview(db, account_id)
        a = view.account
        known = devices.known_devices(db, a.id)
        return CustomerDetail(
            a.id, a.customer_number or "", a.name, a.email, a.phone, a.street, a.postal_code, a.city, a.kind,
            a.org_number or "", a.created_at, a.terms_version, a.terms_accepted_at, a.suspended_at,
            a.suspension_reason, view.object_count, view.live_sessions,
            tuple(DeviceSeen(d.label, d.last_seen_at) for d in known),
            tuple(ActivityLine(e.created_at, e.kind, e.detail) for e in view.recent_activity),
        )


def suspend_customer(admin_id: int, account_id: object, reason: str) -> None:
    """Exclusion for a breach of the terms: every session ends at once; audited."""
    with session_scope() as db:
        customers.suspend(db, admin_id, account_id, reason)


def reinstate_customer(admin_id: int, account_id: object, reason: str) -> None:
    with session_scope() as db:
        customers.reinstate(db, admin_id, account_id, reason)


def misuse_signals() -> list[MisuseSignal]:
    """One browser or address prefix behind many accounts, or many failed logins."""
    with session_scope() as db:
        return devices.misuse_signals(db)


# ---- maintenance, statistics, the audit log ------------------------------------------------------------------

@dataclass(frozen=True)
class MaintenanceNotice:
    message_sv: str
    message_en: str
    ends_at: datetime | None


def current_maintenance() -> MaintenanceNotice | None:
    """The maintenance window in force, if any."""
    with session_scope() as db:
        window = maintenance.current(db)
        return MaintenanceNotice(window.message_sv, window.message_en, window.ends_at) if window else None


def parse_local_time(text: str) -> datetime | None:
    """'2026-12-24T18:00' typed in Swedish time -> an aware datetime; '' -> None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)
    except ValueError:
        raise ValidationFailed({"ends_at": "error.datetime_invalid"}) from None


def switch_maintenance_on(admin_id: int, message_sv: str, message_en: str, ends_at: str) -> None:
    """Customers see the message instead of the app until `ends_at` (Swedish time, optional); audited."""
    end = parse_local_time(ends_at)
    with session_scope() as db:
        maintenance.switch_on(db, admin_id, message_sv, message_en, end)


def switch_maintenance_off(admin_id: int) -> None:
    with session_scope() as db:
        maintenance.switch_off(db, admin_id)


@dataclass(frozen=True)
class SecurityEventCount:
    day: date
    kind: str
    count: int


def security_event_counts(days: int = 14) -> list[SecurityEventCount]:
    """Refused ids and forged webhooks per day and kind (counts only: nothing about whom)."""
    with session_scope() as db:
        return [SecurityEventCount(day, kind, count) for day, kind, count in security_log.counts_by_day(db, days)]


def usage_statistics() -> Statistics:
    """Aggregates only, never a single customer's data."""
    with session_scope() as db:
        return statistics.collect(db)


@dataclass(frozen=True)
class AuditLine:
    created_at: datetime
    admin_id: int | None
    action: str
    target_type: str
    target_id: str
    reason: str
    admin_name: str = ""  # the admin's address; "" for the system (the command line, a refused event)
    target_name: str = ""  # a customer's name and number, or an admin's address, when that is the target


@dataclass(frozen=True)
class AuditLogPage:
    entries: tuple[AuditLine, ...]
    total: int
    pages: int


def _target_name(names: customers.AuditNames, target_type: str, target_id: str) -> str:
    if target_type == "account":
        return names.customers.get(target_id, "")
    if target_type == "admin" and target_id.isdigit():
        return names.admins.get(int(target_id), "")
    return ""


def audit_log_page(page: int = 1) -> AuditLogPage:
    """One page of the append-only audit log, newest first, with the admins and customers named."""
    with session_scope() as db:
        rows, total = audit.page(db, page)
        names = customers.names_for_audit(db, rows)
        entries = tuple(AuditLine(e.created_at, e.admin_id, e.action, e.target_type, e.target_id, e.reason,
                                  names.admins.get(e.admin_id, ""), _target_name(names, e.target_type, e.target_id))
                        for e in rows)
    return AuditLogPage(entries, total, max(1, -(-total // audit.PAGE_SIZE)))
