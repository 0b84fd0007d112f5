"""`matchmaker db`: the schema, and SQLite backups."""

from __future__ import annotations

import sqlite3
from contextlib import closing
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


def _copy(source: sqlite3.Connection, target_path: Path | str) -> None:
    """Copy `source` into the database file at `target_path` with SQLite's online backup API."""
    with closing(sqlite3.connect(target_path)) as target, target:
        source.backup(target)


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def db_backup(file: Path) -> None:
    """Copy the SQLite database to FILE with SQLite's online backup API (safe while serving)."""
    with closing(sqlite3.connect(_sqlite_path())) as source:
        _copy(source, file)
    click.echo(f"backed up to {file}")


@db_group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="replace the current data without asking")
@with_appcontext
def db_restore(file: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup FILE (stop the servers first)."""
    target_path = _sqlite_path()
    with closing(sqlite3.connect(f"file:{file}?mode=ro", uri=True)) as source:
        try:
            source.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{file} is not a Matchmaker database backup: {exc}") from None
        if not yes:
            click.confirm(f"replace all data in {target_path} with {file}?", abort=True)
        database().engine.dispose()
        _copy(source, target_path)
    click.echo(f"restored {target_path} from {file}; run `matchmaker db upgrade` if the backup is older")
