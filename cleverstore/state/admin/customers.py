"""Admin: find customers, see one customer's overview, suspend and reinstate."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.i18n import translate
from cleverstore.services.accounts import devices
from cleverstore.services.admin import customers as admin_customers
from cleverstore.services.billing import rules as subscriptions
from cleverstore.services.shared.errors import NotFound, ValidationFailed
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.shared.validation import display_phone
from cleverstore.services.support import register_access as support_access
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.paging import PagedList

_when = local_text


class AdminCustomersState(PagedList, AdminBase):
    query: str = ""
    rows: list[dict[str, str]] = []
    matching: int = 0

    def _refresh(self):
        if self._require_admin("customers_search") is None:
            return rx.redirect("/admin/login")
        with session_scope() as db:
            result = admin_customers.search(db, self.query, self.page)
        self.rows = [
            {"id": str(a.id), "customer_number": a.customer_number or "", "name": a.name, "email": a.email,
             "kind": self._t(f"signup.kind_{a.kind}"), "org_number": a.org_number or "",
             "status": self._t("admin.suspended") if a.suspended_at else self._t("admin.active"),
             "created": _when(a.created_at)}
            for a in result.rows
        ]
        self.page, self.pages, self.matching = result.page, result.pages, result.matching
        self.loaded = True
        return None

    @rx.event
    def search(self, form: dict):
        self.query = str(form.get("query") or "")[:200]
        self.page = 1
        return self._refresh()


class AdminCustomerState(AdminBase):
    customer: dict[str, str] = {}
    activity: list[dict[str, str]] = []
    access_thread: str = ""
    access_text: str = ""
    not_found: bool = False
    suspended: bool = False
    form_key: int = 0

    def _account_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show(self, account_id: object) -> None:
        with session_scope() as db:
            view = admin_customers.overview(db, account_id)
        account = view.account
        self.customer = {
            "id": str(account.id), "customer_number": account.customer_number or "", "name": account.name,
            "email": account.email, "phone": display_phone(account.phone),
            "address": f"{account.street}, {account.postal_code} {account.city}",
            "kind": self._t(f"signup.kind_{account.kind}"), "org_number": account.org_number or "",
            "created": _when(account.created_at), "terms": f"{account.terms_version} ({_when(account.terms_accepted_at)})",
            "objects": str(view.object_count), "sessions": str(view.live_sessions),
            "suspended_at": _when(account.suspended_at), "suspension_reason": account.suspension_reason,
        }
        with session_scope() as db:
            billing = subscriptions.billing_row(db, account.id)
            known = devices.known_devices(db, account.id)
            live = support_access.active_grant(db, account.id)
        self.access_thread = str(live.thread_id) if live else ""
        self.access_text = self._t("support_access.admin_live", until=local_text(live.expires_at)) if live else ""
        self.customer.update({
            "plan": (billing.plan_code or "–") if billing else "–",
            "subscription": self._t(f"billing.status.{billing.status}") if billing and billing.subscription_id
            else self._t("admin.no_subscription"),
            "period_end": local_text(billing.current_period_end) if billing else "",
            "collection": self._t("admin.by_invoice") if billing and billing.collection_method == "send_invoice"
            else self._t("admin.by_card"),
            "devices": ", ".join(f"{d.label} ({local_text(d.last_seen_at)})" for d in known[:10]) or "–",
        })
        self.suspended = account.suspended_at is not None
        self.activity = [{"when": _when(e.created_at), "what": translate(f"activity.{e.kind}", self.lang),
                          "detail": e.detail} for e in view.recent_activity]
        self.not_found = False

    @rx.event
    def on_load(self):
        if self._require_admin("customer_overview") is None:
            return rx.redirect("/admin/login")
        self.errors, self.message, self.customer, self.activity = {}, "", {}, []
        self.access_thread, self.access_text = "", ""
        try:
            self._show(self._account_id())
        except NotFound:
            self.not_found = True
        self.loaded = True
        return None

    def _change(self, action: str, form: dict, done_key: str):
        admin_id = self._require_admin(action)
        if admin_id is None:
            return rx.redirect("/admin/login")
        reason = str(form.get("reason") or "")[:1000]
        change = admin_customers.suspend if action == "suspend" else admin_customers.reinstate
        try:
            with session_scope() as db:
                change(db, admin_id, self.customer.get("id", ""), reason)
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except NotFound:
            self.not_found = True
            return None
        self._show(self.customer["id"])
        self._done(done_key)
        self.form_key += 1
        return None

    @rx.event
    def suspend(self, form: dict):
        return self._change("suspend", form, "admin.suspend_done")

    @rx.event
    def reinstate(self, form: dict):
        return self._change("reinstate", form, "admin.reinstate_done")
