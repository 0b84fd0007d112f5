"""The request's session: reads cannot write; on PostgreSQL they run without a transaction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.database import EXTENSION
from models.db import WriteInRead
from models.incubator import Incubator

from ..factories import IncubatorFactory


@pytest.mark.parametrize("method", ["GET", "PATCH"])
def test_a_read_request_cannot_write_a_write_request_can(app, db, method):
    incubator = IncubatorFactory()
    db.flush()
    with app.test_request_context("/anything", method=method):
        session = app.extensions[EXTENSION].session
        session.get(Incubator, incubator.id).name = "改了"
        if method == "GET":  # refused before anything reaches the database
            with pytest.raises(WriteInRead, match="Incubator"):
                session.flush()
        else:
            session.flush()
            assert session.scalar(sa.select(Incubator.name).where(Incubator.id == incubator.id)) == "改了"


def test_postgresql_reads_keep_their_prepared_statements_and_open_no_transaction(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite keeps the read's transaction: it is the read's snapshot")
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "reads"})
    database = app.extensions[EXTENSION]
    database.engine.pool.dispose()
    query = sa.select(sa.func.count()).select_from(Incubator).where(Incubator.id > sa.bindparam("low"))
    try:
        for _ in range(8):  # psycopg prepares a statement on its fifth execution on a connection
            with app.test_request_context("/anything", method="GET"):
                session = database.session
                session.execute(query, {"low": 0})
                raw = session.connection().connection.dbapi_connection
                assert raw.info.transaction_status == raw.info.transaction_status.IDLE  # no BEGIN sent
        with app.test_request_context("/anything", method="GET"):
            prepared = database.session.scalars(sa.text("SELECT statement FROM pg_prepared_statements")).all()
        # A ROLLBACK at the end of each read would have made psycopg drop them every time.
        assert any("count(*)" in statement and "incubators" in statement for statement in prepared), prepared
    finally:
        database.engine.dispose()
