"""The banner shown until the e-mail address is verified (T1), with a resend button."""
from __future__ import annotations

import reflex as rx

from cleverstore.db import session_scope
from cleverstore.services.accounts import verification
from cleverstore.state.base import AppState


class VerifyState(AppState):
    resent: bool = False

    @rx.event
    def resend(self):
        caller = self._require_account()
        if caller is None:
            return rx.redirect("/login")
        with session_scope() as db:
            verification.resend(db, caller.account_id)
        self.resent = True
        return None
