"""Sharing the register (/members): the owner invites household members and changes or removes them; a
member sees the registers shared with them, opens one or leaves it; invitations to them wait here."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.members import (
    cancel_invite,
    change_member_role,
    invite_from_link,
    invite_member,
    join_register,
    leave_register,
    remove_member,
    sharing_overview,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState, FormFields
from cleverstore.state.presenters.members import invite_for_row, invite_row, member_row, shared_row

FORM_FIELDS = ("email", "role")


class MembersState(FormFields, AppState):
    owner: bool = False
    register_name: str = ""
    members: list[dict[str, str]] = []
    invites: list[dict[str, str]] = []
    shared: list[dict[str, str]] = []
    invites_for_me: list[dict[str, str]] = []
    limit_text: str = ""
    confirm_remove: str = ""
    loaded: bool = False

    def _person(self) -> tuple[Caller, int] | None:
        """The signed-in person and the register their session has open (a closed shared one included)."""
        identity = self._identified(with_register=True)
        if identity.caller is None or identity.register is None:
            return None
        return identity.caller, identity.register.account_id

    def _reload(self, person: Caller, register_id: int) -> None:
        seen = sharing_overview(person.person_account_id, register_id)
        self.owner, self.register_name = seen.owner, seen.register_name
        self.members = [member_row(m, self.lang) for m in seen.members]
        self.invites = [invite_row(i, self.lang) for i in seen.invites]
        self.shared = [shared_row(s, self.lang) for s in seen.shared_with_me]
        self.invites_for_me = [invite_for_row(i, self.lang) for i in seen.invites_for_me]
        taken = len(seen.members) + len(seen.invites)
        self.limit_text = (self._t("members.limit_by_agreement") if seen.limit is None
                           else self._t("members.limit_one" if seen.limit == 1 else "members.limit",
                                        count=seen.limit, taken=taken))
        self.loaded = True

    def _run(self, action, done_key: str = "", **values):
        """`action(person_id, register_id)`, then the lists again; NotFound is the same message for all."""
        found = self._person()
        if found is None:
            return self._to_login()
        person, register_id = found
        try:
            result = action(person, register_id)
        except ValidationFailed as failed:
            self._fail(failed)
            self._reload(person, register_id)
            return None
        except NotFound:
            self.errors, self.message = {}, self._t("members.missing")
            self._reload(person, register_id)
            return None
        self.errors, self.confirm_remove = {}, ""
        self.message = self._t(done_key, name=result if isinstance(result, str) else "", **values) if done_key else ""
        self._reload(person, register_id)
        return None

    @rx.event
    def on_load(self):
        self.errors, self.message, self.confirm_remove = {}, "", ""
        return self._run(lambda person, register_id: None)

    @rx.event
    def invite(self, form: dict):
        values = {k: str(dict(form).get(k, ""))[:320] for k in FORM_FIELDS}
        outcome = self._run(lambda p, r: invite_member(p.person_account_id, r, values), "members.invited")
        if not self.errors:
            self.form_key += 1
        return outcome

    @rx.event
    def change_role(self, person_id: str, role: str):
        return self._run(lambda p, r: change_member_role(p.person_account_id, r, str(person_id)[:12],
                                                         str(role)[:10]).name, "members.role_changed")

    @rx.event
    def ask_remove(self, person_id: str):
        self.confirm_remove = str(person_id)[:12]

    @rx.event
    def keep_member(self):
        self.confirm_remove = ""

    @rx.event
    def remove(self):
        wanted = self.confirm_remove
        return self._run(lambda p, r: remove_member(p.person_account_id, r, wanted), "members.removed")

    @rx.event
    def cancel_invite(self, invite_id: str):
        return self._run(lambda p, r: cancel_invite(p.person_account_id, r, str(invite_id)[:12]),
                         "members.invite_cancelled")

    @rx.event
    def join(self, invite_id: str):
        found = self._person()
        if found is None:
            return self._to_login()
        try:
            join_register(found[0].person_account_id, found[0].session_id, str(invite_id)[:12])
        except NotFound:
            self.message = self._t("members.missing")
            self._reload(*found)
            return None
        return rx.call_script("window.location.assign('/register')")

    @rx.event
    def leave(self, register_id: str):
        return self._run(lambda p, r: leave_register(p.person_account_id, p.session_id, str(register_id)[:12]),
                         "members.left")


class JoinState(AppState):
    """The mailed link (/members/join?token=…): who invites and as what; a signed-in invitee goes on to
    /members, where the invitation waits for them."""

    owner_name: str = ""
    role_text: str = ""
    invited_email: str = ""
    wrong_account: bool = False
    dead: bool = False
    loaded: bool = False

    @rx.event
    def on_load(self):
        token = str(self.router.url.query_parameters.get("token", ""))[:100]
        invite = invite_from_link(token)
        self.loaded, self.dead, self.wrong_account = True, invite is None, False
        self.owner_name = invite.owner_name if invite else ""
        self.role_text = self._t(f"members.role.{invite.role}").lower() if invite else ""
        self.invited_email = invite.email if invite else ""
        caller = self._require_account()
        if caller is None or invite is None:
            return None
        if caller.email.lower() == invite.email.lower():
            return rx.redirect("/members")
        self.wrong_account = True
        return None
