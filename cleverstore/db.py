"""Database engine and sessions; SQLite gets the safety pragmas on every connection.

`session_scope()` is unscoped work (admin, jobs, webhooks). `tenant_scope(account_id)`
is one customer's work: on PostgreSQL each of its transactions declares the tenant, so
row-level security (migration b7e4c2a91d53) hides and refuses every other customer's rows.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, create_engine

from cleverstore.config import get_settings

T = TypeVar("T")

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
)


def _apply_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
    # SQLite's own lower() only folds ASCII; searching "Ö" must find "ö".
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _apply_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


_ENGINES: dict[str, Engine] = {}


def get_engine() -> Engine:
    """The engine for the configured URL, made once per process."""
    url = get_settings().database_url
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def dispose_engines() -> None:
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = Session(get_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# SQLite has one writer at a time. When many logins arrive at once (each writes its session,
# device and throttle rows) a thread can wait out the whole busy timeout and get "database is
# locked"; such a unit of work is simply run again (nothing of the failed try was committed).
SQLITE_RETRIES = 6


def unit_of_work(work: Callable[..., T], *args: object) -> T:
    """`work(db, *args)` in one session_scope; on SQLite, run again when another writer got in between.

    For units that may run in parallel threads (logins, sign-ups, password resets). `work` must
    keep its effects in the database, so that a rolled-back attempt leaves nothing behind.
    """
    for attempt in range(SQLITE_RETRIES):
        try:
            with session_scope() as db:
                return work(db, *args)
        except OperationalError as error:
            locked = "database is locked" in str(error.orig)
            if not locked or attempt == SQLITE_RETRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


# -- which sessions of this context hold uncommitted writes ------------------------------------------
# A call to another service (Stripe) must not be made while a write transaction is open: on SQLite it
# holds the one write lock for the whole round trip, so the webhook that the call itself causes waits
# for it and fails. Every session that begins a transaction or is given an object is noted for the
# current context (a thread, an asyncio task); `after_flush` (and an ORM insert/update/delete) marks it
# as having written, and the end of its outermost transaction clears the mark. Raw SQL text is not seen.

_WROTE = "cleverstore.wrote"
_SESSIONS: ContextVar[tuple[weakref.ref, ...]] = ContextVar("cleverstore_sessions", default=())


def _note(session: OrmSession) -> None:
    noted = _SESSIONS.get()
    if not any(ref() is session for ref in noted):
        _SESSIONS.set(tuple(ref for ref in noted if ref() is not None) + (weakref.ref(session),))


@event.listens_for(OrmSession, "after_begin")
def _began(session, _transaction, _connection) -> None:
    _note(session)


@event.listens_for(OrmSession, "after_attach")
def _attached(session, _instance) -> None:
    _note(session)


@event.listens_for(OrmSession, "after_flush")
def _flushed(session, _flush_context) -> None:
    session.info[_WROTE] = True
    _note(session)


@event.listens_for(OrmSession, "do_orm_execute")
def _executed(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True
        _note(state.session)


@event.listens_for(OrmSession, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed, rolled back or closed
        session.info.pop(_WROTE, None)


def uncommitted_writes() -> bool:
    """True when a session of this thread or task has written (flushed) or holds new, changed or
    deleted objects that are not committed yet."""
    for ref in _SESSIONS.get():
        session = ref()
        if session is not None and (session.info.get(_WROTE) or session.new or session.dirty or session.deleted):
            return True
    return False


TENANT_ROLE = "cleverstore_app"  # made by migration b7e4c2a91d53; not a superuser, so policies bind it
_DECLARE_TENANT = text("SELECT set_config('cleverstore.account_id', :account_id, true)")


@contextmanager
def tenant_scope(account_id: int) -> Iterator[Session]:
    """A session_scope for one customer's data: on PostgreSQL every transaction it begins runs as
    the row-level-secured role with the tenant declared (both end with the transaction). SQLite has
    no row-level security: there the `account_id` filters in the queries are the only guard."""
    if isinstance(account_id, bool) or not isinstance(account_id, int) or account_id <= 0:
        raise ValueError("tenant_scope needs a customer's account id")
    with session_scope() as session:
        if session.get_bind().dialect.name == "postgresql":
            event.listen(session, "after_begin", _declarer(account_id))
        yield session


def _declarer(account_id: int):
    def declare(_session, _transaction, connection) -> None:
        connection.execute(text(f"SET LOCAL ROLE {TENANT_ROLE}"))
        connection.execute(_DECLARE_TENANT, {"account_id": str(account_id)})
    return declare


def database_answers() -> bool:
    try:
        with get_engine().connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except Exception:
        return False


def schema_is_current() -> bool:
    """True when the database is at the newest alembic revision of this code."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from cleverstore.config import PROJECT_ROOT

    heads = set(ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini"))).get_heads())
    try:
        with get_engine().connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except Exception:
        return False
    return current == heads
