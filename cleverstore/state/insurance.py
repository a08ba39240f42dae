"""The customer's insurance policies: list, add, edit, delete after a confirmation, the policy's PDF, and the
words that make a category theft-prone."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.insurance import (
    ALLRISK,
    KINDS,
    delete_policy,
    insurance_check,
    list_policies,
    open_policy,
    put_on_separate_cover,
    reset_theft_prone_words,
    save_policy,
    save_theft_prone_words,
    theft_prone_words,
)
from cleverstore.services.shared import NotFound, ValidationFailed
from cleverstore.state.base import AppState, FormFields
from cleverstore.state.guards import in_register, owns_register
from cleverstore.state.presenters.insurance import place_row, policy_row, policy_title

EMPTY_FORM = {"id": "", "company": "", "policy_number": "", "kind": KINDS[0], "contents_sum": "", "theft_limit": "",
              "theft_limit_percent": "", "single_item_limit": "", "excess": "", "renews_on": ""}
FIELD_LIMIT = 200


class InsuranceState(FormFields, AppState):
    policies: list[dict[str, str]] = []
    places: list[dict[str, str]] = []
    values: dict[str, str] = dict(EMPTY_FORM)
    editing: bool = False       # the form shows an existing policy (its PDF can be uploaded)
    confirm_id: str = ""        # the policy whose deletion waits for "Yes, delete"
    confirm_text: str = ""
    words: str = ""
    words_message: str = ""
    # separate item cover: the objects on each allrisk policy, and those the comparison suggests for one
    on_cover: list[dict[str, str]] = []
    suggestions: list[dict[str, str]] = []
    loaded: bool = False

    def _reload(self, account_id: int, chosen: set[int] | None = None) -> None:
        screen = list_policies(account_id)
        self.policies = [policy_row(p, self.lang) for p in screen.policies]
        if chosen is None:
            wanted = self.values.get("id", "")
            chosen = {pl.id for pl in screen.places if wanted and str(pl.policy_id) == wanted}
        self.places = [place_row(pl, chosen) for pl in screen.places]
        coverage = insurance_check(account_id)
        self.on_cover = [{"policy_id": str(check.policy_id), "id": str(item_id), "name": name}
                         for check in coverage.policies if check.kind == ALLRISK for item_id, name in check.on_cover]
        seen: set[int] = set()
        self.suggestions = [{"id": str(item_id), "name": name} for check in coverage.policies
                            for item_id, name in check.separate_cover
                            if not (item_id in seen or seen.add(item_id))]
        self.loaded = True

    @rx.event
    @in_register
    def on_load(self, caller: Caller):
        self.errors, self.message, self.confirm_id, self.words_message = {}, "", "", ""
        self.values, self.editing = dict(EMPTY_FORM), False
        self.words = "\n".join(theft_prone_words(caller.account_id))
        self._reload(caller.account_id, set())
        return None

    @rx.event
    @in_register
    def reload(self, caller: Caller):
        """After the policy's PDF was sent: the list shows its name."""
        self._reload(caller.account_id)
        return None

    @rx.event
    @owns_register
    def edit(self, caller: Caller, policy_id: str):
        try:
            self.values = {**EMPTY_FORM, **open_policy(caller.account_id, str(policy_id)[:20], lang=self.lang)}
        except NotFound:
            self.errors, self.message = {}, self._t("insurance.missing")
            self._reload(caller.account_id, set())
            return None
        self.editing, self.errors, self.message, self.confirm_id = True, {}, "", ""
        self.form_key += 1
        self._reload(caller.account_id)
        return None

    @rx.event
    @owns_register
    def new(self, caller: Caller):
        self.values, self.editing, self.errors = dict(EMPTY_FORM), False, {}
        self.form_key += 1
        self._reload(caller.account_id, set())
        return None

    @rx.event
    @owns_register
    def save(self, caller: Caller, form: dict):
        values = {k: str(v)[:FIELD_LIMIT] for k, v in dict(form).items() if k in EMPTY_FORM}
        values["id"] = self.values.get("id", "") if self.editing else ""
        places = [k[len("place_"):] for k, v in dict(form).items() if k.startswith("place_") and v][:500]
        try:
            policy_id = save_policy(caller.account_id, values, places)
        except ValidationFailed as failed:
            self.values = {**self.values, **values}
            self._fail(failed)
            return None
        except NotFound:
            self.errors, self.message = {}, self._t("insurance.missing")
            self._reload(caller.account_id)
            return None
        self._done("insurance.saved")
        # the saved policy stays open, so its PDF can be uploaded at once
        self.values = {**EMPTY_FORM, **open_policy(caller.account_id, policy_id, lang=self.lang)}
        self.editing = True
        self._reload(caller.account_id)
        return None

    @rx.event
    @owns_register
    def ask_delete(self, caller: Caller, policy_id: str):
        shown = next((p for p in self.policies if p["id"] == str(policy_id)), None)
        if shown is None:
            self._reload(caller.account_id)
            return None
        self.confirm_id = shown["id"]
        self.confirm_text = self._t("insurance.confirm_delete", name=shown["title"])
        return None

    @rx.event
    def cancel_delete(self):
        self.confirm_id = ""
        return None

    @rx.event
    @owns_register
    def delete(self, caller: Caller):
        policy_id, self.confirm_id = self.confirm_id, ""
        try:
            delete_policy(caller.account_id, policy_id)
        except NotFound:
            self.message = self._t("insurance.missing")
        else:
            self._done("insurance.deleted", clear_form=False)
        if self.values.get("id") == policy_id:
            self.values, self.editing = dict(EMPTY_FORM), False
            self.form_key += 1
        self._reload(caller.account_id)
        return None

    @rx.event
    @owns_register
    def put_on_cover(self, caller: Caller, form: dict):
        """Put the chosen object on this allrisk policy (or, with no policy, take it off any)."""
        values = dict(form)
        try:
            put_on_separate_cover(caller.account_id, str(values.get("item", ""))[:20],
                                  str(values.get("policy", ""))[:20])
        except ValidationFailed as failed:
            self.errors, self.message = {}, self._t(next(iter(failed.errors.values())))
            return None
        except NotFound:
            self.errors, self.message = {}, self._t("insurance.missing")
        else:
            self._done("insurance.cover_saved", clear_form=False)
        self._reload(caller.account_id)
        return None

    @rx.event
    def take_off_cover(self, item_id: str):
        """The object leaves its separate cover: its place's policy covers it again."""
        return self.put_on_cover({"item": str(item_id)[:20], "policy": ""})

    @rx.event
    @owns_register
    def save_words(self, caller: Caller, form: dict):
        try:
            saved = save_theft_prone_words(caller.account_id, str(dict(form).get("words", ""))[:4000])
        except ValidationFailed as failed:
            self.words_message = self._t(next(iter(failed.errors.values())))
            return None
        self.words, self.words_message = "\n".join(saved), self._t("insurance.words_saved")
        self.form_key += 1
        return None

    @rx.event
    @owns_register
    def reset_words(self, caller: Caller):
        self.words, self.words_message = "\n".join(reset_theft_prone_words(caller.account_id)), \
            self._t("insurance.words_saved")
        self.form_key += 1
        return None

    @rx.var
    def form_title(self) -> str:
        return policy_title(self.values.get("company", ""), self.values.get("policy_number", "")) \
            if self.editing else ""

    @rx.var
    def document_url(self) -> str:
        return f"/policies/{self.values.get('id', '')}/document" if self.editing else ""
