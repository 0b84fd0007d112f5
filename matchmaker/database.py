"""One database session per request or CLI command, committed by the caller, closed at teardown."""

from __future__ import annotations

from flask import Flask, g, has_request_context, request
from sqlalchemy.orm import Session

from models.audit import set_actor
from models.db import begin_read, begin_write, create_engine, create_sessionmaker, ping_when_idle

READ_METHODS = ("GET", "HEAD", "OPTIONS")

EXTENSION = "matchmaker.db"


class Database:
    """The engine and session factory of one app."""

    def __init__(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        self.engine = create_engine(url)
        if self.engine.dialect.name != "sqlite":  # a file never drops a connection; a server may
            ping_when_idle(self.engine)
        self.sessionmaker = create_sessionmaker(self.engine)
        app.extensions[EXTENSION] = self
        app.teardown_appcontext(self._close)

    @property
    def session(self) -> Session:
        """This request's session, opened on first use."""
        if "db_session" not in g:
            g.db_session = self.sessionmaker()
            if not has_request_context():
                set_actor(g.db_session, "cli")
            elif request.method in READ_METHODS:
                begin_read(g.db_session)
            else:
                begin_write(g.db_session)
        return g.db_session

    def _close(self, exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()  # anything not committed is rolled back here


def register_database(app: Flask) -> Database:
    """Attach a `Database` to the app."""
    return Database(app)
