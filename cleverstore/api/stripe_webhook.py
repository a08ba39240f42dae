"""POST /api/stripe/webhook: verified Stripe events, each applied once.

The signature is checked on the raw body (tolerance 300 s). Forged, tampered or
stale deliveries get 400 and change nothing; a replayed event id gets 200 and
changes nothing; if Stripe cannot be reached for the re-fetch we answer 500 and
roll back, so Stripe delivers the event again later. Anyone can post here: the body is read
with a limit (Stripe's events are a few kB) and reading stops past it, before any parsing.
"""
from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from cleverstore.api.bodies import TooLarge, read_limited
from cleverstore.services.billing import (
    STRIPE_WEBHOOK_MAX_BYTES,
    StripeUnavailable,
    receive_stripe_webhook,
)

logger = logging.getLogger("cleverstore.stripe")

_REFUSED = {"not_configured": ({"error": "not configured"}, 503),
            "bad_request": ({"error": "bad request"}, 400),
            "bad_signature": ({"error": "invalid signature"}, 400)}


async def stripe_webhook(request: Request) -> JSONResponse:
    try:
        payload = await read_limited(request, STRIPE_WEBHOOK_MAX_BYTES)
    except TooLarge:
        return JSONResponse({"error": "too large"}, status_code=413)
    signature = request.headers.get("stripe-signature", "")
    try:
        outcome = await asyncio.to_thread(receive_stripe_webhook, payload, signature)
    except StripeUnavailable as unavailable:
        logger.exception("Stripe could not be reached while applying %s", unavailable.event_id)
        return JSONResponse({"error": "try again"}, status_code=500)
    if outcome.result in _REFUSED:
        if outcome.result == "not_configured":
            logger.error("STRIPE_WEBHOOK_SECRET is not set: webhook refused")
        body, status = _REFUSED[outcome.result]
        return JSONResponse(body, status_code=status)
    return JSONResponse({"received": True, "duplicate": outcome.result == "duplicate"})
