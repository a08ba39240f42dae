"""Webhook deliveries as Stripe makes them: signed (`t=…,v1=HMAC-SHA256`), posted by worker threads after
the API reply has gone out, in no guaranteed order, retried with exponential back-off on any non-2xx
answer or connection error, given up after the last retry.

Retry timing. Stripe retries a live-mode delivery "for up to three days with an exponential back off"
and does not publish the intervals. The emulator takes a first retry one minute after the failure,
doubling each time: 12 retries cover 60 s x (2^12 - 1) = 2.8 days, the last one inside Stripe's three
days. Its clock is compressed 1200 times: one Stripe minute is `retry_base` = 0.05 s, so the 13 tries
of one event take about 205 s before it is given up. Tests set a smaller `retry_base` to see a give-up.
"""
from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import json
import logging
import random
import threading
import time
import urllib.error
import urllib.request

from cleverstore.config import EMULATOR_WEBHOOK_SECRET
from stripe_emulator import objects as o

logger = logging.getLogger("cleverstore.emulator")

WEBHOOK_RETRIES = 12  # retries after the first try (see the module docstring)
WEBHOOK_RETRY_BASE = 0.05  # seconds before the first retry; doubles each retry
WEBHOOK_TIMEOUT = 20  # seconds a delivery waits for the app's answer


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A Stripe-Signature header value for `payload`."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"



class Deliveries:
    """The events made so far (`events`, in Stripe's order), every delivery try (`deliveries`: event type and
    HTTP status, 0 = no answer) and the queue the workers post from.

    `retry_base` and `webhook_retries` set the compressed back-off; `jitter` is the most a delivery
    waits before its first try (with two workers it makes the order of one call's events vary)."""

    def __init__(self, webhook_url: str | None, store, *, retry_base: float = WEBHOOK_RETRY_BASE,
                 webhook_retries: int = WEBHOOK_RETRIES, jitter: float = 0.02, workers: int = 2):
        self.webhook_url = webhook_url
        self._store = store
        self.deliveries: list[tuple[str, int]] = []
        self.events: list[dict] = []
        self.retry_base, self.webhook_retries, self.jitter = retry_base, webhook_retries, jitter
        self._queue: list[tuple[float, int, int, dict]] = []  # (due, sequence, tries so far, event)
        self._sequence = itertools.count()
        self._pending = 0
        self._stopping = False
        self._cv = threading.Condition()
        self._random = random.Random()
        self._workers = [threading.Thread(target=self._work, name=f"stripe-emulator-webhooks-{n}", daemon=True)
                         for n in range(workers)]

    def start_workers(self) -> None:
        for worker in self._workers:
            worker.start()

    def stop_workers(self) -> None:
        """Deliveries still queued are dropped."""
        with self._cv:
            self._stopping = True
            self._cv.notify_all()
        for worker in self._workers:
            if worker.is_alive():
                worker.join(timeout=WEBHOOK_TIMEOUT + 1)

    def record(self, events: list[tuple[str, dict]]) -> list[dict]:
        """Make the Event objects (in order) without sending them yet; from here on they count as pending,
        so `wait_for_deliveries` cannot return between an API reply and the queueing of its webhooks."""
        made = [o.event(self._store.new_id("evt"), self._store.now(), kind, data) for kind, data in events]
        self.events.extend(made)
        if self.webhook_url:
            with self._cv:
                self._pending += len(made)
        return made

    def send(self, events: list[dict]) -> None:
        """Queue the deliveries of recorded events: shuffled, each after a small random delay."""
        if not self.webhook_url or not events:
            return
        batch = list(events)
        self._random.shuffle(batch)
        with self._cv:
            start = time.monotonic()
            for event in batch:
                heapq.heappush(self._queue, (start + self._random.uniform(0, self.jitter), next(self._sequence), 0,
                                             event))
            self._cv.notify_all()

    def emit(self, events: list[tuple[str, dict]]) -> None:
        self.send(self.record(events))

    def wait_for_deliveries(self, timeout: float = 10.0) -> bool:
        """Block until every queued delivery has been answered with a 2xx or given up; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(left)
        return True

    @property
    def pending_deliveries(self) -> int:
        with self._cv:
            return self._pending

    def _work(self) -> None:
        while True:
            with self._cv:
                while not self._stopping and (not self._queue or self._queue[0][0] > time.monotonic()):
                    self._cv.wait(self._queue[0][0] - time.monotonic() if self._queue else None)
                if self._stopping:
                    return
                _, _, tries, event = heapq.heappop(self._queue)
            status = self._post(event)
            with self._cv:
                self.deliveries.append((event["type"], status))
                tries += 1
                if 200 <= status < 300 or tries > self.webhook_retries:
                    if not 200 <= status < 300:
                        logger.warning("webhook %s given up after %d tries (last status %s)", event["type"], tries,
                                       status)
                    self._pending -= 1
                else:
                    delay = self.retry_base * 2 ** (tries - 1)
                    heapq.heappush(self._queue, (time.monotonic() + delay, next(self._sequence), tries, event))
                self._cv.notify_all()

    def _post(self, event: dict) -> int:
        payload = json.dumps(event).encode()
        request = urllib.request.Request(self.webhook_url, data=payload, method="POST", headers={
            "Content-Type": "application/json", "Stripe-Signature": sign(payload, EMULATOR_WEBHOOK_SECRET)})
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError as exc:
            logger.info("webhook %s not delivered: %s", event["type"], exc.__class__.__name__)
            return 0
