"""Data in and out: the sample, GB/T 4754 codes, and imports and exports of the registry."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from api.imports.schemas import ROW_SCHEMAS
from api.limits import import_limits
from models.audit import set_actor
from models.errors import DomainError
from models.incubator import Incubator
from models.reference_service import upsert_industries
from services.imports.exporter import export_rows, write_table
from services.imports.uploads import import_upload

from ..migrate import read_csv
from ..sample import load_sample_data
from .common import cli_user, database, fail


@click.group("sample-data")
def sample_group() -> None:
    """The synthetic Wenzhou sample."""


@sample_group.command("load")
@with_appcontext
def sample_load() -> None:
    """Load the sample incubators and projects (into an empty registry)."""
    session = database().session
    if session.scalar(sa.select(sa.func.count(Incubator.id))):
        raise click.ClickException("the registry is not empty; the sample is loaded only into an empty one")
    counts = load_sample_data(session=session)
    session.commit()
    click.echo("loaded " + ", ".join(f"{n} {what}" for what, n in counts.items()))


@click.group("industries")
def industries_group() -> None:
    """GB/T 4754-2017 industry codes."""


@industries_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def industries_import(file: Path) -> None:
    """Load a GB/T 4754 list from a CSV with columns code,name (optional level,parent)."""
    session = database().session
    try:
        rows = read_csv(file)
    except (UnicodeDecodeError, ValueError) as exc:
        raise click.ClickException(f"cannot read {file}: {exc}") from exc
    try:
        count = upsert_industries(rows, session=session)
    except DomainError as exc:
        fail(exc)
    session.commit()
    click.echo(f"imported {count} industry codes")


KINDS = click.Choice(["projects", "sites", "incubators", "financings", "annual-figures"])


@click.command("import")
@click.argument("kind", type=KINDS)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", help="record the import as this user (default: the first admin)")
@with_appcontext
def import_command(kind: str, file: Path, username: str | None) -> None:
    """Import a .csv or .xlsx file of KIND: all rows or none."""
    session = database().session
    user = cli_user(username)
    set_actor(session, f"cli:{user.username}")
    with file.open("rb") as stream:
        report = import_upload(kind, file.name, stream, session=session, user=user,
                               schemas=ROW_SCHEMAS, limits=import_limits())
    if report.errors:
        for error in report.errors:
            row = f"第 {error['row']} 行" if error["row"] else "文件"
            click.echo(f"{row} [{error['field']}] {error['message']}", err=True)
        raise click.ClickException(f"{len(report.errors)} error(s): nothing was imported")
    session.commit()
    click.echo(f"imported {file.name}: {report.created} created, {report.updated} updated, "
               f"{report.unchanged} unchanged")


@click.command("export")
@click.argument("kind", type=KINDS)
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_command(kind: str, file: Path) -> None:
    """Export KIND to FILE (.csv or .xlsx) in the columns the import reads."""
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise click.ClickException("FILE must end in .csv or .xlsx")
    with file.open("wb") as out:
        write_table(export_rows(kind, session=database().session), fmt, out, kind=kind)
    click.echo(f"wrote {file}")
