"""Switching the language: the page's server-made texts are made again at once, the account keeps the
choice for mails sent later, and report titles follow the reader's language."""
from cleverstore.models import Account
from cleverstore.services.reports import make_register_report, reports_overview
from cleverstore.services.shared import notices
from cleverstore.state.presenters.reports import job_row
from cleverstore.state.register import RegisterState
from tests.helpers.factories import (
    event_names,
    make_account,
    make_item,
    signed_in_token,
    state_for,
)


def test_switching_language_reloads_the_page_data_and_is_kept_on_the_account(db):
    account = make_account(db)
    make_item(db, account, name="Soffa", purchase_price="12000")
    token = signed_in_token(db, account)
    db.commit()
    state = state_for(RegisterState, token=token, path="/register")
    state.on_load()
    assert state.rows[0]["status_label"] == "I bruk"
    again = state.set_language("en")
    # the page's on_load runs again, so rows made on the server come back in English without a reload
    assert event_names(again) == ["OnLoadInternalState.on_load_internal"]
    state.on_load()
    assert state.rows[0]["status_label"] == "In use"
    db.expire_all()
    stored = db.get(Account, account.id)
    assert stored.language == "en"
    mail = notices.send(db, stored, "login_locked", link="https://example.se/forgot")  # a mail sent later
    assert mail.subject == "Logins to your CleverStore account are blocked for a while"


def test_a_visitor_switching_language_changes_no_account(db):
    state = state_for(RegisterState, path="/login")
    assert event_names(state.set_language("en")) == ["OnLoadInternalState.on_load_internal"]
    assert state.lang == "en"


def test_report_titles_follow_the_readers_language(db):
    account = make_account(db)
    make_item(db, account, name="Soffa")
    db.commit()
    make_register_report(account.id, {}, "sv")
    (job,) = reports_overview(account.id).jobs
    assert job.title.startswith("Registerrapport")  # made while the page was in Swedish
    assert job_row(job, "en")["title"].startswith("Register report")
    assert job_row(job, "sv")["title"].startswith("Registerrapport")
