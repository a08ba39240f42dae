"""Test set-up: a private data directory, a migrated database, and clean tables per test."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_DATA_DIR = Path(tempfile.mkdtemp(prefix="cleverstore-tests-"))
os.environ["CLEVERSTORE_DATA_DIR"] = str(_DATA_DIR)
os.environ["CLEVERSTORE_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["CLEVERSTORE_BCRYPT_ROUNDS"] = "4"  # the cost-12 default has its own test
os.environ["CLEVERSTORE_BACKGROUND_JOBS"] = "0"  # unit tests deliver mail and run jobs themselves
os.environ.pop("REFLEX_DB_URL", None)

import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from tests.helpers.databases import fresh_database_url, migrate  # noqa: E402
from tests.helpers.s3 import file_store_backend, s3_server  # noqa: E402,F401  (fixtures for every test)

_UNIT_DB_URL = fresh_database_url("unit", _DATA_DIR)
os.environ["DATABASE_URL"] = _UNIT_DB_URL
migrate(_UNIT_DB_URL)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "layout: checks of how pages look and load in the browser (widths, targets, axe, Lighthouse); "
                   "they do not depend on the database, so CI runs them once, on SQLite")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return _DATA_DIR


@pytest.fixture()
def db_url():
    """The unit-test database, emptied before each test."""
    from cleverstore.config import reset_settings
    from cleverstore.db import get_engine

    os.environ["DATABASE_URL"] = _UNIT_DB_URL
    reset_settings()
    import cleverstore.models  # noqa: F401

    engine = get_engine()
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(text(f'DELETE FROM "{table.name}"'))
    for folder in ("files", "sensitive"):  # customers' files: ids are reused after the tables are emptied
        shutil.rmtree(_DATA_DIR / folder, ignore_errors=True)
    from cleverstore.services.register import revision_memo

    revision_memo.register_figures.clear()  # as are registers' ids and revisions, within the same second
    yield _UNIT_DB_URL


@pytest.fixture()
def db(db_url):
    """A session on the clean test database (committed on exit)."""
    from cleverstore.db import session_scope

    with session_scope() as session:
        yield session


def pytest_collection_modifyitems(config, items):
    """Browser tests, then the benchmarks' smoke runs, last: fast feedback first, and Playwright's event
    loop never meets the async unit tests."""
    items.sort(key=lambda item: 2 if "/benchmarks/" in str(item.fspath) else (1 if "/e2e/" in str(item.fspath) else 0))
