"""`matchmaker db`: the schema, and SQLite backups."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..migrate import upgrade_database
from .common import database


@click.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply all migrations and refresh the shipped reference data."""
    upgrade_database(database().engine)
    click.echo("database is up to date")


def _sqlite_path() -> Path:
    url = database().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(
            "backup/restore here is for SQLite files; for PostgreSQL use pg_dump -Fc / pg_restore (see the README)"
        )
    return Path(url.database)


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def db_backup(file: Path) -> None:
    """Copy the SQLite database to FILE with SQLite's online backup API (safe while serving)."""
    import sqlite3

    source = sqlite3.connect(_sqlite_path())
    target = sqlite3.connect(file)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"backed up to {file}")


@db_group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="replace the current data without asking")
@with_appcontext
def db_restore(file: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup FILE (stop the servers first)."""
    import sqlite3

    target_path = _sqlite_path()
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        source.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        source.close()
        raise click.ClickException(f"{file} is not a Matchmaker database backup: {exc}") from None
    if not yes:
        click.confirm(f"replace all data in {target_path} with {file}?", abort=True)
    database().engine.dispose()
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"restored {target_path} from {file}; run `matchmaker db upgrade` if the backup is older")
