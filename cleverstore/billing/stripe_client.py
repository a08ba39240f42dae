"""The one place a StripeClient is made.

With STRIPE_SECRET_KEY set, the client talks to Stripe. Without it, it talks to
the local emulator at STRIPE_API_BASE (started by `python -m cleverstore serve`
and by the test harness), with the emulator's fixed test key and webhook secret.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import stripe

EMULATOR_SECRET_KEY = "sk_test_cleverstore_emulator"
EMULATOR_WEBHOOK_SECRET = "whsec_cleverstore_emulator"
DEFAULT_EMULATOR_BASE = "http://127.0.0.1:12111"

stripe.enable_telemetry = False
os.environ.setdefault("STRIPE_SUPPRESS_NOTICES", "true")


@dataclass(frozen=True)
class StripeSettings:
    secret_key: str
    webhook_secret: str
    api_base: str | None  # None: Stripe itself

    @property
    def uses_emulator(self) -> bool:
        return self.api_base is not None


def stripe_settings() -> StripeSettings:
    key = os.environ.get("STRIPE_SECRET_KEY", "").strip()
    if key:
        return StripeSettings(key, os.environ.get("STRIPE_WEBHOOK_SECRET", "").strip(), None)
    base = os.environ.get("STRIPE_API_BASE", DEFAULT_EMULATOR_BASE).rstrip("/")
    return StripeSettings(EMULATOR_SECRET_KEY, EMULATOR_WEBHOOK_SECRET, base)


def stripe_client() -> stripe.StripeClient:
    """A client for Stripe or the emulator; POST retries are safe (automatic Idempotency-Key)."""
    settings = stripe_settings()
    extra = {}
    if settings.api_base:
        extra["base_addresses"] = {"api": settings.api_base}
    return stripe.StripeClient(settings.secret_key, max_network_retries=2, **extra)
