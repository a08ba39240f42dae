"""Where the register refuses an add for the plan's limit, the page says the service's message and offers the
upgrade (a link to /billing); the report page does the same for a claim pack or labels outside the plan."""
import asyncio

from sqlmodel import select

from cleverstore.models import Plan
from cleverstore.services.billing.plans import ensure_seeded
from cleverstore.state.item import ItemState
from cleverstore.state.reports import ReportsState
from tests.helpers.factories import make_account, make_item, signed_in_token, state_for


def _small_bas(db) -> None:
    ensure_seeded(db)
    bas = db.exec(select(Plan).where(Plan.code == "bas")).one()
    bas.max_objects = 1
    db.add(bas)


def test_the_object_form_says_the_limit_and_offers_the_upgrade(db):
    _small_bas(db)
    account = make_account(db)
    make_item(db, account, name="Den enda")
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(ItemState, token=token, path="/object/new")
    state.load_form()
    state.save({"name": "Soffa", "quantity": "1"})
    assert state.over_limit and state.summary == "Din plan rymmer inte fler föremål. Uppgradera till Plus för obegränsat antal."
    assert state.values["name"] == "Soffa"  # what was typed stays in the form
    state.load_form()
    assert not state.over_limit


def test_the_reports_page_says_labels_are_plus_and_offers_the_upgrade(db, monkeypatch):
    _small_bas(db)
    account = make_account(db)
    make_item(db, account, name="Tv")
    token = signed_in_token(db, account)
    db.commit()
    reports = state_for(ReportsState, token=token, path="/reports")

    async def nothing_ticked(self):
        return []

    monkeypatch.setattr(ReportsState, "_selection", nothing_ticked)
    asyncio.run(reports.on_load())

    async def collect(generator):
        return [event async for event in generator]

    events = asyncio.run(collect(ReportsState.make_labels.fn(reports, {})))
    assert events == [] or all("download" not in str(e) for e in events)
    assert reports.over_limit and reports.notice == "QR-etiketter ingår i Plus. Uppgradera för att skriva ut dem."
