"""`python -m stripe_emulator --port 12111 --webhook-url http://…/api/stripe/webhook`"""
from __future__ import annotations

import argparse
import logging
import threading

from cleverstore.services.billing.plans import SEED
from stripe_emulator.server import Emulator


def seeded(webhook_url: str | None, port: int) -> Emulator:
    """An emulator holding one yearly price per buyable seed plan (the app resolves them by lookup key)."""
    emulator = Emulator(webhook_url, port=port)
    emulator.store.seed_prices([(p.name, p.yearly_price_ore, p.lookup_key) for p in SEED
                                if p.yearly_price_ore is not None and p.lookup_key])
    return emulator


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m stripe_emulator")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    emulator = seeded(args.webhook_url, args.port).start()
    print(f"Stripe emulator on {emulator.url}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
