"""Subscription schedules: a price that changes at a later renewal (the app's Plus → Bas at renewal).

A part of `Store` (see store.py). The emulator keeps what the app uses: a schedule made
`from_subscription` (one phase: the current price to the period's end), phases replaced by an update
(the current phase's start cannot move; phases follow each other; the last has `end_date` or
`iterations`), `release` (the subscription goes on as it is, no longer managed). At a renewal the
phase that starts there sets the subscription's price before the renewal's invoice is made, as
Stripe does; when the last phase ends the schedule is released (`end_behavior: release`).
"""
from __future__ import annotations

from stripe_emulator import objects as o
from stripe_emulator.forms import BadRequest, NotFound, as_list, choice, integer, required
from stripe_emulator.renewals import YEAR_SECONDS

OPEN = ("not_started", "active")


class Schedules:
    """Schedule rules of `Store` (it provides `schedules`, `subscriptions`, `prices`, `now`, `new_id`)."""

    def schedule(self, sched_id: str) -> dict:
        if sched_id not in self.schedules:
            raise NotFound("subscription_schedule", sched_id)
        return self.schedules[sched_id]

    def create_schedule(self, params: dict) -> dict:
        sub = self.subscription(required(params, "from_subscription"))
        if sub["status"] == "canceled":
            raise BadRequest("You cannot migrate a canceled subscription to a subscription schedule.",
                             "from_subscription")
        if sub.get("schedule"):
            raise BadRequest(f"You cannot migrate a subscription that is already attached to a schedule: "
                             f"`{sub['schedule']}`.", "from_subscription")
        item = sub["item"]
        sched_id = self.new_id("sub_sched")
        self.schedules[sched_id] = {
            "id": sched_id, "created": self.now(), "customer": sub["customer"], "subscription": sub["id"],
            "status": "active", "end_behavior": "release", "released_at": None, "released_subscription": None,
            "canceled_at": None, "completed_at": None, "metadata": dict(params.get("metadata") or {}),
            "phases": [_phase(item["price"]["id"], item["current_period_start"], item["current_period_end"])],
        }
        sub["schedule"] = sched_id
        return self.schedules[sched_id]

    def update_schedule(self, sched_id: str, params: dict) -> dict:
        sched = self.schedule(sched_id)
        if sched["status"] not in OPEN:
            raise BadRequest(f"You cannot update a subscription schedule that is currently in the "
                             f"`{sched['status']}` status.")
        choice(params, "end_behavior", ("release",))  # the emulator releases at the end, as the app asks
        given = as_list(params.get("phases"))
        phases: list[dict] = []
        start = sched["phases"][0]["start_date"]
        for n, raw in enumerate(given):
            name = f"phases[{n}]"
            if not isinstance(raw, dict):
                raise BadRequest(f"Invalid {name}: must be a hash.", name)
            first = integer(raw, "start_date", start) if n == 0 else start
            if n == 0 and first != sched["phases"][0]["start_date"]:
                raise BadRequest("You can not modify the start date of the current phase.", f"{name}[start_date]")
            items = as_list(raw.get("items"))
            if not items:
                required(raw, "items")
            price = self.price(str(items[0].get("price", "")), f"{name}[items][0][price]")
            choice(raw, "proration_behavior", ("always_invoice", "create_prorations", "none"))
            end = integer(raw, "end_date")
            iterations = integer(raw, "iterations")
            if end is None and iterations is not None:
                end = first + iterations * YEAR_SECONDS
            if end is None or end <= first:
                raise BadRequest("Each phase needs an end_date after its start (or iterations).", f"{name}[end_date]")
            phases.append(_phase(price["id"], first, end))
            start = end
        if given:
            sched["phases"] = phases
        if "metadata" in params:
            sched["metadata"].update(params["metadata"] or {})
        return sched

    def release_schedule(self, sched_id: str) -> dict:
        sched = self.schedule(sched_id)
        if sched["status"] not in OPEN:
            raise BadRequest(f"You cannot release a subscription schedule that is currently in the "
                             f"`{sched['status']}` status.")
        self._release(sched)
        return sched

    def _release(self, sched: dict) -> None:
        sched.update(status="released", released_at=self.now(), released_subscription=sched["subscription"])
        sub = self.subscriptions.get(sched["subscription"])
        if sub is not None:
            sub["schedule"] = None

    def price_at_renewal(self, sub: dict, at: int) -> dict | None:
        """The price the schedule's phase starting at `at` sets (None: no change)."""
        sched = self.schedules.get(sub.get("schedule") or "")
        if sched is None or sched["status"] not in OPEN:
            return None
        phase = next((p for p in sched["phases"] if p["start_date"] == at), None)
        return self.public(self.prices[phase["price"]]) if phase is not None else None

    def enter_phase(self, sub: dict, at: int) -> None:
        """At a renewal: the next phase's price, or the release once the last phase is over."""
        sched = self.schedules.get(sub.get("schedule") or "")
        if sched is None or sched["status"] not in OPEN:
            return
        price = self.price_at_renewal(sub, at)
        if price is not None and price["id"] != sub["item"]["price"]["id"]:
            sub["item"]["price"], sub["item"]["plan"] = price, o.plan_of(price)
        if at >= sched["phases"][-1]["end_date"]:
            self._release(sched)


def _phase(price_id: str, start: int, end: int) -> dict:
    return {"price": price_id, "start_date": start, "end_date": end}


def schedule_object(sched: dict, subscription: dict | None, now: int) -> dict:
    """The API's subscription_schedule for the emulator's record."""
    current = next(({"start_date": p["start_date"], "end_date": p["end_date"]} for p in sched["phases"]
                    if p["start_date"] <= now < p["end_date"]), None) if sched["status"] == "active" else None
    collection = subscription["collection_method"] if subscription else "charge_automatically"
    invoice_settings = {"account_tax_ids": None, "days_until_due": None, "issuer": {"type": "self"}}
    return {
        "id": sched["id"], "object": "subscription_schedule", "application": None,
        "billing_mode": {"type": "flexible", "flexible": {"proration_discounts": "included"},
                         "updated_at": sched["created"]},
        "canceled_at": sched["canceled_at"], "completed_at": sched["completed_at"], "created": sched["created"],
        "current_phase": current, "customer": sched["customer"], "customer_account": None,
        "default_settings": {
            "application_fee_percent": None,
            "automatic_tax": {"enabled": False, "liability": None, "disabled_reason": None},
            "billing_cycle_anchor": "automatic", "billing_thresholds": None, "collection_method": collection,
            "default_payment_method": None, "description": None, "invoice_settings": invoice_settings,
            "on_behalf_of": None, "transfer_data": None},
        "end_behavior": sched["end_behavior"], "livemode": False, "metadata": sched["metadata"],
        "pause_schedules": [],
        "phases": [{
            "add_invoice_items": [], "application_fee_percent": None, "automatic_tax": None,
            "billing_cycle_anchor": None, "billing_thresholds": None, "collection_method": None, "currency": "sek",
            "default_payment_method": None, "default_tax_rates": [], "description": None, "discounts": [],
            "end_date": p["end_date"], "invoice_settings": None,
            "items": [{"billing_thresholds": None, "discounts": [], "metadata": {}, "plan": p["price"],
                       "price": p["price"], "quantity": 1, "tax_rates": []}],
            "metadata": {}, "on_behalf_of": None, "proration_behavior": "create_prorations",
            "start_date": p["start_date"], "transfer_data": None, "trial_end": None} for p in sched["phases"]],
        "released_at": sched["released_at"], "released_subscription": sched["released_subscription"],
        "status": sched["status"], "subscription": sched["subscription"] if sched["status"] in OPEN else None,
        "test_clock": None,
    }
