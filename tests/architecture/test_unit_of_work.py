"""Units of work that run in parallel threads (logins) survive a database that is busy for a moment."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from cleverstore.db import SQLITE_RETRIES, session_scope, unit_of_work
from cleverstore.models import Account
from tests.helpers.factories import make_account


def _locked() -> OperationalError:
    return OperationalError("UPDATE account …", {}, sqlite3.OperationalError("database is locked"))


def test_a_unit_that_found_the_database_locked_runs_again_and_its_first_try_leaves_nothing(db_url):
    with session_scope() as db:
        account_id = make_account(db, name="Första Namnet").id
    attempts = []

    def rename(db, new_name: str) -> str:
        attempts.append(new_name)
        account = db.get(Account, account_id)
        account.name = f"{new_name} (försök {len(attempts)})"
        db.add(account)
        db.flush()
        if len(attempts) == 1:
            raise _locked()  # what SQLite says when another login held the write lock past the busy timeout
        return account.name

    assert unit_of_work(rename, "Andra Namnet") == "Andra Namnet (försök 2)"
    assert len(attempts) == 2
    with session_scope() as db:
        assert db.get(Account, account_id).name == "Andra Namnet (försök 2)"


def test_a_database_that_stays_locked_is_reported_after_the_last_try(db_url, monkeypatch):
    monkeypatch.setattr("cleverstore.db.time.sleep", lambda _seconds: None)
    calls = []

    def always_locked(db):
        calls.append(1)
        raise _locked()

    with pytest.raises(OperationalError, match="database is locked"):
        unit_of_work(always_locked)
    assert len(calls) == SQLITE_RETRIES


def test_other_database_errors_are_not_retried(db_url):
    calls = []

    def broken(db):
        calls.append(1)
        db.connection().exec_driver_sql("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table"):
        unit_of_work(broken)
    assert calls == [1]
