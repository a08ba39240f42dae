"""Migrations: from empty to head, down and up again, and no drift from the models."""
import os

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from cleverstore.config import PROJECT_ROOT, reset_settings
from tests.support.databases import fresh_database_url


@pytest.fixture()
def migration_db(data_dir, monkeypatch):
    url = fresh_database_url("migrations", data_dir)
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings()
    yield url
    monkeypatch.undo()
    reset_settings()


def _config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def test_upgrade_from_empty_creates_every_table(migration_db):
    command.upgrade(_config(), "head")
    engine = create_engine(migration_db)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {table.name for table in SQLModel.metadata.sorted_tables} <= tables


def test_every_revision_upgrades_from_the_previous_one(migration_db):
    config = _config()
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    for revision in revisions:
        command.upgrade(config, revision.revision)
    for revision in reversed(revisions):
        command.downgrade(config, revision.down_revision or "base")
    command.upgrade(config, "head")


def test_models_and_migrations_agree(migration_db):
    command.upgrade(_config(), "head")
    command.check(_config())  # raises when autogenerate would find a difference
