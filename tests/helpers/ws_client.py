"""A Reflex client that speaks the browser's websocket protocol (socket.io), for load and crash tests.

One `Customer` is one browser tab: its own client token, the session cookie once
logged in, events sent with the router data the page would send.
"""
from __future__ import annotations

import asyncio
import contextvars
import json
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import socketio

PASSWORD = "kaffe och kanelbullar"
ROOT_STATE = "reflex___state____state"
APP_STATE = f"{ROOT_STATE}.cleverstore___state___base____app_state"
REGISTER = f"{APP_STATE}.cleverstore___state___register____register_state"
ITEM = f"{APP_STATE}.cleverstore___state___item____item_state"
LOGIN = f"{APP_STATE}.cleverstore___state___auth____login_state"



def run_in_own_loop(coroutine):
    """asyncio.run in a thread of its own: browser tests in the same process keep an event loop in this
    thread. The thread gets this thread's context (Reflex keeps its registered states in a context variable)."""
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()


def frontend_schema() -> str:
    """The state schema the compiled front end sends when it connects."""
    os.environ["__REFLEX_SKIP_COMPILE"] = "true"
    import reflex as rx

    from cleverstore.cleverstore import app  # noqa: F401  (registers the states)

    return rx.State._to_frontend_schema()


class Customer:
    """One browser tab: a socket.io connection with its own client token and cookie."""

    def __init__(self, base_url: str, schema: str, latencies: list[float]):
        self.base_url, self.schema, self.latencies = base_url, schema, latencies
        self.token = str(uuid.uuid4())
        self.cookie = ""
        self.sio: socketio.AsyncClient | None = None
        self.done: asyncio.Event | None = None
        self.last_events: list = []
        self.last_delta: dict = {}
        self.want_events = False
        self.frames: list[dict] = []  # every update the server sent, as received

    async def connect(self, path: str) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.done = asyncio.Event()

        self.hydrated = asyncio.Event()

        @self.sio.on("event", namespace="/_event")
        async def on_update(update):
            self.frames.append(update)
            self.last_events.extend(update.get("events", []))
            for state, changes in update.get("delta", {}).items():
                self.last_delta.setdefault(state, {}).update(changes)
            if update.get("delta", {}).get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True:
                self.hydrated.set()
            if not self.want_events or update.get("events"):
                self.done.set()

        boot = {"event": {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {},
                          "router_data": {"pathname": path, "asPath": path}}, "state_schema": self.schema}
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.want_events = False
        await self.sio.connect(f"{self.base_url}?token={self.token}", headers=headers, auth=boot,
                               transports=["websocket"], namespaces=["/_event"], socketio_path="/_event",
                               wait_timeout=30)  # the default second is too short while 200 tabs open
        await asyncio.wait_for(self.hydrated.wait(), 60)  # the page's on_load has run

    async def send(self, name: str, payload: dict, path: str, *, want_events: bool = False) -> None:
        """Time from sending the event to the first answer (or to the answer that carries events)."""
        self.want_events = want_events
        self.done.clear()
        self.last_events = []
        self.last_delta = {}
        started = time.perf_counter()
        await self.sio.emit("event", {"name": name, "payload": payload,
                                      "router_data": {"pathname": path, "asPath": path}}, namespace="/_event")
        await asyncio.wait_for(self.done.wait(), 60)
        self.latencies.append((time.perf_counter() - started) * 1000)

    def changed(self, state: str, var: str):
        """What the last event's answer set `state`.`var` to (None when it did not send it)."""
        return self.last_delta.get(state, {}).get(f"{var}_rx_state_")

    def redirected_to(self) -> str:
        """Where the last event's answer sent the page ('' when nowhere)."""
        for event in self.last_events:
            if event.get("name") == "_redirect":
                return str(event.get("payload", {}).get("path", ""))
        return ""

    async def log_in(self, email: str, http: aiohttp.ClientSession, password: str = PASSWORD) -> None:
        await self.connect("/login/")
        await self.send(f"{LOGIN}.login", {"form": {"email": email, "password": password}}, "/login/",
                        want_events=True)
        script = json.dumps(self.last_events)
        if "ticket=" not in script:
            raise RuntimeError(f"login gave no ticket: {script[:300]}")
        ticket = script.split("ticket=")[1].split("'")[0].split("\\")[0]
        async with http.get(f"{self.base_url}/auth/session?ticket={ticket}", allow_redirects=False) as response:
            self.cookie = f"cs_session={response.cookies['cs_session'].value}"
        await self.sio.disconnect()
        await self.connect("/register/")  # a full page load: the new socket carries the cookie
