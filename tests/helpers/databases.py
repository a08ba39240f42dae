"""Fresh, empty databases for tests: SQLite files by default, PostgreSQL when asked.

`CLEVERSTORE_TEST_DATABASE_URL` (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)
switches every test database to PostgreSQL; each purpose gets its own database
named after the given one, so the suites never step on each other.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "CLEVERSTORE_TEST_DATABASE_URL"


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def fresh_database_url(purpose: str, directory: Path) -> str:
    """An empty database for `purpose` (dropped and re-created on PostgreSQL)."""
    base = postgres_base_url()
    if base is None:
        path = directory / f"{purpose}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = make_url(base)
    name = f"{url.database}_{purpose}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def migrate(url: str) -> None:
    from alembic.config import Config

    from alembic import command
    from cleverstore.config import PROJECT_ROOT

    os.environ["DATABASE_URL"] = url
    from cleverstore.config import reset_settings

    reset_settings()
    command.upgrade(Config(str(PROJECT_ROOT / "alembic.ini")), "head")
