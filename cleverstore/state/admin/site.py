"""Admin: maintenance mode, statistics and the audit log."""
from __future__ import annotations

from datetime import datetime

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.i18n import CATALOGUES
from cleverstore.services.admin import maintenance, statistics
from cleverstore.services.shared import audit
from cleverstore.services.shared.errors import ValidationFailed
from cleverstore.services.shared.money import format_ore
from cleverstore.services.shared.timefmt import STOCKHOLM, local_text
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.paging import PagedList


def _parse_local_time(text: str) -> datetime | None:
    """'2026-12-24T18:00' typed in Swedish time -> an aware datetime; '' -> None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)
    except ValueError:
        raise ValidationFailed({"ends_at": "error.datetime_invalid"}) from None


class AdminMaintenanceState(AdminBase):
    enabled: bool = False
    current_sv: str = ""
    current_en: str = ""
    ends_at: str = ""
    form_key: int = 0

    def _show(self) -> None:
        with session_scope() as db:
            window = maintenance.current(db)
        self.enabled = window is not None
        self.current_sv = window.message_sv if window else ""
        self.current_en = window.message_en if window else ""
        self.ends_at = local_text(window.ends_at) if window else ""

    @rx.event
    def on_load(self):
        if self._require_admin("maintenance_view") is None:
            return rx.redirect("/admin/login")
        self.errors, self.message = {}, ""
        self._show()
        self.loaded = True
        return None

    @rx.event
    def switch_on(self, form: dict):
        admin_id = self._require_admin("maintenance_on")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            ends_at = _parse_local_time(str(form.get("ends_at") or "")[:20])
            with session_scope() as db:
                maintenance.switch_on(db, admin_id, str(form.get("message_sv") or "")[:1200],
                                      str(form.get("message_en") or "")[:1200], ends_at)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._show()
        self._done("admin.maintenance_on_done")
        self.form_key += 1
        return None

    @rx.event
    def switch_off(self):
        admin_id = self._require_admin("maintenance_off")
        if admin_id is None:
            return rx.redirect("/admin/login")
        with session_scope() as db:
            maintenance.switch_off(db, admin_id)
        self._show()
        self._done("admin.maintenance_off_done")
        return None


class AdminStatisticsState(AdminBase):
    figures: dict[str, str] = {}
    new_customers: list[dict[str, str | int]] = []
    objects_by_month: list[dict[str, str | int]] = []
    customers_by_kind: list[dict[str, str | int]] = []
    events: list[dict[str, str]] = []
    plan_status: list[dict[str, str]] = []
    monthly: list[dict[str, str | int]] = []

    @rx.event
    def on_load(self):
        if self._require_admin("statistics") is None:
            return rx.redirect("/admin/login")
        with session_scope() as db:
            stats = statistics.collect(db)
        self.figures = {
            "customers": str(stats.customers_total), "suspended": str(stats.customers_suspended),
            "objects": str(stats.objects_total), "value": format_ore(stats.register_value_ore, self.lang),
            "support_open": str(stats.support_open),
            "arr": format_ore(stats.yearly_recurring_revenue_ore, self.lang),
        }
        self.plan_status = [{"plan": plan or "–", "status": self._t(f"billing.status.{status}")
                             if f"billing.status.{status}" in CATALOGUES["sv"] else status, "count": str(count)}
                            for plan, status, count in stats.customers_by_plan_status]
        self.monthly = [{"month": new[0], "new": new[1], "cancelled": cancelled[1], "failed": failed[1],
                         "reports": reports[1]}
                        for new, cancelled, failed, reports in zip(stats.new_customers_by_month,
                                                                   stats.cancelled_by_month,
                                                                   stats.failed_payments_by_month,
                                                                   stats.reports_by_month)]
        self.new_customers = [{"month": month, "count": count} for month, count in stats.new_customers_by_month]
        self.objects_by_month = [{"month": month, "count": count} for month, count in stats.objects_by_month]
        self.customers_by_kind = [{"kind": self._t(f"signup.kind_{kind}"), "count": count}
                                  for kind, count in sorted(stats.customers_by_kind.items())]
        self.events = [{"kind": self._t(f"activity.{kind}"), "count": str(count)}
                       for kind, count in sorted(stats.events_by_kind.items())]
        self.loaded = True
        return None


class AdminAuditState(PagedList, AdminBase):
    entries: list[dict[str, str]] = []
    total: int = 0

    def _refresh(self):
        if self._require_admin("audit_log") is None:
            return rx.redirect("/admin/login")
        with session_scope() as db:
            rows, self.total = audit.page(db, self.page)
        self.pages = max(1, -(-self.total // audit.PAGE_SIZE))
        self.entries = [{"when": local_text(e.created_at, seconds=True),
                         "admin": str(e.admin_id or "–"), "action": e.action,
                         "target": f"{e.target_type} {e.target_id}".strip(), "reason": e.reason} for e in rows]
        self.loaded = True
        return None

