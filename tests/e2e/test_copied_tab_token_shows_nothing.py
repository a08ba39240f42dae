"""A tab token copied from a customer's tab shows nothing of theirs, and no log line carries a secret.

Driven over the app's real websocket protocol (tests/helpers/ws_client.py) against a back end of its
own: a customer opens their profile, an object and their sessions; then the tab is closed (or the
customer logs out) and someone connects with the same tab token and no cookie.
"""
from __future__ import annotations

import asyncio
import json
import uuid

import aiohttp
import pytest

from cleverstore.db import session_scope
from tests.helpers.app_server import backend_shared_with_this_process
from tests.helpers.factories import activated_sign_up, make_item, signup_form, subscribe
from tests.helpers.ws_client import (
    APP_STATE,
    ITEM,
    Customer,
    frontend_schema,
    run_in_own_loop,
)

PROFILE = f"{APP_STATE}.cleverstore___state___profile____profile_state"
SECURITY = f"{APP_STATE}.cleverstore___state___security____security_state"
LOGOUT = f"{APP_STATE}.cleverstore___state___auth____logout_state"


@pytest.fixture(scope="module")
def schema() -> str:
    return frontend_schema()  # here, not in the test's own loop: it registers the states in this context


@pytest.fixture(scope="module")
def app():
    with backend_shared_with_this_process("tabtoken") as running:
        yield running


def _customer() -> tuple[str, int, list[str]]:
    """A paying customer with an object; what of theirs must never reach a stranger."""
    marker = uuid.uuid4().hex[:6]
    with session_scope() as db:
        account = activated_sign_up(db, signup_form(name=f"Vera Hemlig{marker}", email=f"vera-{marker}@example.se",
                                                    street=f"Hemliggatan {marker}"))
        subscribe(db, account)
        item = make_item(db, account, name=f"Guldklocka{marker}")
        db.flush()
        private = [account.name, account.email, f"Hemliggatan {marker}", account.customer_number or "", item.name]
        return account.email, item.id, [p for p in private if p]


async def _fill_the_tab(customer: Customer, item_id: int) -> None:
    """Profile, an object and the sessions page: the tab's state now holds the customer's data."""
    await customer.send(f"{PROFILE}.on_load", {}, "/profile/")
    await customer.send(f"{SECURITY}.on_load", {}, "/security/")
    customer.done.clear()
    await customer.sio.emit("event", {"name": f"{ITEM}.load_view", "payload": {},
                                      "router_data": {"pathname": "/object/", "asPath": f"/object/?id={item_id}"}},
                            namespace="/_event")
    await asyncio.wait_for(customer.done.wait(), 60)


def _seen(frames: list[dict], private: list[str]) -> list[str]:
    text = json.dumps(frames, ensure_ascii=False)
    found = [p for p in private if p in text]
    for frame in frames:
        for changes in frame.get("delta", {}).values():
            if changes.get("session_rows_rx_state_"):
                found.append("session_rows")
    return found


async def _copy_the_token(app, schema: str, *, log_out: bool) -> tuple[list[str], list[str]]:
    email, item_id, private = _customer()
    async with aiohttp.ClientSession() as http:
        owner = Customer(app.base_url, schema, [])
        await owner.log_in(email, http)
        await _fill_the_tab(owner, item_id)
        owner_saw = _seen(owner.frames, private)
        if log_out:
            await owner.send(f"{LOGOUT}.logout", {}, "/profile/", want_events=True)
        await owner.sio.disconnect()
        await asyncio.sleep(0.3)
        stranger = Customer(app.base_url, schema, [])
        stranger.token = owner.token  # the copied tab token, no cookie
        await stranger.connect("/")
        await stranger.send(f"{APP_STATE}.load_identity", {}, "/")
        await asyncio.sleep(0.5)
        await stranger.sio.disconnect()
    return owner_saw, _seen(stranger.frames, private)


@pytest.mark.parametrize("log_out", [False, True], ids=["tab-closed", "logged-out"])
def test_a_copied_tab_token_without_the_cookie_shows_no_personal_data(app, schema, log_out):
    owner_saw, stranger_saw = run_in_own_loop(_copy_the_token(app, schema, log_out=log_out))
    assert "session_rows" in owner_saw and len(owner_saw) > 3  # the tab really held the customer's data
    assert stranger_saw == []


async def _unknown_event(app, schema: str) -> tuple[str, str]:
    email, _item_id, _private = _customer()
    async with aiohttp.ClientSession() as http:
        customer = Customer(app.base_url, schema, [])
        await customer.log_in(email, http)
        await customer.sio.emit("event", {"name": f"{APP_STATE}.no_such_handler_x", "payload": {},
                                          "router_data": {"pathname": "/register/", "asPath": "/register/"}},
                                namespace="/_event")
        await asyncio.sleep(1.5)
        await customer.sio.disconnect()
    return customer.cookie.split("=", 1)[1], customer.token


def test_reflex_error_log_carries_no_cookie_or_token(app, schema):
    cookie, token = run_in_own_loop(_unknown_event(app, schema))
    log = app.log_path.read_text(errors="replace")
    assert "no_such_handler_x" in log  # Reflex's own error path ran and logged the event
    assert cookie not in log and token not in log
