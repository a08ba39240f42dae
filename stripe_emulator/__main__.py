"""`python -m stripe_emulator --port 12111 --webhook-url http://…/api/stripe/webhook [--after-retries unpaid]`"""
from __future__ import annotations

import argparse
import logging
import threading

from cleverstore.services.billing.plans import SEED
from stripe_emulator.server import WEBHOOK_RETRY_BASE, Emulator
from stripe_emulator.store import AFTER_RETRIES


def seeded(webhook_url: str | None, port: int, **options) -> Emulator:
    """An emulator holding one yearly price per buyable seed plan (the app resolves them by lookup key).
    `options` go to `Emulator` (retry_base, webhook_retries, jitter, workers, after_retries)."""
    emulator = Emulator(webhook_url, port=port, **options)
    emulator.store.seed_prices([(p.name, p.yearly_price_ore, p.lookup_key) for p in SEED
                                if p.yearly_price_ore is not None and p.lookup_key])
    return emulator


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m stripe_emulator")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default=None)
    parser.add_argument("--after-retries", choices=AFTER_RETRIES, default="cancel",
                        help="the subscription after the last failed payment retry (Dashboard: Revenue recovery)")
    parser.add_argument("--webhook-retry-base", type=float, default=WEBHOOK_RETRY_BASE,
                        help="seconds before a failed webhook's first retry; doubles each retry")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    emulator = seeded(args.webhook_url, args.port, after_retries=args.after_retries,
                      retry_base=args.webhook_retry_base).start()
    print(f"Stripe emulator on {emulator.url}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
