"""The banner shown until the e-mail address is verified, with a resend button."""
from __future__ import annotations

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.accounts import resend_verification
from cleverstore.state.base import AppState
from cleverstore.state.guards import signed_in


class VerifyState(AppState):
    resent: bool = False

    @rx.event
    @signed_in
    def resend(self, caller: Caller):
        resend_verification(caller.account_id)
        self.resent = True
        return None
