"""Engines and sessions, configured the same way for the app, the CLI and the tests."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

# Execution option: this transaction is going to write (SQLite begins it IMMEDIATE).
WRITE_TRANSACTION = "matchmaker_write_transaction"


def begin_write(session: Session) -> None:
    """Start the session's transaction as one that will write."""
    session.connection(execution_options={WRITE_TRANSACTION: True})


def start_writing(session: Session) -> None:
    """End the session's reading transaction (it wrote nothing) and begin one that writes.

    For work that reads and checks a lot before it writes (an import): on SQLite the write lock
    is then held for the writes only.
    """
    session.commit()
    begin_write(session)


# Session.info key: the session serves a read and must not write.
READ_ONLY = "matchmaker_read_only"


class WriteInRead(RuntimeError):
    """A read (GET) tried to flush changes: a bug, refused before anything reaches the database."""


def begin_read(session: Session) -> None:
    """Start the session as a read: a flush raises; on a database server, no transaction at all.

    On PostgreSQL every statement of a READ COMMITTED transaction takes its own snapshot anyway,
    so a transaction around a read only adds the round trips of BEGIN and ROLLBACK; worse,
    psycopg forgets its prepared statements on every ROLLBACK, so each read's statements were
    parsed and planned afresh. SQLite keeps its transaction: there it is the read's snapshot.
    """
    session.info[READ_ONLY] = True
    bind = session.get_bind()
    if isinstance(bind, sa.Engine) and bind.dialect.name != "sqlite":  # tests bind a Connection
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


@event.listens_for(Session, "before_flush")
def _refuse_writes_in_reads(session: Session, flush_context: Any, instances: Any) -> None:
    if session.info.get(READ_ONLY):
        raise WriteInRead("a read request tried to write: " + ", ".join(
            sorted({type(obj).__name__ for obj in [*session.new, *session.dirty, *session.deleted]})))


class _QueuedSQLiteConnection(sqlite3.Connection):
    """An SQLite connection whose writers queue on an OS file lock beside the database.

    SQLite's own busy handler sleeps up to 100 ms between tries, so under a steady stream of
    writes a waiting writer idles long after the lock is free; a blocking `flock` wakes at once.
    The lock is per open file, so it queues threads of one process as well as other processes,
    and the kernel drops it when a process dies.
    """

    lock_path = ""
    _lock_fd: int | None = None
    _locked = False

    def begin_immediate(self) -> None:
        """Wait for the writers' lock, then BEGIN IMMEDIATE."""
        if self._lock_fd is None:
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)  # releases the GIL while it waits
        self._locked = True
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        if self._locked:
            self._locked = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def create_engine(url: str | sa.URL, **kwargs: Any) -> sa.Engine:
    """An engine for `url`; SQLite gets real transactions, foreign keys, WAL and queued writers."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        lock_path = os.path.abspath(parsed.database) + "-writers.lock"
        factory = type("QueuedSQLiteConnection", (_QueuedSQLiteConnection,), {"lock_path": lock_path})
        kwargs["connect_args"] = {"factory": factory, **kwargs.get("connect_args", {})}
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _make_sqlite_transactional(engine)
    return engine


def ping_when_idle(engine: sa.Engine, idle_s: float = 5.0) -> None:
    """Test a pooled connection before use only if it sat unused for `idle_s` seconds.

    SQLAlchemy's `pool_pre_ping` costs a round trip on every checkout, i.e. on every request.
    A connection in steady use needs none: if the server restarts under load, the first
    statement on a dead connection fails, and SQLAlchemy then discards the whole pool. A
    connection that sat idle (a quiet night, a database restarted meanwhile) is tested first and
    silently replaced if dead (SQLAlchemy's recipe: `DisconnectionError` from `checkout`).
    """

    @event.listens_for(engine, "checkin")
    def on_checkin(dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_s:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise sa.exc.DisconnectionError(str(error)) from error


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
        dbapi_connection = conn.connection.dbapi_connection
        if immediate and isinstance(dbapi_connection, _QueuedSQLiteConnection):
            dbapi_connection.begin_immediate()
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_sessionmaker(engine: sa.Engine) -> sessionmaker[Session]:
    """A session factory that keeps loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)
