"""Alembic environment: the app's own models and database URL."""
from __future__ import annotations

from sqlmodel import SQLModel

import cleverstore.models  # noqa: F401  (registers every table)
from alembic import context
from cleverstore.config import get_settings
from cleverstore.db import make_engine

target_metadata = SQLModel.metadata
# the search index lives beside the models: SQLite's FTS5 table (and its shadow tables), PostgreSQL's GIN indexes
SEARCH_INDEX_PREFIXES = ("item_search", "ix_item_search_")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the full-text search index (made by its migration, not by a model) out of autogenerate."""
    return not (reflected and compare_to is None and str(name or "").startswith(SEARCH_INDEX_PREFIXES))


def run_migrations_offline() -> None:
    context.configure(
        url=get_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = context.config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(get_settings().database_url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations rebuild a table by copy, drop and rename; with foreign keys on,
        # dropping a parent (account, item) would cascade-delete every child row.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()  # end SQLAlchemy's autobegun transaction before alembic starts its own
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
