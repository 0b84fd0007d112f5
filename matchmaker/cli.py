"""The `matchmaker` command line: database, demo, serving, users, reference and sample data."""

from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from models.audit import set_actor
from models.errors import DomainError
from models.incubator import Incubator
from models.reference import upsert_industries
from models.user import Role, User, create_user, get_user_by_name_or_raise, issue_token

from .database import EXTENSION
from .migrate import is_up_to_date, read_csv, upgrade_database
from .sample import load_sample_data
from .server import serve_app

DEMO_USER = "demo"


def _db():
    return current_app.extensions[EXTENSION]


def _fail(error: DomainError) -> None:
    message = error.detail
    if getattr(error, "errors", None):
        message += "\n" + "\n".join(f"  {k}: {'；'.join(v)}" for k, v in error.errors.items())
    raise click.ClickException(message)


@click.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply all migrations and refresh the shipped reference data."""
    upgrade_database(_db().engine)
    click.echo("database is up to date")


def _sqlite_path() -> Path:
    url = _db().engine.url
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
    _db().engine.dispose()
    target = sqlite3.connect(target_path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"restored {target_path} from {file}; run `matchmaker db upgrade` if the backup is older")


@click.group("users")
def users_group() -> None:
    """User accounts."""


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_group.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--incubator-id", type=int, help="required for the incubator role")
@with_appcontext
def users_create(name: str, role: str, incubator_id: int | None) -> None:
    """Create a user NAME; the password is read from standard input."""
    session = _db().session
    try:
        user = create_user(name, _read_password(), Role(role), incubator_id=incubator_id, session=session)
    except DomainError as exc:
        _fail(exc)
    session.commit()
    click.echo(f"created user {user.username} ({user.role.value}), id {user.id}")


@users_group.command("token")
@click.argument("name")
@with_appcontext
def users_token(name: str) -> None:
    """Print a new API token for user NAME."""
    session = _db().session
    try:
        user = get_user_by_name_or_raise(name, session=session)
    except DomainError as exc:
        _fail(exc)
    plain, _ = issue_token(user, ttl=timedelta(hours=current_app.config["TOKEN_TTL_HOURS"]), session=session)
    session.commit()
    click.echo(plain)


@click.group("sample-data")
def sample_group() -> None:
    """The synthetic Wenzhou sample."""


@sample_group.command("load")
@with_appcontext
def sample_load() -> None:
    """Load the sample incubators and projects (into an empty registry)."""
    session = _db().session
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
    session = _db().session
    try:
        rows = read_csv(file)
    except (UnicodeDecodeError, ValueError) as exc:
        raise click.ClickException(f"cannot read {file}: {exc}") from exc
    try:
        count = upsert_industries(rows, session=session)
    except DomainError as exc:
        _fail(exc)
    session.commit()
    click.echo(f"imported {count} industry codes")


KINDS = click.Choice(["projects", "sites", "incubators"])


def _cli_user(username: str | None) -> User:
    """The user an import is recorded as: the named one, or the first active admin."""
    session = _db().session
    query = sa.select(User).where(User.active.is_(True))
    query = query.where(User.username == username) if username else query.where(User.role == Role.admin)
    user = session.scalars(query.order_by(User.id)).first()
    if user is None:
        raise click.ClickException(
            f"no active user {username}" if username else "no admin user yet: create one with `matchmaker users create`"
        )
    return user


@click.command("import")
@click.argument("kind", type=KINDS)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", help="record the import as this user (default: the first admin)")
@with_appcontext
def import_command(kind: str, file: Path, username: str | None) -> None:
    """Import a .csv or .xlsx file of KIND: all rows or none."""
    from api.imports.service import import_upload

    session = _db().session
    user = _cli_user(username)
    set_actor(session, f"cli:{user.username}")
    with file.open("rb") as stream:
        report = import_upload(kind, file.name, stream, session=session, user=user)
    if report.errors:
        for error in report.errors:
            row = f"第 {error['row']} 行" if error["row"] else "文件"
            click.echo(f"{row} [{error['field']}] {error['message']}", err=True)
        raise click.ClickException(f"{len(report.errors)} error(s): nothing was imported")
    session.commit()
    click.echo(f"imported {file.name}: {report.created} created, {report.updated} updated")


@click.command("export")
@click.argument("kind", type=KINDS)
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_command(kind: str, file: Path) -> None:
    """Export KIND to FILE (.csv or .xlsx) in the columns the import reads."""
    from api.imports.exporter import export_rows, write_table

    fmt = file.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise click.ClickException("FILE must end in .csv or .xlsx")
    with file.open("wb") as out:
        write_table(export_rows(kind, session=_db().session), fmt, out, kind=kind)
    click.echo(f"wrote {file}")


@click.command("report")
@click.option("--event", "event_id", type=int, help="compute and write this event's report")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="or: projects graduated since this date")
@click.option("--district", help="with --since: projects of this district (code or name)")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--format", "formats", default="xlsx,pdf", show_default=True, help="any of json,csv,xlsx,html,pdf")
@click.option("--time-limit", type=float, default=10.0, show_default=True)
@with_appcontext
def report_command(event_id, since, district, out_dir: Path, formats: str, time_limit: float) -> None:
    """Write assignment reports without a server (for cron): for an event, or a period."""
    from api.events.service import compute_report, run_assignment
    from api.matching.inventory import select_projects
    from api.matching.inventory import today
    from api.reports.render import FORMATS, render
    from models.event import get_event_or_raise
    from models.reference import lookups

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    if bad := [f for f in wanted if f not in FORMATS]:
        raise click.ClickException(f"unknown format {', '.join(bad)}; choose from {', '.join(FORMATS)}")
    if (event_id is None) == (since is None):
        raise click.ClickException("give either --event ID or --since DATE")
    session = _db().session
    options = {"time_limit_s": time_limit, "objective": "equal", "priorities": {}}
    try:
        if event_id is not None:
            event = get_event_or_raise(event_id, session=session)
            snapshot = compute_report(event, options, session=session, user=_cli_user(None)).snapshot
            session.commit()
            stem = f"event-{event.id}-{today().isoformat()}"
        else:
            code = lookups(session).district_code(district) if district else None
            projects = select_projects(session=session, district=code, graduated_since=since.date())
            name = f"{lookups(session).district_names.get(code, '全市') if code else '全市'}毕业项目落地匹配（{since.date():%Y-%m-%d} 起）"
            snapshot = run_assignment(session=session, projects=projects, offer_ids=None, options=options, event={
                "id": None, "name": name, "date": today().isoformat(), "kind": None, "kind_name": "定期报告",
                "district": code, "district_name": None, "project_filter": {"graduated_since": since.date().isoformat()}})
            stem = f"report-{code or 'all'}-{today().isoformat()}"
    except DomainError as exc:
        _fail(exc)
    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in wanted:
        path = out_dir / f"{stem}.{fmt}"
        path.write_bytes(render(snapshot, fmt))
        click.echo(f"wrote {path}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="threads per worker")
@with_appcontext
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve with gunicorn (run `matchmaker db upgrade` first)."""
    if not is_up_to_date(_db().engine):
        raise click.ClickException("the database is not at the latest migration: run `matchmaker db upgrade` first")
    serve_app(current_app._get_current_object(), host=host, port=port, workers=workers, threads=threads)


@click.command("demo")
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def demo(port: int) -> None:
    """Quick start: migrate, load the sample if empty, print a login, and serve on 127.0.0.1."""
    db = _db()
    upgrade_database(db.engine)
    session = db.session
    if not session.scalar(sa.select(sa.func.count(Incubator.id))):
        counts = load_sample_data(session=session)
        click.echo("loaded the synthetic sample: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    password = secrets.token_urlsafe(9)
    user = session.scalar(sa.select(User).where(User.username == DEMO_USER))
    if user is None:
        user = create_user(DEMO_USER, password, Role.admin, session=session)
    else:
        # A fresh password each start, so none is kept anywhere in plain text.
        user.set_password(password)
        user.active = True
    plain, token = issue_token(user, ttl=timedelta(hours=current_app.config["TOKEN_TTL_HOURS"]), session=session)
    session.commit()
    base = f"http://127.0.0.1:{port}"
    click.echo(
        f"\nMatchmaker demo at {base}\n"
        f"  API docs:  {base}/api/v1/docs\n"
        f"  pages:     {base}/  (staff web pages, same login)\n"
        f"  log in:    username {DEMO_USER}  password {password}\n"
        f"  token:     {plain}  (valid until {token.expires_at:%Y-%m-%d %H:%M} UTC)\n"
        f"  try:       curl -H 'Authorization: Bearer {plain}' {base}/api/v1/projects\n"
    )
    serve_app(current_app._get_current_object(), host="127.0.0.1", port=port, workers=2)


def register_commands(app: Flask) -> None:
    """Attach every command to the app's CLI group."""
    from .bench import bench_group
    from .loadtest import loadtest_command

    app.cli.add_command(bench_group)
    for command in (db_group, users_group, sample_group, industries_group, import_command, export_command,
                    report_command, serve, demo, loadtest_command):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


cli = FlaskGroup(
    name="matchmaker",
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    help="Matchmaker: graduating incubator projects and the landing sites that fit them.",
)


def main() -> None:
    """Entry point of the `matchmaker` console script."""
    cli.main()
