"""The app on a fresh database holding the demo sample: what the page and serialisation benchmarks time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from matchmaker import create_app
from matchmaker.database import EXTENSION
from matchmaker.migrate import upgrade_database
from matchmaker.sample import load_sample_data

__all__ = ["demo_app"]


@contextmanager
def demo_app(database_url: str, *, secret_key: str) -> Iterator[Flask]:
    """An app on the empty database at `database_url`, migrated and loaded with the demo sample."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secret_key, "LOG_LEVEL": "WARNING"})
    database = app.extensions[EXTENSION]
    upgrade_database(database.engine)
    with app.app_context():
        load_sample_data(session=database.session)
        database.session.commit()
    try:
        yield app
    finally:
        database.engine.dispose()
