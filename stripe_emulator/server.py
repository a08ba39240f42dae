"""The emulator's HTTP server: Stripe API under /v1, hosted pages, test controls under /_emulator.

Webhooks are signed like Stripe's (`t=…,v1=HMAC-SHA256`) and posted to the app before the
request that caused them returns, as Checkout waits for the webhook before redirecting.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from cleverstore.config import EMULATOR_SECRET_KEY, EMULATOR_WEBHOOK_SECRET
from stripe_emulator import objects as o
from stripe_emulator import pages
from stripe_emulator.forms import decode
from stripe_emulator.store import BadRequest, NotFound, Store

logger = logging.getLogger("cleverstore.emulator")


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A Stripe-Signature header value for `payload`."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


class Emulator:
    """A running emulator: its store, the webhook target and the delivery log."""

    def __init__(self, webhook_url: str | None, host: str = "127.0.0.1", port: int = 0):
        self.webhook_url = webhook_url
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.emulator = self  # type: ignore[attr-defined]
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.store = Store(base_url=self.url)
        self.deliveries: list[tuple[str, int]] = []  # (event type, HTTP status)
        self.events: list[dict] = []
        self._thread: threading.Thread | None = None

    def start(self) -> "Emulator":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="stripe-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def emit(self, events: list[tuple[str, dict]]) -> None:
        for event_type, data in events:
            event = o.event(self.store.new_id("evt"), self.store.now(), event_type, data)
            self.events.append(event)
            self._deliver(event)

    def _deliver(self, event: dict) -> None:
        if not self.webhook_url:
            return
        payload = json.dumps(event).encode()
        request = urllib.request.Request(self.webhook_url, data=payload, method="POST", headers={
            "Content-Type": "application/json", "Stripe-Signature": sign(payload, EMULATOR_WEBHOOK_SECRET)})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            logger.warning("webhook %s not delivered: %s", event["type"], exc)
            status = 0
        self.deliveries.append((event["type"], status))


class _Handler(BaseHTTPRequestHandler):
    server_version = "StripeEmulator/1"

    def log_message(self, format, *args):  # noqa: A002 - quiet by default
        logger.debug(format, *args)

    @property
    def emulator(self) -> Emulator:
        return self.server.emulator  # type: ignore[attr-defined]

    @property
    def store(self) -> Store:
        return self.emulator.store

    # -- plumbing -----------------------------------------------------------------
    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        """Hold the response until the events are delivered (see `_dispatch`)."""
        self._response = (status, body, content_type, headers or {})

    def _flush(self) -> None:
        status, body, content_type, headers = self._response
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _emit(self, events: list) -> None:
        self._events.extend(events)

    def _json(self, status: int, value: dict) -> None:
        self._send(status, json.dumps(value).encode(), "application/json", {"Request-Id": "req_emulator"})

    def _html(self, body: bytes, status: int = 200) -> None:
        self._send(status, body, "text/html; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self._send(303, b"", "text/plain", {"Location": location})

    def do_GET(self):  # noqa: N802
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        query = decode(parts.query)
        self._events: list = []
        self._response = (500, b"", "text/plain", {})
        try:
            with self.store.lock:
                if path.startswith("/v1/"):
                    self._api(method, path, query)
                elif path.startswith("/_emulator/"):
                    self._control(method, path, dict(parse_qsl(self._body())))
                else:
                    self._hosted(method, path)
        except NotFound as exc:
            self._json(404, o.error(str(exc), exc.param))
        except BadRequest as exc:
            self._json(400, o.error(str(exc), exc.param, code="parameter_invalid"))
        # Delivered outside the lock: the app fetches the subscription back while handling them.
        self.emulator.emit(self._events)
        self._flush()

    # -- the Stripe API ---------------------------------------------------------------
    def _api(self, method: str, path: str, query: dict) -> None:
        if self.headers.get("Authorization") != f"Bearer {EMULATOR_SECRET_KEY}":
            self._json(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}})
            return
        params = decode(self._body()) if method == "POST" else query
        key = self.headers.get("Idempotency-Key")
        if method == "POST" and key and (path, key) in self.store.idempotent:
            status, value = self.store.idempotent[(path, key)]
            self._json(status, value)
            return
        status, value, events = self._route(method, path.split("/")[2:], params)
        if method == "POST" and key:
            self.store.idempotent[(path, key)] = (status, value)
        self._json(status, value)
        self._emit(events)

    def _route(self, method: str, segments: list[str], params: dict) -> tuple[int, dict, list]:
        s, public = self.store, self.store.public
        route = (method, "/".join(x if i % 2 == 0 or x in ("sessions",) else "{id}" for i, x in enumerate(segments)))
        ident = segments[1] if len(segments) > 1 else ""
        if route == ("POST", "customers"):
            return 200, public(s.create_customer(params)), []
        if route == ("GET", "prices"):
            return 200, o.list_object("/v1/prices", s.list_prices(params)), []
        if route == ("POST", "prices"):
            return 200, public(s.create_price(params)), []
        if route == ("GET", "payment_methods/{id}"):
            return 200, s.payment_method(ident), []
        if segments[:2] == ["checkout", "sessions"]:
            if method == "POST" and len(segments) == 2:
                return 200, o.checkout_session(s.create_checkout(params)), []
            if method == "GET" and len(segments) == 2:
                found = [o.checkout_session(c) for c in s.list_sessions(params)]
                return 200, o.list_object("/v1/checkout/sessions", found), []
            if method == "GET" and len(segments) == 3:
                return 200, o.checkout_session(s.session(segments[2])), []
            if method == "POST" and len(segments) == 4 and segments[3] == "expire":
                return 200, o.checkout_session(s.expire_session(segments[2])), []
        if segments == ["billing_portal", "sessions"] and method == "POST":
            return 200, o.portal_session(self._create_portal(params)), []
        if route == ("POST", "subscriptions"):
            sub, events = s.create_subscription(params)
            return 200, o.subscription(sub), events
        if route == ("GET", "subscriptions/{id}"):
            return 200, o.subscription(s.subscription(ident)), []
        if route == ("POST", "subscriptions/{id}"):
            sub, events = s.update_subscription(ident, params)
            return 200, o.subscription(sub), events
        if route == ("GET", "invoices"):
            return 200, o.list_object("/v1/invoices", s.list_invoices(params)), []
        return 404, o.error(f"Unrecognized request URL ({method}: /v1/{'/'.join(segments)}).", code="not_found"), []

    def _create_portal(self, params: dict) -> dict:
        customer = self.store.customer(str(params.get("customer", "")))
        bps = self.store.new_id("bps")
        portal = {"id": bps, "created": self.store.now(), "customer": customer["id"],
                  "return_url": params.get("return_url"), "url": f"{self.store.base_url}/portal/{bps}"}
        self.store.portals[bps] = portal
        return portal

    # -- hosted pages -------------------------------------------------------------------
    def _hosted(self, method: str, path: str) -> None:
        segments = path.strip("/").split("/")
        form = dict(parse_qsl(self._body())) if method == "POST" else {}
        if len(segments) == 2 and segments[0] == "checkout":
            self._checkout(method, segments[1], form)
        elif len(segments) == 2 and segments[0] == "portal":
            self._portal(method, segments[1], form)
        elif len(segments) == 2 and segments[0] == "invoice":
            self._invoice(method, segments[1], form)
        elif len(segments) == 3 and segments[0] == "invoice" and segments[2] == "pdf":
            invoice = self.store.invoice(segments[1])
            self._send(200, pages.invoice_pdf(invoice), "application/pdf")
        else:
            self._html(pages.document("Not found", "<h1>Not found</h1>"), 404)

    def _checkout(self, method: str, cs_id: str, form: dict) -> None:
        cs = self.store.session(cs_id)
        name = self.store.prices[cs["price"]]["_name"]
        if cs["status"] == "complete":
            self._redirect(cs["success_url"].replace("{CHECKOUT_SESSION_ID}", cs_id))
            return
        if cs["status"] == "expired":
            self._html(pages.expired_page(cs), 410)
            return
        if method == "GET":
            self._html(pages.checkout_page(cs, name))
            return
        try:
            events = self.store.pay_checkout(cs_id, form.get("card", ""))
        except BadRequest as exc:
            self._html(pages.checkout_page(cs, name, str(exc)), 402)
            return
        self._emit(events)
        self._redirect(cs["success_url"].replace("{CHECKOUT_SESSION_ID}", cs_id))

    def _portal(self, method: str, bps: str, form: dict) -> None:
        portal = self.store.portals.get(bps)
        if portal is None:
            raise NotFound("billing_portal.session", bps)
        cid, message, error = portal["customer"], "", ""
        if method == "POST":
            try:
                self._emit(self.store.update_card(cid, form.get("card", "")))
                message = "Card updated. Open invoices were paid with it."
            except BadRequest as exc:
                error = str(exc)
        subs = [x for x in self.store.subscriptions.values() if x["customer"] == cid]
        pm_id = self.store.customers[cid]["invoice_settings"]["default_payment_method"]
        card = self.store.payment_methods.get(pm_id) if pm_id else None
        invoices = sorted((i for i in self.store.invoices.values() if i["customer"] == cid), key=lambda i: i["created"])
        self._html(pages.portal_page(portal, subs, card, invoices, message, error))

    def _invoice(self, method: str, in_id: str, form: dict) -> None:
        invoice, error = self.store.invoice(in_id), ""
        if method == "POST":
            try:
                self._emit(self.store.pay_invoice_with_card(in_id, form.get("card", "")))
            except BadRequest as exc:
                error = str(exc)
        self._html(pages.invoice_page(invoice, error))

    # -- test controls ----------------------------------------------------------------------
    def _control(self, method: str, path: str, form: dict) -> None:
        if path == "/_emulator/clock" and method == "GET":
            self._json(200, {"now": self.store.now(), "offset": self.store.offset})
        elif path == "/_emulator/clock/advance" and method == "POST":
            seconds = self.store.seconds_to_next_renewal() if form.get("to") == "next_renewal" else int(form.get("seconds") or 0)
            self._emit(self.store.advance(seconds))
            self._json(200, {"now": self.store.now(), "offset": self.store.offset})
        elif path == "/_emulator/events" and method == "GET":
            self._json(200, {"events": [e["type"] for e in self.emulator.events], "deliveries": self.emulator.deliveries})
        else:
            self._json(404, o.error("Unknown emulator control.", code="not_found"))
