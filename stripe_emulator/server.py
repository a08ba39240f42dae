"""The emulator's HTTP server: Stripe API under /v1, hosted pages, test controls under /_emulator.

Webhooks go out through `webhooks.Deliveries` after the reply, as Stripe's do (see webhooks.py for the
retry timing); the hosted Checkout page redirects at once, without waiting for them.
"""
from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from cleverstore.config import EMULATOR_SECRET_KEY
from stripe_emulator import objects as o
from stripe_emulator import customer_details, pages
from stripe_emulator.forms import (ENDPOINTS, BadRequest, CardDeclined, NotAnArray, NotFound, UnknownParameter,
                                   as_list, check_known, decode, required)
from stripe_emulator.schedules import schedule_object
from stripe_emulator.refunds import REFUND_ROUTES
from stripe_emulator.store import AFTER_RETRIES, Store
from stripe_emulator.webhooks import WEBHOOK_RETRIES, WEBHOOK_RETRY_BASE, Deliveries, sign  # noqa: F401

logger = logging.getLogger("cleverstore.emulator")
DOCS = "https://stripe.com/docs/error-codes/"


def error_body(kind: str, message: str, code: str | None = None, param: str | None = None) -> dict:
    """Stripe's error object: `code` (with its `doc_url`) only where Stripe sends one."""
    body: dict = {"type": kind, "message": message}
    if code:
        body["code"], body["doc_url"] = code, DOCS + code.replace("_", "-")
    if param:
        body["param"] = param
    return {"error": body}



class Emulator(Deliveries):
    """A running emulator: its store, and (from `Deliveries`) the webhook target, the events and the
    delivery log. `after_retries` mirrors the Dashboard's "if all retries for a payment fail"
    (cancel, unpaid, past_due); the other options tune the deliveries (see `Deliveries`)."""

    def __init__(self, webhook_url: str | None, host: str = "127.0.0.1", port: int = 0, *,
                 after_retries: str = "cancel", **delivery_options):
        if after_retries not in AFTER_RETRIES:
            raise ValueError(f"after_retries must be one of {AFTER_RETRIES}")
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.emulator = self  # type: ignore[attr-defined]
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self.store = Store(base_url=self.url, after_retries=after_retries)
        super().__init__(webhook_url, self.store, **delivery_options)
        self._thread: threading.Thread | None = None

    def start(self) -> "Emulator":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="stripe-emulator", daemon=True)
        self._thread.start()
        self.start_workers()
        return self

    def stop(self) -> None:
        """Stop serving; deliveries still queued are dropped."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.stop_workers()


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
        """Hold the response: it is written once the store's lock is released (see `_dispatch`)."""
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
        self.wfile.flush()

    def _emit(self, events: list) -> None:
        self._events.extend(events)

    def _json(self, status: int, value: dict, headers: dict | None = None) -> None:
        self._send(status, json.dumps(value).encode(), "application/json",
                   {"Request-Id": self.store.new_id("req"), **(headers or {})})

    def _error(self, status: int, kind: str, message: str, code: str | None = None, param: str | None = None):
        self._json(status, error_body(kind, message, code, param))

    def _html(self, body: bytes, status: int = 200) -> None:
        self._send(status, body, "text/html; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self._send(303, b"", "text/plain", {"Location": location})

    def do_GET(self):  # noqa: N802
        self._dispatch("GET")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def do_DELETE(self):  # noqa: N802
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        query = decode(parts.query)
        self._events: list = []
        self._settle: float | None = None
        self._response = (500, b"", "text/plain", {})
        try:
            with self.store.lock:
                if path.startswith("/v1/"):
                    self._api(method, path, query)
                elif path.startswith("/_emulator/"):
                    self._control(method, path, dict(parse_qsl(self._body())))
                else:
                    self._hosted(method, path)
                made = self.emulator.record(self._events)
        except NotFound as exc:
            made = []
            self._error(404, "invalid_request_error", str(exc), getattr(exc, "code", "resource_missing"), exc.param)
        except BadRequest as exc:
            made = []
            self._error(400, "invalid_request_error", str(exc), exc.code, exc.param)
        if self._settle is not None:  # a test control that answers once the webhooks it caused are settled
            self.emulator.send(made)
            settled = self.emulator.wait_for_deliveries(self._settle)
            self._json(200, {"now": self.store.now(), "offset": self.store.offset, "settled": settled,
                             "pending": self.emulator.pending_deliveries})
            self._flush()
            return
        self._flush()  # the reply goes out first; Stripe's webhooks come after it
        self.emulator.send(made)

    # -- the Stripe API ---------------------------------------------------------------
    def _api(self, method: str, path: str, query: dict) -> None:
        auth = self.headers.get("Authorization") or ""
        if not auth:
            self._error(401, "invalid_request_error", "You did not provide an API key. You need to provide your API "
                        "key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                        "YOUR_SECRET_KEY').")
            return
        if auth != f"Bearer {EMULATOR_SECRET_KEY}":
            given = auth.removeprefix("Bearer ").strip()
            masked = given[:8] + "*" * max(0, len(given) - 12) + given[-4:] if len(given) > 12 else "*" * len(given)
            # Stripe sends no `code` for a wrong key (only type and message), and never the whole key back
            self._error(401, "invalid_request_error", f"Invalid API Key provided: {masked}")
            return
        params = decode(self._body()) if method == "POST" else query  # GET and DELETE: in the query
        segments = path.split("/")[2:]
        template = _template(method, segments)
        if template is None:
            self._error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}). Please see "
                        "https://stripe.com/docs or we can help at https://support.stripe.com/.")
            return
        key = self.headers.get("Idempotency-Key") if method == "POST" else None
        if key and key in self.store.idempotent:
            endpoint, first_params, status, value = self.store.idempotent[key]
            if endpoint != path:
                self._error(400, "idempotency_error", f"Keys for idempotent requests can only be used for the same "
                            f"endpoint they were first used for ('{endpoint}' vs '{path}'). Try using a key other "
                            f"than '{key}' if you meant to execute a different request.")
            elif first_params != params:
                self._error(400, "idempotency_error", "Keys for idempotent requests can only be used with the same "
                            f"parameters they were first used with. Try using a key other than '{key}' if you meant "
                            "to execute a different request.")
            else:
                self._json(status, value, {"Idempotent-Replayed": "true"})
            return
        try:
            check_known(params, ENDPOINTS[template])
        except (UnknownParameter, NotAnArray) as exc:
            code = "parameter_unknown" if isinstance(exc, UnknownParameter) else None
            self._error(400, "invalid_request_error", str(exc), code, exc.param)
            return
        expand = [str(x) for x in as_list(params.get("expand"))]
        ident = segments[2] if segments[0] == "checkout" and len(segments) > 2 else (segments[1] if len(segments) > 1 else "")
        try:
            status, value, events = self._route(template, ident, params)
        except CardDeclined as exc:
            # the try happened (and is remembered under the key); its events go out like any others
            status, value, events = 402, error_body("card_error", str(exc), "card_declined"), exc.events
            value["error"]["decline_code"] = "generic_decline"
        if status == 200 and expand:
            value = self.store.expanded(json.loads(json.dumps(value)), expand)
        if key:
            self.store.idempotent[key] = (path, params, status, value)
        self._json(status, value)
        self._emit(events)

    def _route(self, template: tuple[str, str], ident: str, params: dict) -> tuple[int, dict, list]:
        s, public = self.store, self.store.public
        route = template
        if route == ("POST", "customers"):
            return 200, public(s.create_customer(params)), []
        if route == ("GET", "customers/{id}"):
            return 200, public(s.customer(ident, "id")), []
        if route[1].startswith("customers/{id}"):  # updates and tax ids (customer_details.py)
            return 200, customer_details.route(s, route[0], urlsplit(self.path).path, ident, params), []
        if route == ("GET", "prices"):
            return 200, s.list_prices(params), []
        if route == ("POST", "prices"):
            return 200, public(s.create_price(params)), []
        if route == ("GET", "payment_methods/{id}"):
            return 200, s.payment_method(ident), []
        if route == ("POST", "checkout/sessions"):
            return 200, o.checkout_session(s.create_checkout(params)), []
        if route == ("GET", "checkout/sessions"):
            return 200, s.list_sessions(params), []
        if route == ("GET", "checkout/sessions/{id}"):
            return 200, o.checkout_session(s.session(ident)), []
        if route == ("POST", "checkout/sessions/{id}/expire"):
            return 200, o.checkout_session(s.expire_session(ident)), []
        if route == ("POST", "billing_portal/sessions"):
            return 200, o.portal_session(self._create_portal(params)), []
        if route == ("POST", "subscriptions"):
            sub, events = s.create_subscription(params)
            return 200, o.subscription(sub), events
        if route == ("GET", "subscriptions"):
            return 200, s.list_subscriptions(params), []
        if route == ("GET", "subscriptions/{id}"):
            return 200, o.subscription(s.subscription(ident)), []
        if route == ("POST", "subscriptions/{id}"):
            sub, events = s.update_subscription(ident, params)
            return 200, o.subscription(sub), events
        if route == ("GET", "invoices"):
            return 200, s.list_invoices(params), []
        if route == ("GET", "invoices/{id}"):
            return 200, o.invoice(s.invoice(ident)), []
        if route == ("POST", "invoices/{id}/pay"):
            invoice, events = s.pay_invoice(ident, params)
            return 200, o.invoice(invoice), events
        if route in REFUND_ROUTES:  # an invoice's payments, refunds, the immediate cancel (refunds.py)
            return s.refund_route(route, ident, params)
        if route[1].startswith(("invoices/create_preview", "subscription_schedules")):
            return self._preview_or_schedule(route, ident, params)
        raise AssertionError(f"no handler for {route}")  # every ENDPOINTS entry has one (tested)

    def _preview_or_schedule(self, route: tuple[str, str], ident: str, params: dict) -> tuple[int, dict, list]:
        s = self.store
        if route == ("POST", "invoices/create_preview"):
            return 200, s.create_preview(params), []
        if route == ("POST", "subscription_schedules"):
            sched = s.create_schedule(params)
        elif route == ("POST", "subscription_schedules/{id}/release"):
            sched = s.release_schedule(ident)
        elif route == ("POST", "subscription_schedules/{id}"):
            sched = s.update_schedule(ident, params)
        else:
            sched = s.schedule(ident)
        return 200, schedule_object(sched, s.subscriptions.get(sched["subscription"]), s.now()), []

    def _create_portal(self, params: dict) -> dict:
        customer = self.store.customer(required(params, "customer"))
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
        """Paying redirects at once, as Stripe does: the webhooks follow, so the app's success page may
        be shown before they arrive (it reads the session back itself)."""
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
        back = pages.merchant_url(self.store, invoice["customer"], self.emulator.webhook_url)
        self._html(pages.invoice_page(invoice, error, back))

    # -- test controls ----------------------------------------------------------------------
    def _control(self, method: str, path: str, form: dict) -> None:
        """Test-only controls. `clock/advance` answers once the webhooks it caused are delivered or given up
        (bounded by `wait` seconds, default 10; `wait=0` answers at once): a test moves time step by step."""
        if path == "/_emulator/clock" and method == "GET":
            self._json(200, {"now": self.store.now(), "offset": self.store.offset})
        elif path == "/_emulator/clock/advance" and method == "POST":
            seconds = self.store.seconds_to_next_renewal() if form.get("to") == "next_renewal" else _number(form, "seconds")
            wait = float(_number(form, "wait", 10))
            self._emit(self.store.advance(int(seconds)))
            if wait > 0:
                self._settle = wait
            else:
                self._json(200, {"now": self.store.now(), "offset": self.store.offset, "settled": False})
        elif path == "/_emulator/subscription/backdate" and method == "POST":
            self._emit(self.store.backdate(form.get("email", ""), int(_number(form, "days")) * 24 * 3600))
            self._settle = float(_number(form, "wait", 10))
        elif path == "/_emulator/deliveries/wait" and method == "POST":
            self._settle = float(_number(form, "timeout", 10))
        elif path == "/_emulator/events" and method == "GET":
            self._json(200, {"events": [e["type"] for e in self.emulator.events], "deliveries": self.emulator.deliveries,
                             "pending": self.emulator.pending_deliveries})
        elif path == "/_emulator/settings" and method == "POST":
            outcome = form.get("after_retries", self.store.after_retries)
            if outcome not in AFTER_RETRIES:
                raise BadRequest(f"after_retries must be one of {', '.join(AFTER_RETRIES)}.", "after_retries")
            self.store.after_retries = outcome
            self._json(200, {"after_retries": outcome})
        else:
            self._error(404, "invalid_request_error", "Unknown emulator control.")


def _number(form: dict, name: str, default: float = 0) -> float:
    try:
        value = float(form.get(name) or default)
    except ValueError:
        raise BadRequest(f"{name} must be a number.", name) from None
    if value < 0:
        raise BadRequest(f"{name} must not be negative.", name)
    return value


def _template(method: str, segments: list[str]) -> tuple[str, str] | None:
    """The ENDPOINTS key matching a request path (`{id}` stands for any one segment)."""
    for (verb, pattern) in ENDPOINTS:
        parts = pattern.split("/")
        if verb == method and len(parts) == len(segments) and all(
                p == "{id}" and s or p == s for p, s in zip(parts, segments)):
            return verb, pattern
    return None
