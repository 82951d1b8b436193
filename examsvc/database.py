"""How examsvc talks to its database, the same way on SQLite and PostgreSQL.

SQLite (the embedded default) gets, on every connection: WAL journal, ``synchronous=FULL``
(NORMAL may lose the last commits on power loss), foreign keys, and a busy timeout. Its
transactions are started by us, not by the driver: ``BEGIN IMMEDIATE`` when the unit of work
may write (so two processes never both read, then both try to upgrade to a write lock and one
fails with "database is locked"), plain ``BEGIN`` for read-only requests, so readers never wait
for a writer. PostgreSQL runs READ COMMITTED with ``synchronous_commit=on``; races there are
settled with conditional updates, upserts and row locks in the services.
"""

from __future__ import annotations

import contextvars
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

#: whether transactions begun in this context may write (SQLite: BEGIN IMMEDIATE)
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)


def set_write_intent(value: bool) -> contextvars.Token:
    """Declare whether the current unit of work may write (read-only requests pass False)."""
    return _write_intent.set(value)


@contextmanager
def write_intent(value: bool) -> Iterator[None]:
    """Run a block with the given write intent."""
    token = _write_intent.set(value)
    try:
        yield
    finally:
        _write_intent.reset(token)


def begin_write(session: Session) -> None:
    """Make sure the session's next statements run in a transaction that may write.

    On SQLite a read-only (deferred) transaction cannot safely become a writer, so the read
    transaction is ended and the next one begins IMMEDIATE. On PostgreSQL nothing is needed.
    Objects loaded so far are expired and reload on access.
    """
    if _write_intent.get():
        return
    _write_intent.set(True)
    real = session() if isinstance(session, scoped_session) else session
    if real.get_bind().dialect.name == "sqlite" and real.in_transaction():
        real.commit()


def install_sqlite_behaviour(engine: Engine, busy_timeout_ms: int = 5000) -> None:
    """Attach the SQLite pragmas and transaction handling above to ``engine``."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        # we issue BEGIN ourselves (below); the driver must not start transactions implicitly
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if _is_file_database(cursor):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def install_postgresql_behaviour(engine: Engine) -> None:
    """Make sure commits are durable before they are acknowledged."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO on")
        dbapi_connection.commit()


def _is_file_database(cursor: sqlite3.Cursor) -> bool:
    row = cursor.execute("PRAGMA database_list").fetchone()
    return bool(row and row[2])


def insert_for(session: Session, table: Any) -> Any:
    """A dialect-specific INSERT for ``table`` that supports ``on_conflict_do_update``."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for {dialect}")
