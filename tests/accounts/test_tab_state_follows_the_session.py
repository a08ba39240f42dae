"""A tab's state belongs to the session that filled it: another cookie (or none), a logout or an ended
session forgets every private var before anything is sent, and a tab's state lives no longer than an
idle session. Driven on the app's real state tree, with the middleware every event passes."""
from __future__ import annotations

import asyncio

from reflex.istate.data import RouterData
from reflex.state import State
from reflex_base.event import Event

from cleverstore.config import get_settings
from cleverstore.services.accounts import sessions
from cleverstore.state.auth import LogoutState
from cleverstore.state.base import AppState
from cleverstore.state.item import ItemState
from cleverstore.state.profile import ProfileState
from cleverstore.state.security import SecurityState
from cleverstore.state.session_binding import SNAPSHOT_EVENTS, SessionBinding
from tests.helpers.factories import make_account, make_item, signed_in_token

HYDRATE = f"{State.get_full_name()}.hydrate_and_load"


class Tab:
    """One browser tab's state tree, as the state manager keeps it under the tab token."""

    def __init__(self):
        self.root = State(_reflex_internal_init=True)
        self.app = self.root.substates[AppState.get_name()]

    def state(self, cls):
        return self.app.substates[cls.get_name()]

    def event(self, cookie: str, path: str = "/", name: str = HYDRATE, query: str = "") -> None:
        """An event arrives on a socket with these cookies: the router, then the middleware."""
        as_path = path + (f"?{query}" if query else "")
        self.root.router = RouterData.from_router_data(
            {"headers": {"cookie": cookie}, "pathname": path, "asPath": as_path, "ip": "192.0.2.10"})
        asyncio.run(SessionBinding().preprocess(None, self.root, Event(name=name, payload={})))


def _filled_tab(db):
    """A customer's tab after their profile, their sessions and one of their objects."""
    account = make_account(db, name="Vera Hemlig", email="vera.hemlig@example.se")
    item = make_item(db, account, name="Guldklocka")
    token = signed_in_token(db, account)
    db.commit()
    cookie = f"cs_lang=en; cs_session={token}"
    tab = Tab()
    tab.event(cookie, "/profile")
    tab.app.lang = "en"
    tab.state(ProfileState).on_load()
    tab.event(cookie, "/security", name=f"{SecurityState.get_full_name()}.on_load")
    tab.state(SecurityState).on_load()
    tab.event(cookie, "/object", name=f"{ItemState.get_full_name()}.load_view", query=f"id={item.id}")
    tab.state(ItemState).load_view()
    assert tab.state(ProfileState).values["email"] == "vera.hemlig@example.se"
    assert tab.state(SecurityState).session_rows and tab.state(ItemState).item
    return tab, cookie, token


def _private_left(tab) -> list[str]:
    profile, security, item = tab.state(ProfileState), tab.state(SecurityState), tab.state(ItemState)
    left = {"profile.values": profile.values, "security.session_rows": security.session_rows,
            "item.item": item.item, "item.values": item.values, "item.item_id": item.item_id,
            "app.signed_in_name": tab.app.signed_in_name}
    return [name for name, value in left.items() if value]


def test_an_event_without_the_cookie_finds_nothing_private(db):
    tab, _cookie, _token = _filled_tab(db)
    tab.event("", "/")
    assert _private_left(tab) == []
    assert tab.app.lang == "en"  # the visitor's language is not private


def test_an_event_with_another_customers_cookie_finds_nothing_of_the_first(db):
    tab, _cookie, _token = _filled_tab(db)
    other = make_account(db, name="Otto Annan")
    other_token = signed_in_token(db, other)
    db.commit()
    tab.event(f"cs_session={other_token}", "/")
    assert _private_left(tab) == []


def test_a_snapshot_after_the_session_ended_forgets_the_tab_though_the_cookie_is_the_same(db):
    tab, cookie, token = _filled_tab(db)
    tab.event(cookie, "/profile")  # same cookie, session live: the tab is kept
    assert tab.state(ProfileState).values
    sessions.revoke(db, token)  # the session expires or is ended from another device
    db.commit()
    tab.event(cookie, "/")
    assert _private_left(tab) == []


def test_a_handler_that_finds_the_session_ended_forgets_the_tab(db):
    tab, cookie, token = _filled_tab(db)
    sessions.revoke(db, token)
    db.commit()
    tab.event(cookie, "/register", name=f"{AppState.get_full_name()}.load_identity")
    tab.state(ProfileState).load_identity()
    assert _private_left(tab) == []


def test_logout_forgets_the_tab(db):
    tab, cookie, _token = _filled_tab(db)
    tab.event(cookie, "/profile", name=f"{LogoutState.get_full_name()}.logout")
    tab.state(LogoutState).logout()
    assert _private_left(tab) == []


def test_the_snapshot_events_are_the_ones_reflex_sends_on_connect():
    assert HYDRATE in SNAPSHOT_EVENTS


def test_a_tabs_state_lives_no_longer_than_an_idle_session():
    from reflex.istate.manager import _default_token_expiration

    idle = get_settings().session_idle_minutes * 60
    assert _default_token_expiration() <= idle < 3600  # Reflex's own default kept it an hour


def test_an_admin_tab_is_forgotten_when_its_admin_session_ends(db):
    from cleverstore.models import AdminSession
    from cleverstore.services.accounts import token_sessions
    from cleverstore.state.admin.base import AdminBase
    from cleverstore.state.admin.customers import AdminCustomersState
    from tests.helpers.factories import admin_token, make_admin

    make_account(db, name="Kund Kundsson")
    token = admin_token(db, make_admin(db)[0])
    db.commit()
    cookie = f"cs_admin={token}"
    tab = Tab()
    customers = tab.app.substates[AdminBase.get_name()].substates[AdminCustomersState.get_name()]
    tab.event(cookie, "/admin/customers", name=f"{AdminCustomersState.get_full_name()}.search")
    customers.search({"query": ""})
    assert customers.rows
    token_sessions.revoke(db, AdminSession, token)
    db.commit()
    tab.event(cookie, "/admin/customers")  # the reconnect's snapshot after the admin session ended
    assert customers.rows == [] and customers.admin_email == ""
