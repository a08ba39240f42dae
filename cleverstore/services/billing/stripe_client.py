"""The one place a StripeClient is made.

With STRIPE_SECRET_KEY set, the client talks to Stripe. Without it, it talks to the
local emulator at STRIPE_API_BASE (started by `python -m cleverstore serve` and by the
test harness) with the emulator's fixed test key; both come from `config.Settings`.
"""
from __future__ import annotations

import stripe

from cleverstore.config import get_settings

stripe.enable_telemetry = False


class StripeUnavailable(Exception):
    """Stripe (or the emulator) could not be reached or refused the call; nothing was changed here.
    `event_id`: the webhook event being applied, when there was one."""

    def __init__(self, event_id: str = "") -> None:
        super().__init__(event_id)
        self.event_id = event_id


def webhook_secret() -> str:
    """The signing secret webhooks are checked against."""
    return get_settings().stripe_webhook_secret


def stripe_client() -> stripe.StripeClient:
    """A client for Stripe or the emulator; POST retries are safe (automatic Idempotency-Key)."""
    settings = get_settings()
    extra = {}
    if settings.stripe_api_base:
        extra["base_addresses"] = {"api": settings.stripe_api_base}
    return stripe.StripeClient(settings.stripe_secret_key, max_network_retries=2, **extra)
