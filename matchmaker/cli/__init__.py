"""The `matchmaker` command line, one module per command group."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup

from .bench import bench_group, loadtest_command
from .data import export_command, import_command, industries_group, sample_group
from .db import db_group
from .reports import report_command
from .serving import demo, serve
from .users import users_group
from .weights import weights_group


def register_commands(app: Flask) -> None:
    """Attach every command to the app's CLI group."""
    app.cli.add_command(bench_group)
    for command in (db_group, users_group, sample_group, industries_group, import_command, export_command,
                    report_command, serve, demo, loadtest_command, weights_group):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from matchmaker import create_app

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
