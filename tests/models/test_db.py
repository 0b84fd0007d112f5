"""Pooled connections to a database server: tested only after sitting idle, replaced if dead."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from models.db import create_engine, ping_when_idle


@pytest.fixture
def server_url(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a file database has no server to drop the connection")
    return database_url


def _backend(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()


def _kill(url: str, pid: int) -> None:
    # As a server restart or an idle-session timeout would.
    killer = sa.create_engine(url, poolclass=NullPool)
    with killer.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT pg_terminate_backend({pid})").scalar_one()
    killer.dispose()


@pytest.mark.parametrize("idle_s", [0.0, 3600.0], ids=["idle", "busy"])
def test_an_idle_connection_the_server_dropped_is_replaced_a_busy_one_is_not_tested(server_url, idle_s):
    engine = create_engine(server_url, pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle_s=idle_s)
    try:
        first = _backend(engine)
        _kill(server_url, first)
        if idle_s == 0.0:  # idle past the limit: tested on checkout, replaced without an error
            assert _backend(engine) != first
        else:  # in steady use: no round trip spent; the dead connection shows on first use
            with pytest.raises(sa.exc.OperationalError):
                _backend(engine)
            assert _backend(engine) != first  # and SQLAlchemy has replaced it for the next one
    finally:
        engine.dispose()
