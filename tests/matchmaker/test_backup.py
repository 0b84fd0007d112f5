"""Backup and restore of an SQLite database: the restored one serves the same data."""

import pytest

from matchmaker import create_app
from matchmaker.database import EXTENSION
from matchmaker.migrate import upgrade_database
from models.incubator import Incubator
from models.incubator_service import create_incubator


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}", "SECRET_KEY": "x"})
    upgrade_database(app.extensions[EXTENSION].engine)
    yield app
    app.extensions[EXTENSION].engine.dispose()


def _names(app):
    session = app.extensions[EXTENSION].sessionmaker()
    try:
        return sorted(i.name for i in session.query(Incubator))
    finally:
        session.close()


def test_a_restored_backup_serves_the_same_data(sqlite_app, tmp_path):
    session = sqlite_app.extensions[EXTENSION].sessionmaker()
    create_incubator({"name": "备份前的孵化器", "district": "鹿城区"}, session=session)
    session.commit()
    runner = sqlite_app.test_cli_runner()
    backup = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["db", "backup", str(backup)]).exit_code == 0
    create_incubator({"name": "备份后才登记的", "district": "龙湾区"}, session=session)
    session.commit()
    session.close()
    assert _names(sqlite_app) == ["备份前的孵化器", "备份后才登记的"]
    result = runner.invoke(args=["db", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert _names(sqlite_app) == ["备份前的孵化器"]


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_app, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = sqlite_app.test_cli_runner().invoke(args=["db", "restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "not a Matchmaker database backup" in result.output
