"""The terms page reads its editable content files on every visit (no rebuild needed after an edit)."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.accounts import terms_document
from cleverstore.state.base import AppState


class TermsState(AppState):
    version: str = ""
    title_sv: str = ""
    title_en: str = ""
    body_sv: str = ""
    body_en: str = ""

    @rx.event
    def on_load(self):
        self._require_account()
        swedish, english = terms_document("sv"), terms_document("en")
        self.version = swedish.version
        self.title_sv, self.body_sv = swedish.title, swedish.body
        self.title_en, self.body_en = english.title, english.body
