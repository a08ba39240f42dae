"""Delade länkar: the owner's read-only links for an adjuster, broker or lawyer — made from the register's
selection or a place, listed with their openings, ended at once. The new link's address and code are shown
once, right after making it; the page never learns them again."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller, public_address
from cleverstore.services.sharing import (
    end_shared_link,
    make_shared_link,
    may_share_links,
    share_places,
    shared_links,
)
from cleverstore.services.shared import NotFound, ValidationFailed, local_text
from cleverstore.state.base import AppState, FormFields
from cleverstore.state.guards import in_register, owns_register
from cleverstore.state.register import RegisterState

WHAT = ("selection", "place")


def _person(caller: Caller) -> int:
    return caller.person_account_id or caller.account_id


class SharedLinksState(FormFields, AppState):
    allowed: bool = False
    loaded: bool = False
    links: list[dict[str, str]] = []
    visits: list[dict[str, str]] = []
    places: list[dict[str, str]] = []
    selected_count: int = 0
    what: str = "place"
    new_url: str = ""
    new_code: str = ""
    new_expires: str = ""
    copied: bool = False

    async def _selection(self) -> list[int]:
        """The objects ticked on the register page (kept on the server, never sent by the client)."""
        register = await self.get_state(RegisterState)
        return list(register._selected)

    def _refresh(self, caller: Caller) -> None:
        self.allowed = may_share_links(caller.account_id, _person(caller))
        if not self.allowed:
            self.links, self.visits, self.places = [], [], []
            return
        self.places = [{"id": str(i), "label": path} for i, path in share_places(caller.account_id)]
        rows, visits = [], []
        for link in shared_links(caller.account_id, _person(caller)):
            shows = (self._t("share.shows_place", place=link.place) if link.place
                     else self._t("share.shows_objects", count=link.object_count))
            extras = [self._t("share.with_prices") if link.show_prices else self._t("share.without_prices"),
                      self._t("share.with_receipts") if link.show_receipts else self._t("share.without_receipts")]
            if link.with_code:
                extras.append(self._t("share.with_code"))
            rows.append({"id": str(link.id), "shows": shows, "extras": " · ".join(extras),
                         "created": local_text(link.created_at), "expires": local_text(link.expires_at),
                         "status": link.status, "status_text": self._t(f"share.status_{link.status}"),
                         "visit_count": str(len(link.visits))})
            visits += [{"link": str(link.id), "at": local_text(v.at), "address": v.address_prefix,
                        "what": self._t(f"share.visit_{v.kind}", detail=v.detail)} for v in link.visits]
        self.links, self.visits = rows, visits

    @rx.event
    @in_register
    async def on_load(self, caller: Caller):
        self.errors, self.message, self.copied = {}, "", False
        self.new_url = self.new_code = self.new_expires = ""
        from_register = str(self.router.url.query_parameters.get("from", "")) == "register"
        self.selected_count = len(await self._selection()) if from_register else 0
        self.what = "selection" if self.selected_count else "place"
        self._refresh(caller)
        self.loaded = True

    @rx.event
    def choose_what(self, value: str):
        """The selection or a place; anything else is ignored."""
        if str(value) in WHAT:
            self.what = str(value)

    @rx.event
    @owns_register
    async def create(self, caller: Caller, form: dict):
        form = {k: str(v)[:40] for k, v in dict(form).items()}
        use_selection = self.what == "selection" and self.selected_count > 0
        chosen = await self._selection() if use_selection else []
        if use_selection:
            form["place"] = ""
        elif not form.get("place"):
            self._fail(ValidationFailed({"place": "share.error_choose_place"}))
            return
        try:
            made = make_shared_link(caller.account_id, _person(caller), form, chosen)
        except ValidationFailed as failed:
            self._fail(failed)
            return
        self.new_url = f"{public_address()}/s/{made.token}"
        self.new_code, self.new_expires = made.code, local_text(made.expires_at)
        self.copied = False
        self._done("share.made")
        self._refresh(caller)

    @rx.event
    def copy_link(self):
        """Copy the new address to the clipboard (the button says so)."""
        if not self.new_url:
            return None
        self.copied = True
        return rx.set_clipboard(self.new_url)

    @rx.event
    def forget_new(self):
        """The address and code leave the page: they are never shown again."""
        self.new_url = self.new_code = self.new_expires = ""
        self.copied = False

    @rx.event
    @owns_register
    def end_link(self, caller: Caller, link_id: str):
        try:
            end_shared_link(caller.account_id, _person(caller), str(link_id)[:12])
        except (NotFound, ValidationFailed):
            self.message = self._t("share.error_not_found")
            self._refresh(caller)
            return
        self.message = self._t("share.ended")
        self._refresh(caller)
