"""Applying the Alembic migrations shipped in the package, and the reference data after them."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from models.chain import ChainLink
from models.chain_service import replace_chains
from models.reference_service import upsert_districts, upsert_industries, upsert_plan_targets
from sample_data import CHAINS_FILE, TARGETS_FILE

from services.geography import district_centroids

MIGRATIONS = Path(__file__).with_name("migrations")
DATA = Path(__file__).with_name("data")


def alembic_config(connection: sa.Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config for our migrations, bound to a connection or a URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def migrating(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside one transaction for migrations.

    On SQLite, a migration that rebuilds a table (`batch_alter_table`) drops the old one, which
    with foreign keys enforced fails on the rows that refer to it, or cascades into them. So,
    as SQLite's own procedure for schema changes says, the keys are switched off outside the
    transaction and checked (`PRAGMA foreign_key_check`) before it commits.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection if engine.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or SQLite ignores it
        try:
            with connection.begin():
                yield connection
                if raw is not None and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise RuntimeError(f"the migration left rows whose foreign keys point nowhere: {broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def upgrade_database(engine: sa.Engine) -> None:
    """Apply every migration, then bring the shipped reference data up to date, in one transaction."""
    with migrating(engine) as connection:
        command.upgrade(alembic_config(connection), "head")
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            load_reference_data(session=session)
            session.commit()


def is_up_to_date(engine: sa.Engine) -> bool:
    """Whether the database is at the latest migration."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file (a BOM is tolerated)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_reference_data(*, session: Session) -> None:
    """Districts (with centroids), GB/T 4754-2017 codes and the plan's district targets."""
    centroids = district_centroids()
    districts = [
        {**row, "lat": centroids[row["code"]][0], "lon": centroids[row["code"]][1]}
        for row in read_csv(DATA / "districts.csv")
    ]
    upsert_districts(districts, session=session)
    upsert_industries(read_csv(DATA / "industries.csv"), session=session)
    upsert_plan_targets(read_csv(TARGETS_FILE), session=session)
    # The shipped chains seed an empty table; after that, admins keep them through the API.
    if session.scalar(sa.select(sa.func.count()).select_from(ChainLink)) == 0:
        replace_chains(json.loads(CHAINS_FILE.read_text(encoding="utf-8"))["chains"], session=session)
