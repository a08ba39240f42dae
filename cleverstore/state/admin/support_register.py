"""Admin: a customer's register, read-only, while the customer's grant on the support thread is live.

Every event asks for the admin and then lets the service check the grant again, so
a withdrawn or expired grant refuses the very next click and clears what was shown.
There is nothing here that changes the register.
"""
from __future__ import annotations

from datetime import date

import reflex as rx

from cleverstore.services.shared import NotFound
from cleverstore.services.support import browse_customer_register, open_customer_object
from cleverstore.state.admin.base import AdminBase
from cleverstore.state.paging import PagedList
from cleverstore.state.presenters.admin import grant_text
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

    def _refuse(self) -> None:
        """No live grant (the action kept the attempt in the audit log): show nothing, say why."""
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
        try:
            look = browse_customer_register(admin_id, self.thread_id, self.search, self.page)
        except NotFound:
            self._refuse()
            return None
        today = date.today()
        self.rows, self.item, self.item_files = [item_row(view, self.lang, today) for view in look.rows], {}, []
        self.page, self.pages, self.matching = look.page, look.pages, look.matching
        self.customer_name = f"{look.customer_name} ({look.customer_number})"
        self.access_text = grant_text(look.access_until, self.lang)
        self.refused, self.loaded = False, True
        return None

    @rx.event
    def on_load(self):
        """The list; with `item=` (the link to the object the thread is about) that object opened at once."""
        self.page = 1
        refused = self._refresh()
        wanted = str(self.router.url.query_parameters.get("item", ""))[:20]
        if refused is not None or not wanted or self.refused:
            return refused
        return AdminSupportRegisterState.open_item(wanted)

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
            look = open_customer_object(admin_id, self.thread_id, str(item_id)[:20])
        except NotFound:
            self._refuse()
            return None
        if look is None:  # an id that is not this customer's: as if it did not exist
            self.item, self.item_files = {}, []
            return None
        detail = item_detail(look.view, self.lang, date.today())
        shown = [file_view(record, self.lang) for record in look.files]
        # the customer's own file routes would refuse an admin; these check the grant and log each fetch
        detail["thumb"] = _file_route(self.thread_id, look.main_thumb_id, "thumb") if look.main_thumb_id else ""
        for row in shown:
            row["thumb"] = _file_route(self.thread_id, int(row["id"]), "thumb") if row["thumb"] else ""
            row["view"] = _file_route(self.thread_id, int(row["id"]), "view")
        self.item, self.item_files = detail, shown
        return None
