import asyncio

from cleverstore.services.reports import jobs
from cleverstore.state.reports import ReportsState
from tests.helpers.factories import (
    event_names,
    make_account,
    make_item,
    signed_in_token,
    state_for,
)


async def _collect(generator):
    return [event async for event in generator]


def test_report_runs_in_the_background_and_is_offered_for_download(db, monkeypatch):
    account = make_account(db)
    for number in range(30):
        make_item(db, account, name=f"Sak {number}", location="Hall" if number % 2 else "Kök")
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(ReportsState, token=token, path="/reports")

    async def nothing_ticked(self):
        return []

    monkeypatch.setattr(ReportsState, "_selection", nothing_ticked)
    asyncio.run(state.on_load())
    assert [option["label"] for option in state.locations] == ["Hall", "Kök"]
    hall = state.locations[0]["id"]
    events = asyncio.run(_collect(ReportsState.make_register_report.fn(state, {"location": hall})))
    assert not state.running and state.progress == 100 and state.notice == "Rapporten är klar."
    assert event_names(events) == ["_download"]
    job = jobs.recent_jobs(db, account.id)[0]
    assert job.status == "done" and job.pages >= 3 and "Plats: Hall" in job.title
    assert state.jobs[0]["url"] == f"/reports/{job.public_id}"


def test_labels_with_an_unknown_layout_fall_back_to_3x8(db):
    account = make_account(db)
    make_item(db, account, name="Låda")
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(ReportsState, token=token, path="/reports")
    asyncio.run(_collect(ReportsState.make_labels.fn(state, {"layout": "../../etc"})))
    assert "(3x8)" in state.jobs[0]["title"]


def test_reports_need_a_signed_in_customer(db):
    state = state_for(ReportsState, token="nope")
    events = asyncio.run(_collect(ReportsState.make_register_report.fn(state, {})))
    assert event_names(events) == ["_redirect"]
