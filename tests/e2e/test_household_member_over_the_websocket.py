"""A household member over the app's real websocket: a viewer fires every editing handler and nothing
changes; a member the owner removes is refused on the next click of the tab they still have open.

Driven with tests/helpers/ws_client.py against a back end of its own, as a browser tab would.
"""
from __future__ import annotations

import inspect
import json

import aiohttp
import pytest
from sqlalchemy import func
from sqlmodel import select

from cleverstore.db import session_scope
from cleverstore.models import Account, ActivityEvent, MemberInvite
from cleverstore.models.base import utcnow
from cleverstore.services import members
from cleverstore.services.billing import plans
from cleverstore.services.members import invites
from tests.helpers.app_server import backend_shared_with_this_process
from tests.helpers.factories import activated_sign_up, make_item, signup_form, subscribe
from tests.helpers.ws_client import APP_STATE, REGISTER, Customer, frontend_schema, run_in_own_loop
from tests.members.test_roles_in_events import TABLES, _dummy_args, _guarded


@pytest.fixture(scope="module")
def schema() -> str:
    return frontend_schema()


@pytest.fixture(scope="module")
def app():
    with backend_shared_with_this_process("members") as running:
        yield running


def _household(marker: str, role: str) -> tuple[int, str, str]:
    """Anna (paying, with a sofa) and a member who joined with `role`; Anna's id, the member's e-mail, the
    sofa's name."""
    with session_scope() as db:
        plans.ensure_seeded(db)
        anna = activated_sign_up(db, signup_form(name=f"Anna {marker}", email=f"anna-{marker}@example.se"))
        subscribe(db, anna)
        sofa = make_item(db, anna, name=f"Soffa {marker}").name
        member = activated_sign_up(db, signup_form(name=f"Medlem {marker}", email=f"m-{marker}@example.se"))
        member.email_verified_at = utcnow()
        anna_id, member_id, email = anna.id, member.id, member.email
    members.invite_member(anna_id, anna_id, {"email": email, "role": role})
    with session_scope() as db:
        invite_id = db.exec(select(MemberInvite.id).where(MemberInvite.email == email)).one()
        invites.accept(db, db.get(Account, member_id), invite_id)
    return anna_id, email, sofa


def _counts(anna_id: int) -> dict[str, int]:
    """Every table a register handler could write, and the owner's activity log."""
    with session_scope() as db:
        counts = {t.__name__: db.exec(select(func.count()).select_from(t)).one() for t in TABLES
                  if t is not ActivityEvent}
        counts["anna's log"] = db.exec(select(func.count()).select_from(ActivityEvent)
                                       .where(ActivityEvent.account_id == anna_id)).one()
        return counts


async def _viewer_fires_everything(app, schema: str, anna_id: int, email: str) -> tuple[list[str], list[str]]:
    refused, not_refused = [], []
    async with aiohttp.ClientSession() as http:
        tab = Customer(app.base_url, schema, [])
        await tab.log_in(email, http)
        await tab.send(f"{APP_STATE}.switch_register", {"register_id": str(anna_id)}, "/register/",
                       want_events=True)
        for need in ("edit", "own"):
            for cls, name in _guarded(need):
                handler = cls.event_handlers[name].fn
                names = list(inspect.signature(handler).parameters)[1:]
                payload = dict(zip(names, _dummy_args(handler)))
                await tab.send(f"{cls.get_full_name()}.{name}", payload, "/register/", want_events=True)
                text = json.dumps(tab.last_events, ensure_ascii=False)
                (refused if "Anna visa" in text else not_refused).append(f"{cls.__name__}.{name}")
        await tab.sio.disconnect()
    return refused, not_refused


def test_a_viewer_firing_every_editing_handler_over_the_websocket_changes_nothing(app, schema):
    anna_id, email, _sofa = _household("visa", "viewer")
    before = _counts(anna_id)
    refused, not_refused = run_in_own_loop(_viewer_fires_everything(app, schema, anna_id, email))
    assert not_refused == [] and len(refused) >= 22  # each answered with the refusal naming the owner
    assert _counts(anna_id) == before


async def _removed_members_tab(app, schema: str) -> tuple[str, bool, str]:
    anna_id, email, sofa = _household("bort", "editor")
    async with aiohttp.ClientSession() as http:
        tab = Customer(app.base_url, schema, [])
        await tab.log_in(email, http)
        await tab.send(f"{APP_STATE}.switch_register", {"register_id": str(anna_id)}, "/register/", want_events=True)
        await tab.send(f"{REGISTER}.on_load", {}, "/register/")
        saw_sofa = sofa in json.dumps(tab.frames, ensure_ascii=False)
        members.remove_member(anna_id, anna_id, _member_id(email))
        tab.frames.clear()
        await tab.send(f"{REGISTER}.set_search", {"value": "Soffa"}, "/register/", want_events=True)
        redirected = tab.redirected_to()
        leaked = sofa if sofa in json.dumps(tab.frames, ensure_ascii=False) else ""
        await tab.sio.disconnect()
    return redirected, saw_sofa, leaked


def _member_id(email: str) -> int:
    with session_scope() as db:
        return db.exec(select(Account.id).where(Account.email == email)).one()


def test_a_removed_members_open_tab_is_refused_on_its_next_click(app, schema):
    redirected, saw_sofa, leaked = run_in_own_loop(_removed_members_tab(app, schema))
    assert saw_sofa  # the tab really showed the owner's register
    assert redirected.startswith("/login") and leaked == ""
