"""Data-version stamps: concurrent bumps of a stamp that has no row yet both count."""

import threading
import time
import uuid

import sqlalchemy as sa

from matchmaker.database import EXTENSION
from models.db import begin_write, create_sessionmaker
from models.versioning import DataVersion, bump_version, current_version


def test_two_transactions_bump_a_new_stamp_without_colliding(app):
    sessions = create_sessionmaker(app.extensions[EXTENSION].engine)
    name = f"test-{uuid.uuid4().hex[:8]}"
    seen: list[int] = []

    def second() -> None:
        with sessions() as session:
            begin_write(session)
            bump_version(name, session=session)  # waits for the first transaction's row
            session.commit()
            seen.append(current_version(name, session=session))

    try:
        with sessions() as first:
            begin_write(first)
            bump_version(name, session=first)
            thread = threading.Thread(target=second)
            thread.start()
            time.sleep(0.3)  # the second is now waiting on the first
            first.commit()
        thread.join(timeout=30)
        assert seen == [2]
    finally:
        with sessions() as session:
            session.execute(sa.delete(DataVersion).where(DataVersion.name == name))
            session.commit()
