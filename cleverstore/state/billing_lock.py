"""The locked billing page's notice: which payment failed (period, amount, pay now), or that the
subscription ended and a new one can be started. Never "Perioden löper till …" next to a failed payment."""
from __future__ import annotations

import asyncio

import reflex as rx

from cleverstore.services.access import Caller
from cleverstore.services.billing import StripeUnavailable, lock_notice
from cleverstore.services.shared import format_ore
from cleverstore.state.base import AppState
from cleverstore.state.guards import signed_in


class BillingLockState(AppState):
    loaded: bool = False
    ended: bool = False  # the subscription ended: the plan cards below start a new one
    text: str = ""  # "Betalningen för perioden X–Y misslyckades. Registret är låst tills fakturan är betald."
    amount: str = ""  # "Att betala: 495,00 kr"
    pay_url: str = ""

    @rx.event
    @signed_in
    async def load(self, caller: Caller):
        try:
            notice = await asyncio.to_thread(lock_notice, caller.account_id)
        except StripeUnavailable:
            notice = None
        self.ended = notice is not None and notice.kind == "ended"
        known = notice is not None and notice.period_start is not None and notice.period_end is not None
        period = {"start": notice.period_start.isoformat(), "end": notice.period_end.isoformat()} if known else {}
        if self.ended:
            self.text = self._t("billing.lock_ended_unpaid", **period) if known else self._t("billing.lock_ended")
        else:
            self.text = self._t("billing.lock_unpaid", **period) if known else self._t("billing.locked_text")
        owed = notice is not None and notice.amount_ore and not self.ended
        self.amount = self._t("billing.lock_amount", amount=format_ore(notice.amount_ore, self.lang)) if owed else ""
        self.pay_url = notice.pay_url if notice is not None else ""
        self.loaded = True
        return None
