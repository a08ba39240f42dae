"""Admin: a customer's register, read-only, while the customer's grant on the support thread is live.

Every event asks for the admin and then lets the service check the grant again, so
a withdrawn or expired grant refuses the very next click and clears what was shown.
There is nothing here that changes the register.
"""
from __future__ import annotations

from datetime import date

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.services.register.items import ItemQuery
from cleverstore.services.shared.errors import NotFound
from cleverstore.services.shared.timefmt import local_text
from cleverstore.services.support import register_access as support_access
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.register import file_view, item_detail, item_row


def _file_route(thread_id: str, file_id: int, variant: str) -> str:
    return f"/admin/support-file/{thread_id}/{file_id}/{variant}"


class AdminSupportRegisterState(PagedList, AdminBase):
    thread_id: str = ""
    customer_name: str = ""
    access_text: str = ""
    search: str = ""
    rows: list[dict[str, str]] = []
    matching: int = 0
    item: dict[str, str] = {}
    item_files: list[dict[str, str]] = []
    refused: bool = False

    def _requested_thread(self) -> str:
        return str(self.router.url.query_parameters.get("thread", ""))[:20]

    def _clear(self) -> None:
        self.rows, self.item, self.item_files, self.matching = [], {}, [], 0
        self.customer_name, self.access_text = "", ""

    def _refuse(self, admin_id: int) -> None:
        """No live grant: show nothing, say why, and keep the attempt in the audit log."""
        with session_scope() as db:
            support_access.record_refusal(db, admin_id, self.thread_id)
        self._clear()
        self.refused, self.loaded = True, True
        self.message = ""

    def _admin_for(self, action: str) -> int | None:
        self.thread_id = self._requested_thread()
        return self._require_admin(action)

    def _refresh(self):
        admin_id = self._admin_for("support_register_list")
        if admin_id is None:
            return rx.redirect("/admin/login")
        query = ItemQuery.from_untrusted(search=self.search, page=self.page)
        try:
            with session_scope() as db:
                look = support_access.browse(db, admin_id, self.thread_id, query)
                rows = [item_row(view, self.lang, date.today()) for view in look.page.rows]
                name, number = look.owner.name, look.owner.customer_number
                until = local_text(look.grant.expires_at)
        except NotFound:
            self._refuse(admin_id)
            return None
        self.rows, self.item, self.item_files = rows, {}, []
        self.page, self.pages, self.matching = look.page.page, look.page.pages, look.page.matching
        self.customer_name = f"{name} ({number})"
        self.access_text = self._t("support_access.admin_live", until=until)
        self.refused, self.loaded = False, True
        return None

    @rx.event
    def search_register(self, form: dict):
        self.search = str(form.get("search") or "")[:200]
        self.page = 1
        return self._refresh()

    @rx.event
    def back_to_list(self):
        return self._refresh()

    @rx.event
    def open_item(self, item_id: str):
        admin_id = self._admin_for("support_register_object")
        if admin_id is None:
            return rx.redirect("/admin/login")
        try:
            with session_scope() as db:
                look = support_access.open_object(db, admin_id, self.thread_id, str(item_id)[:20])
                detail = item_detail(look.view, self.lang, date.today())
                shown = [file_view(record, self.lang) for record in look.files]
        except NotFound:
            with session_scope() as db:
                still_granted = support_access.grant_for_thread(db, self.thread_id) is not None
            if still_granted:  # an id that is not this customer's: as if it did not exist
                self.item, self.item_files = {}, []
                return None
            self._refuse(admin_id)
            return None
        # the customer's own file routes would refuse an admin; these check the grant and log each fetch
        main = next((f for f in look.files if f.is_main and f.thumb_name), None)
        detail["thumb"] = _file_route(self.thread_id, main.id, "thumb") if main else ""
        for row in shown:
            row["thumb"] = _file_route(self.thread_id, int(row["id"]), "thumb") if row["thumb"] else ""
            row["view"] = _file_route(self.thread_id, int(row["id"]), "view")
        self.item, self.item_files = detail, shown
        return None
