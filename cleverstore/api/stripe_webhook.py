"""POST /api/stripe/webhook: verified Stripe events, each applied once.

The signature is checked on the raw body (tolerance 300 s). Forged, tampered or
stale deliveries get 400 and change nothing; a replayed event id gets 200 and
changes nothing; if Stripe cannot be reached for the re-fetch we answer 500 and
roll back, so Stripe delivers the event again later.
"""
from __future__ import annotations

import asyncio
import logging

import stripe
from starlette.requests import Request
from starlette.responses import JSONResponse

from cleverstore.db import session_scope
from cleverstore.services.billing.payments import process_event
from cleverstore.services.billing.stripe_client import stripe_client, webhook_secret

logger = logging.getLogger("cleverstore.stripe")
TOLERANCE_SECONDS = 300
MAX_BODY_BYTES = 512 * 1024


async def stripe_webhook(request: Request) -> JSONResponse:
    payload = await request.body()
    signature = request.headers.get("stripe-signature", "")
    secret = webhook_secret()
    if not secret:
        logger.error("STRIPE_WEBHOOK_SECRET is not set: webhook refused")
        return JSONResponse({"error": "not configured"}, status_code=503)
    if len(payload) > MAX_BODY_BYTES or not signature:
        return JSONResponse({"error": "bad request"}, status_code=400)
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=TOLERANCE_SECONDS)
    except (ValueError, stripe.SignatureVerificationError):
        return JSONResponse({"error": "invalid signature"}, status_code=400)
    try:
        applied = await asyncio.to_thread(_apply, event)
    except stripe.StripeError:
        logger.exception("Stripe could not be reached while applying %s", event["id"])
        return JSONResponse({"error": "try again"}, status_code=500)
    return JSONResponse({"received": True, "duplicate": not applied})


def _apply(event) -> bool:
    with session_scope() as db:
        return process_event(db, stripe_client(), event)
