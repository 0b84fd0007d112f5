"""Real server processes on a database of their own, for crash and multi-server tests.

On SQLite each test gets its own file; on PostgreSQL (MATCHMAKER_TEST_DATABASE_URL) its own
schema in the test database, reached through `search_path`, so the suite's schema is untouched.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.database import EXTENSION
from matchmaker.migrate import upgrade_database
from models.db import create_engine

_names = itertools.count()


@dataclass
class ServerDatabase:
    """A database for server subprocesses: its URL, and a probe for a write in flight."""

    url: str
    dialect: str
    probe: Callable[[], bool]
    app: Any  # an app on the same database, for setting up and checking data in-process

    def session(self):
        """A session outside any request (commit it yourself)."""
        return self.app.extensions[EXTENSION].sessionmaker()


def _sqlite_probe(path: str) -> Callable[[], bool]:
    def writing() -> bool:
        # Whoever holds SQLite's write lock is inside a write transaction right now.
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return True
            raise
        finally:
            conn.close()

    return writing


def _postgres_probe(engine: sa.Engine, application: str) -> Callable[[], bool]:
    def writing() -> bool:
        # backend_xid is assigned when a transaction writes its first row.
        with engine.connect() as conn:
            return bool(conn.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name AND backend_xid IS NOT NULL"),
                {"name": application}))

    return writing


@pytest.fixture
def server_database(database_url: str, tmp_path) -> Iterator[ServerDatabase]:
    """A fresh, migrated database that server subprocesses and the test share."""
    admin_engine = None
    if database_url.startswith("sqlite"):
        path = str(tmp_path / "server.sqlite3")
        url, dialect, probe = f"sqlite:///{path}", "sqlite", _sqlite_probe(path)
    else:
        schema = f"srv_{os.getpid()}_{next(_names)}_{uuid.uuid4().hex[:6]}"
        admin_engine = create_engine(database_url)
        with admin_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = sa.make_url(database_url).update_query_dict(
            {"options": f"-csearch_path={schema}", "application_name": schema}
        ).render_as_string(hide_password=False)
        dialect, probe = "postgresql", _postgres_probe(admin_engine, schema)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "server-test", "LOG_LEVEL": "WARNING"})
    engine = app.extensions[EXTENSION].engine
    try:
        upgrade_database(engine)
        yield ServerDatabase(url, dialect, probe, app)
    finally:
        engine.dispose()
        if admin_engine is not None:
            with admin_engine.begin() as conn:
                # Backends of killed servers may linger for a moment; end them so the drop doesn't wait.
                conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                     "WHERE application_name = :name"), {"name": schema})
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin_engine.dispose()


def make_token(database: ServerDatabase, username: str, role: str, **kwargs: Any) -> str:
    """Create a user and return a fresh API token of theirs."""
    from models.user import Role
    from models.user_service import create_user, issue_token

    with database.session() as session:
        user = create_user(username, "a long password", Role(role), session=session, **kwargs)
        token, _ = issue_token(user, ttl=timedelta(hours=2), session=session)
        session.commit()
    return token


def request(base: str, method: str, path: str, *, token: str | None = None, json_body: Any = None,
            body: bytes | None = None, content_type: str | None = None, timeout: float = 60) -> tuple[int, Any]:
    """One HTTP request; returns (status, parsed JSON body or None)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if json_body is not None:
        body, content_type = json.dumps(json_body).encode(), "application/json"
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(base + "/api/v1" + urllib.parse.quote(path, safe="/?&=%"), data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw else None


def multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file, and its content type."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def negotiating_match(session: Any, *, name: str, incubator_id: int, offer_id: int, area: float) -> int:
    """A graduated project in negotiation for `offer_id`, one signing away from reserving `area`."""
    from models.match import Match, MatchStatus
    from models.project import Action
    from models.project_service import create_project

    project = create_project({"name": name, "incubator_id": incubator_id, "stage": "incubation",
                              "space_need": {"space_type": "plant", "area_min": area}}, actor="test", session=session)
    project.transition(Action.graduate, actor="test")
    match = Match(project=project, offer_id=offer_id, area=area, status=MatchStatus.negotiating, created_by="test")
    session.add(match)
    session.flush()
    return match.id
