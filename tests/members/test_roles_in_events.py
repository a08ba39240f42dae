"""A viewer looks and prints; every handler that changes a register refuses them and changes nothing.

The handlers are found, not listed by hand: every event of every state whose guard says it edits the
register or is the owner's, plus the ones that check the role inside (bulk actions, the catalogue, an
object's files, the import). The handlers a viewer may run are pinned: a new one that reads only is added
here on purpose, and a new editing handler left under `@in_register` fails this test.
"""
from __future__ import annotations

import asyncio
import inspect
import os

import pytest
from sqlalchemy import func
from sqlmodel import select

os.environ.setdefault("__REFLEX_SKIP_COMPILE", "true")

import cleverstore.pages  # noqa: E402,F401  (registers every state)
from cleverstore.models import (  # noqa: E402
    ActivityEvent,
    Category,
    CustomField,
    InsurancePolicy,
    Item,
    ItemChange,
    ItemFile,
    Location,
    MemberInvite,
    Tag,
)
from cleverstore.services import members  # noqa: E402
from cleverstore.services.billing import plans  # noqa: E402
from cleverstore.state.base import AppState  # noqa: E402
from cleverstore.state.catalogue import CatalogueState  # noqa: E402
from cleverstore.state.item import ItemState  # noqa: E402
from cleverstore.state.register import RegisterState  # noqa: E402
from cleverstore.state.register_import import ImportState  # noqa: E402
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for  # noqa: E402
from tests.members.test_members import _confirmed, _join  # noqa: E402

# What anyone a register is shared with may run: reading and printing.
READ_HANDLERS = {
    ("DashboardState", "on_load"), ("InsuranceState", "on_load"), ("InsuranceState", "reload"),
    ("InventoryState", "on_load"), ("InventoryState", "choose_place"), ("RegisterState", "select_matching"),
    ("ImportState", "on_load"), ("ImportState", "reload"), ("RemindersState", "on_load"),
    ("ReportsState", "on_load"), ("CatalogueState", "on_load"),
    ("SharedLinksState", "on_load"),  # a member reads that only the owner shares links
}
# Editing handlers that check the role inside (a shared preamble), not with a guard.
CHECKED_INSIDE = [
    (RegisterState, "bulk_move", ({"location": "1"},)), (RegisterState, "bulk_tag", ({"tag": "Läst"},)),
    (RegisterState, "bulk_status", ({"status": "lost"},)), (RegisterState, "bulk_delete", ()),
    (RegisterState, "undo_bulk", ()),
    (CatalogueState, "save_category", ({"name": "Ny"},)), (CatalogueState, "delete_category", ("1",)),
    (CatalogueState, "save_location", ({"name": "Vind"},)), (CatalogueState, "move_location", ("1", "")),
    (CatalogueState, "delete_location", ("1",)), (CatalogueState, "save_field", ({"name": "Färg", "kind": "text"},)),
    (CatalogueState, "delete_field", ("1",)),
    (ItemState, "make_main", ("1",)), (ItemState, "delete_file", ("1",)),
    (ImportState, "confirm", ()),
]
TABLES = (Item, ItemChange, ItemFile, Category, Location, Tag, CustomField, InsurancePolicy, MemberInvite,
          ActivityEvent)


def _states(cls=AppState):
    for sub in cls.__subclasses__():
        yield sub
        yield from _states(sub)


def _guarded(need: str) -> list[tuple[type, str]]:
    found = {(cls, name) for cls in _states() for name, handler in cls.event_handlers.items()
             if getattr(handler.fn, "register_need", "") == need}
    return sorted(found, key=lambda pair: (pair[0].__name__, pair[1]))


def _run(handler, state, args):
    """Run a handler as the event processor would (sync, generator, coroutine or async generator)."""
    result = handler(state, *args)
    if inspect.isasyncgen(result):
        async def drain():
            return [event async for event in result]
        return asyncio.run(drain())
    if inspect.iscoroutine(result):
        return asyncio.run(result)
    if inspect.isgenerator(result):
        return list(result)
    return result


def _dummy_args(handler) -> tuple:
    params = list(inspect.signature(handler).parameters.values())[1:]
    return tuple({} if p.name in ("form", "files") else "1" for p in params)


def _counts(db) -> dict[str, int]:
    db.expire_all()
    return {t.__name__: db.exec(select(func.count()).select_from(t)).one() for t in TABLES}


@pytest.fixture()
def viewer(db):
    plans.ensure_seeded(db)
    anna = make_account(db, name="Anna Ägare", email="anna@example.se")
    vera = _confirmed(make_account(db, subscribed=False, name="Vera Läsare", email="vera@example.se"))
    make_item(db, anna, name="Soffa", location="Vardagsrum")
    db.commit()
    return anna, _join(db, anna, vera, role="viewer")


def test_the_handlers_a_viewer_may_run_are_the_reviewed_ones():
    read = {(cls.__name__, name) for cls, name in _guarded("read")}
    assert read == READ_HANDLERS


@pytest.mark.parametrize("need, refusal", [
    ("edit", "Du kan titta och skriva ut i registret som Anna Ägare delar med dig, men inte ändra något."),
    ("own", "Det här sköter Anna Ägare, som äger registret."),
])
def test_a_viewer_firing_every_editing_handler_is_refused_and_nothing_changes(db, viewer, need, refusal):
    _anna, token = viewer
    handlers = _guarded(need)
    assert len(handlers) >= (14 if need == "edit" else 8)
    before = _counts(db)
    for cls, name in handlers:
        state = state_for(cls, token=token)
        handler = cls.event_handlers[name].fn
        _run(handler, state, _dummy_args(handler))
        assert state._refusal == refusal, f"{cls.__name__}.{name}"
    assert _counts(db) == before


@pytest.mark.parametrize("cls, name, args", CHECKED_INSIDE, ids=[f"{c.__name__}.{n}" for c, n, _ in CHECKED_INSIDE])
def test_editing_handlers_that_check_inside_refuse_a_viewer(db, viewer, cls, name, args):
    _anna, token = viewer
    before = _counts(db)
    state = state_for(cls, token=token)
    if cls is RegisterState:
        state.on_load()
        state.select_matching()
        state.bulk_undo_id = "1"
    if cls is ImportState:
        state.step, state.will_add = "preview", 1
    _run(cls.event_handlers[name].fn, state, args)
    assert state._refusal.startswith("Du kan titta"), name
    assert _counts(db) == before


def test_an_editor_runs_the_same_handlers(db):
    plans.ensure_seeded(db)
    anna = make_account(db, name="Anna Ägare", email="anna@example.se")
    erik = _confirmed(make_account(db, subscribed=False, name="Erik Medlem", email="erik@example.se"))
    db.commit()
    token = _join(db, anna, erik, role="editor")
    state = state_for(CatalogueState, token=token)
    state.save_category({"name": "Verktyg"})
    assert state._refusal == ""
    db.expire_all()
    assert db.exec(select(Category.name).where(Category.account_id == anna.id, Category.name == "Verktyg")).one()
    owner_only = state_for(cls := next(c for c, _ in _guarded("own")), token=token)
    _run(cls.event_handlers[_guarded("own")[0][1]].fn, owner_only, _dummy_args(cls.event_handlers[_guarded("own")[0][1]].fn))
    assert owner_only._refusal == "Det här sköter Anna Ägare, som äger registret."


def test_the_viewer_still_reads_the_register(db, viewer):
    anna, token = viewer
    state = state_for(RegisterState, token=token)
    state.on_load()
    assert [row["name"] for row in state.rows] == ["Soffa"] and not state.can_edit_register
    assert members.sharing_overview(anna.id, anna.id).members[0].role == "viewer"
