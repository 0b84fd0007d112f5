"""Fixtures: one app and schema per run, and one rolled-back transaction per test.

The schema is built by the migrations. Tests run on SQLite by default and on PostgreSQL
when MATCHMAKER_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session, sessionmaker

from api.context import init_worker_state
from api.limits import limiter
from matchmaker import create_app
from matchmaker.database import EXTENSION
from matchmaker.migrate import upgrade_database
from models.user import Role

from .factories import FACTORIES, IncubatorFactory, UserFactory, token_for

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _reset_schema(engine: sa.Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("MATCHMAKER_TEST_DATABASE_URL")
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    # Solves run in the test process: a solver pool's processes would outlive the tests that
    # check nothing is left behind (tests/services/test_solver_pool.py tests the pool itself).
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "TESTING": True,
                      "SOLVER_PROCESSES": 0})
    engine = app.extensions[EXTENSION].engine
    _reset_schema(engine)
    upgrade_database(engine)
    yield app
    engine.dispose()


@pytest.fixture(autouse=True)
def db(app: Flask) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test, whatever it committed."""
    database = app.extensions[EXTENSION]
    original = database.sessionmaker
    connection = database.engine.connect()
    outer = connection.begin()
    database.sessionmaker = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    session = database.sessionmaker()
    # Data-version stamps go back with each rollback: a cached index or response must not outlive its test.
    init_worker_state(app)
    for factory in FACTORIES:
        factory._meta.sqlalchemy_session = session
    try:
        yield session
    finally:
        session.close()
        database.sessionmaker = original
        outer.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Login attempts counted by one test never lock out the next."""
    limiter.reset()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def incubator(db: Session):
    return IncubatorFactory()


@pytest.fixture
def admin(db: Session):
    return UserFactory(role=Role.admin)


@pytest.fixture
def admin_headers(admin, db: Session) -> dict[str, str]:
    return token_for(admin, db)


@pytest.fixture
def promotion_headers(db: Session) -> dict[str, str]:
    return token_for(UserFactory(role=Role.promotion), db)


@pytest.fixture
def operator_headers(incubator, db: Session) -> dict[str, str]:
    """A token of an operator of the `incubator` fixture."""
    return token_for(UserFactory(role=Role.incubator, incubator=incubator), db)
