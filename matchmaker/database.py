"""One database session per request or CLI command, committed by the caller, closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from werkzeug.exceptions import ClientDisconnected, RequestTimeout
from sqlalchemy.orm import Session

from models.audit import set_actor
from models.db import begin_read, begin_write, create_engine, create_sessionmaker, ping_when_idle

READ_METHODS = ("GET", "HEAD", "OPTIONS")

EXTENSION = "matchmaker.db"


def read_body_first() -> None:
    """Receive the whole request body before a write transaction begins.

    On SQLite a write transaction holds the one write lock of the database: a client that sent
    half an upload and paused would hold every other write in the service with it. The body is
    read (forms and uploads parsed, files spooled) before the lock is asked for.
    """
    try:
        if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            request.form  # noqa: B018  (parses the body, spooling uploads to temporary files)
        else:
            request.get_data(cache=True)
    except (ClientDisconnected, TimeoutError, OSError) as exc:  # the body-read timeout of `matchmaker serve`
        raise RequestTimeout("请求体上传超时：客户端停止发送数据") from exc


def _writes_late() -> bool:
    # A view that reads and checks a lot before it writes (an import) says so with
    # `writes_late = True` and calls `models.db.start_writing` itself.
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_late", False) or getattr(getattr(view, "view_class", None), "writes_late", False))


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
                read_body_first()
                if not _writes_late():
                    begin_write(g.db_session)
        return g.db_session

    def _close(self, exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()  # anything not committed is rolled back here


def register_database(app: Flask) -> Database:
    """Attach a `Database` to the app."""
    return Database(app)
