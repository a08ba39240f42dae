"""Admin: find customers, see one customer's overview, suspend and reinstate."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.admin import (
    approve_second_factor_removal,
    customer_detail,
    customer_help,
    find_customers,
    propose_second_factor_removal,
    reinstate_customer,
    resend_customer_verification,
    suspend_customer,
)
from cleverstore.services.billing import customer_billing, customer_plan_states
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.services.support import live_support_grant
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.guards import as_admin
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.admin import (
    activity_rows,
    customer_card,
    customer_rows,
    grant_text,
    help_lines,
)


class AdminCustomersState(PagedList, AdminBase):
    query: str = ""
    rows: list[dict[str, str]] = []
    matching: int = 0

    def _refresh(self):
        if self._require_admin("customers_search") is None:
            return rx.redirect("/admin/login")
        result = find_customers(self.query, self.page)
        states = customer_plan_states([a.id for a in result.rows], self.lang)
        self.rows = customer_rows(result.rows, self.lang, states)
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
    help_box: dict[str, str] = {}
    access_thread: str = ""
    access_text: str = ""
    not_found: bool = False
    suspended: bool = False

    def _account_id(self) -> str:
        return str(self.router.url.query_parameters.get("id", ""))[:20]

    def _show(self, account_id: object) -> None:
        # the customer and the help box (admin), the subscription in words (billing), support's access (support)
        detail = customer_detail(account_id)
        billing = customer_billing(detail.id, self.lang)
        live = live_support_grant(detail.id)
        self.customer = customer_card(detail, billing, self.lang)
        self.access_thread = str(live.thread_id) if live else ""
        self.access_text = grant_text(live.expires_at if live else None, self.lang)
        self.suspended = detail.suspended_at is not None
        self.activity = activity_rows(detail.recent_activity, self.lang)
        self.help_box = help_lines(customer_help(detail.id), self.lang)
        self.not_found = False

    @rx.event
    @as_admin("customer_overview")
    def on_load(self, admin_id: int):
        self.errors, self.message, self.customer, self.activity = {}, "", {}, []
        self.access_thread, self.access_text = "", ""
        self.help_box = {}
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
        change = suspend_customer if action == "suspend" else reinstate_customer
        return self._help(lambda account: change(admin_id, account, reason), done_key)

    @rx.event
    def suspend(self, form: dict):
        return self._change("suspend", form, "admin.suspend_done")

    @rx.event
    def reinstate(self, form: dict):
        return self._change("reinstate", form, "admin.reinstate_done")

    def _help(self, run, done_key: str):
        """One action on the shown customer (suspend, reinstate, the help actions); a refusal is shown
        on the page, success reloads the customer."""
        try:
            run(self.customer.get("id", ""))
        except ValidationFailed as failed:
            self._fail(failed)
            return None
        except NotFound:
            self.not_found = True
            return None
        self._show(self.customer["id"])
        self._done(done_key)
        return None

    @rx.event
    @as_admin("customer_resend_verification")
    def resend_verification(self, admin_id: int):
        return self._help(lambda account: resend_customer_verification(admin_id, account),
                          "customer_help.resend_verification_done")

    @rx.event
    @as_admin("second_factor_removal_propose")
    def propose_removal(self, admin_id: int, form: dict):
        reason = str(form.get("removal_reason") or "")[:1000]
        return self._help(lambda account: propose_second_factor_removal(admin_id, account, reason),
                          "customer_help.removal_proposed_done")

    @rx.event
    @as_admin("second_factor_removal_approve")
    def approve_removal(self, admin_id: int):
        return self._help(lambda account: approve_second_factor_removal(admin_id, account),
                          "customer_help.removal_approved_done")
