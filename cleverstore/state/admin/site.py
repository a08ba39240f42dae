"""Admin: maintenance mode, statistics and the audit log."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.admin import (
    audit_log_page,
    current_maintenance,
    security_event_counts,
    switch_maintenance_off,
    switch_maintenance_on,
    usage_statistics,
)
from cleverstore.services.shared import ValidationFailed, local_text
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.guards import as_admin
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.admin import (
    audit_rows,
    count_rows,
    event_rows,
    kind_count_rows,
    monthly_rows,
    plan_status_rows,
    statistics_figures,
)


class AdminMaintenanceState(AdminBase):
    enabled: bool = False
    current_sv: str = ""
    current_en: str = ""
    ends_at: str = ""

    def _show(self) -> None:
        window = current_maintenance()
        self.enabled = window is not None
        self.current_sv = window.message_sv if window else ""
        self.current_en = window.message_en if window else ""
        self.ends_at = local_text(window.ends_at) if window else ""

    @rx.event
    @as_admin("maintenance_view")
    def on_load(self, admin_id: int):
        self.errors, self.message = {}, ""
        self._show()
        self.loaded = True
        return None

    @rx.event
    @as_admin("maintenance_on")
    def switch_on(self, admin_id: int, form: dict):
        try:
            switch_maintenance_on(admin_id, str(form.get("message_sv") or "")[:1200],
                                  str(form.get("message_en") or "")[:1200], str(form.get("ends_at") or "")[:20])
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        self._show()
        self._done("admin.maintenance_on_done")
        return None

    @rx.event
    @as_admin("maintenance_off")
    def switch_off(self, admin_id: int):
        switch_maintenance_off(admin_id)
        self._show()
        self._done("admin.maintenance_off_done", clear_form=False)
        return None


class AdminStatisticsState(AdminBase):
    figures: dict[str, str] = {}
    new_customers: list[dict[str, str | int]] = []
    objects_by_month: list[dict[str, str | int]] = []
    customers_by_kind: list[dict[str, str | int]] = []
    events: list[dict[str, str]] = []
    plan_status: list[dict[str, str]] = []
    monthly: list[dict[str, str | int]] = []
    security_events: list[dict[str, str]] = []

    @rx.event
    @as_admin("statistics")
    def on_load(self, admin_id: int):
        self.security_events = [{"day": row.day.isoformat(), "kind": self._t(f"admin.security_event.{row.kind}"),
                                 "count": str(row.count)} for row in security_event_counts()]
        stats = usage_statistics()
        self.figures = statistics_figures(stats, self.lang)
        self.plan_status = plan_status_rows(stats, self.lang)
        self.monthly = monthly_rows(stats)
        self.new_customers = count_rows(stats.new_customers_by_month)
        self.objects_by_month = count_rows(stats.objects_by_month)
        self.customers_by_kind = kind_count_rows(stats, self.lang)
        self.events = event_rows(stats, self.lang)
        self.loaded = True
        return None


class AdminAuditState(PagedList, AdminBase):
    entries: list[dict[str, str]] = []
    total: int = 0

    def _refresh(self):
        if self._require_admin("audit_log") is None:
            return rx.redirect("/admin/login")
        found = audit_log_page(self.page)
        self.total, self.pages = found.total, found.pages
        self.entries = audit_rows(found.entries, self.lang)
        self.loaded = True
        return None
