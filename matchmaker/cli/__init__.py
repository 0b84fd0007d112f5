"""The `matchmaker` command line, one module per command group.

Each command's module is imported only when that command runs, and `--help` lists the table below
without importing any: the app and its libraries take seconds to load, and a command line that
needs them for `--help` feels broken. Flask's own commands (run, shell, routes, …) stay hidden.
"""

from __future__ import annotations

import importlib
import os
from functools import partial
from typing import NamedTuple

import click
from flask import Flask
from flask.cli import ScriptInfo


class Entry(NamedTuple):
    module: str
    attribute: str
    help: str


# name: where the command lives and its one-line help (a test checks it against the command's own).
COMMANDS: dict[str, Entry] = {
    "alerts": Entry("alerts", "alerts_command", "Print, write, mail or post today's supervision alerts (督办预警)."),
    "bench": Entry("bench", "bench_group", "Benchmarks that print their figures (run on demand, not in CI)."),
    "db": Entry("db", "db_group", "Database schema."),
    "demo": Entry(
        "serving", "demo", "Quick start: migrate, load the sample if empty, print a login, and serve on 127.0.0.1."
    ),
    "export": Entry("data", "export_command", "Export KIND to FILE (.csv or .xlsx) in the columns the import reads."),
    "import": Entry("data", "import_command", "Import a .csv or .xlsx file of KIND: all rows or none."),
    "industries": Entry("data", "industries_group", "GB/T 4754-2017 industry codes."),
    "loadtest": Entry(
        "bench", "loadtest_command", "Serve the demo sample on a fresh database and measure it under the signing-morning mix."
    ),
    "report": Entry(
        "reports", "report_command", "Write assignment reports without a server (for cron): for an event, or a period."
    ),
    "sample-data": Entry("data", "sample_group", "The synthetic Wenzhou sample."),
    "serve": Entry("serving", "serve", "Serve with gunicorn (run `matchmaker db upgrade` first)."),
    "users": Entry("users", "users_group", "User accounts."),
    "weights": Entry("weights", "weights_group", "The weights of the ranking factors (产业 / 空间 / 区位)."),
}


def load_command(name: str) -> click.Command:
    entry = COMMANDS[name]
    return getattr(importlib.import_module(f"{__name__}.{entry.module}"), entry.attribute)


def register_commands(app: Flask) -> None:
    """Attach every command to the app's CLI group (what `app.test_cli_runner()` invokes)."""
    for name in COMMANDS:
        app.cli.add_command(load_command(name), name)


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is run or asked for help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return load_command(name) if name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name].help) for name in self.list_commands(ctx)])


def _create_app(level: str) -> Flask:
    from matchmaker import create_app

    return create_app({"LOG_LEVEL": level})


@click.group("matchmaker", cls=LazyGroup)
@click.option("-v", "--verbose", is_flag=True, help="Log INFO lines (migrations, report rendering, …).")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Matchmaker: graduating incubator projects and the landing sites that fit them."""
    # Quiet by default: alembic's and WeasyPrint's INFO lines are for whoever asks with --verbose. A
    # production server keeps its INFO log (logins, for one), and an explicit MATCHMAKER_LOG_LEVEL wins.
    level = "INFO" if verbose or ctx.invoked_subcommand == "serve" else "WARNING"
    level = os.environ.get("MATCHMAKER_LOG_LEVEL") or level
    # Commands load the app through flask.cli.with_appcontext, which asks the context for this.
    ctx.obj = ScriptInfo(create_app=partial(_create_app, level), set_debug_flag=False)


def main() -> None:
    """Entry point of the `matchmaker` console script."""
    cli.main(prog_name="matchmaker")
