"""Engines and sessions, configured the same way for the app, the CLI and the tests."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker


# Execution option: this transaction is going to write (SQLite begins it IMMEDIATE).
WRITE_TRANSACTION = "matchmaker_write_transaction"


def begin_write(session: Session) -> None:
    """Start the session's transaction as one that will write."""
    session.connection(execution_options={WRITE_TRANSACTION: True})


def create_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine for `url`; SQLite gets real transactions, foreign keys and WAL."""
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _make_sqlite_transactional(engine)
    return engine


def _make_sqlite_transactional(engine: sa.Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT;
    # this is SQLAlchemy's documented recipe to let SQLAlchemy issue BEGIN itself.
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: sa.Connection) -> None:
        # A transaction that will write takes the write lock up front: upgrading a read
        # transaction later fails at once (SQLITE_BUSY) instead of waiting its turn.
        immediate = conn.get_execution_options().get(WRITE_TRANSACTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_sessionmaker(engine: sa.Engine) -> sessionmaker[Session]:
    """A session factory that keeps loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)
