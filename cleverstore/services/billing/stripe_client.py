"""The one place a StripeClient is made.

With STRIPE_SECRET_KEY set, the client talks to Stripe. Without it, it talks to the
local emulator at STRIPE_API_BASE (started by `python -m cleverstore serve` and by the
test harness) with the emulator's fixed test key; both come from `config.Settings`.

Every request it makes first checks that no database session of the calling thread or task
holds uncommitted writes (`db.uncommitted_writes`): a Stripe round trip inside a write
transaction holds SQLite's write lock (PostgreSQL's row locks) while Stripe posts the webhooks
that the call causes, and those wait for it. Such a call is a bug, in tests and in production,
so it is refused with `TransactionAcrossStripeCall` before anything is sent.
"""
from __future__ import annotations

import stripe

from cleverstore.config import get_settings
from cleverstore.db import uncommitted_writes

stripe.enable_telemetry = False


class StripeUnavailable(Exception):
    """Stripe (or the emulator) could not be reached or refused the call; nothing was changed here.
    `event_id`: the webhook event being applied, when there was one."""

    def __init__(self, event_id: str = "") -> None:
        super().__init__(event_id)
        self.event_id = event_id


class TransactionAcrossStripeCall(RuntimeError):
    """A Stripe call was attempted while this thread had uncommitted database writes."""

    def __init__(self) -> None:
        super().__init__("Stripe call refused: commit the unit of work first (a database write "
                         "transaction is open; it would be held for the whole round trip)")


def refuse_inside_write_transaction() -> None:
    """Raise TransactionAcrossStripeCall when a session of this thread or task has uncommitted writes."""
    if uncommitted_writes():
        raise TransactionAcrossStripeCall()


class GuardedHTTPClient(stripe.RequestsClient):
    """stripe-python's default HTTP client, checking the guard before each request (retries included)."""

    def request_with_retries(self, *args, **kwargs):
        refuse_inside_write_transaction()
        return super().request_with_retries(*args, **kwargs)

    def request_stream_with_retries(self, *args, **kwargs):
        refuse_inside_write_transaction()
        return super().request_stream_with_retries(*args, **kwargs)

    async def request_with_retries_async(self, *args, **kwargs):
        refuse_inside_write_transaction()
        return await super().request_with_retries_async(*args, **kwargs)

    async def request_stream_with_retries_async(self, *args, **kwargs):
        refuse_inside_write_transaction()
        return await super().request_stream_with_retries_async(*args, **kwargs)


def webhook_secret() -> str:
    """The signing secret webhooks are checked against."""
    return get_settings().stripe_webhook_secret


def stripe_client() -> stripe.StripeClient:
    """A client for Stripe or the emulator; POST retries are safe (automatic Idempotency-Key)."""
    settings = get_settings()
    extra = {}
    if settings.stripe_api_base:
        extra["base_addresses"] = {"api": settings.stripe_api_base}
    return stripe.StripeClient(settings.stripe_secret_key, max_network_retries=2, http_client=GuardedHTTPClient(),
                               **extra)
