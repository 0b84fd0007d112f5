"""Serving: `matchmaker serve` for production, `matchmaker demo` for the quick start."""

from __future__ import annotations

import secrets
import socket
from datetime import timedelta
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from models.base import WENZHOU
from models.incubator import Incubator
from models.user import Role, User
from models.user_service import create_user, issue_token

from ..migrate import is_up_to_date, upgrade_database
from ..sample import load_sample_data
from ..server import serve_app
from .common import database

DEMO_USER = "demo"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="threads per worker")
@click.option("--timeout", default=60, show_default=True, type=click.IntRange(5, 3600),
              help="seconds a worker may stay silent before it is restarted")
@click.option("--body-timeout", default=None, type=click.IntRange(1, 3600),
              help="seconds a client may pause while sending a body [default: MATCHMAKER_BODY_TIMEOUT_S, 30]")
@with_appcontext
def serve(host: str, port: int, workers: int, threads: int, timeout: int, body_timeout: int | None) -> None:
    """Serve with gunicorn (run `matchmaker db upgrade` first)."""
    if not is_up_to_date(database().engine):
        raise click.ClickException("the database is not at the latest migration: run `matchmaker db upgrade` first")
    app = current_app._get_current_object()
    if body_timeout is not None:
        app.config["BODY_TIMEOUT_S"] = body_timeout
    serve_app(app, host=host, port=port, workers=workers, threads=threads, timeout=timeout)


def _refuse_taken_port(port: int) -> None:
    """Stop in one line when something already listens on the port, before any credential is printed."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise click.ClickException(
                f"端口 {port} 已被占用，请用 --port 换一个 / port {port} is already in use: choose another with --port"
            ) from None


@click.command("demo")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--access-log", type=click.Path(dir_okay=False, path_type=Path),
              help="write the access log to this file (default: no access log)")
@with_appcontext
def demo(port: int, access_log: Path | None) -> None:
    """Quick start: migrate, load the sample if empty, print a login, and serve on 127.0.0.1."""
    _refuse_taken_port(port)
    db = database()
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
        f"  token:     {plain}  (valid until {token.expires_at.astimezone(WENZHOU):%Y-%m-%d %H:%M} Wenzhou time)\n"
        f"  try:       curl -H 'Authorization: Bearer {plain}' {base}/api/v1/projects\n"
    )
    verbose = current_app.config["LOG_LEVEL"] in ("DEBUG", "INFO")
    serve_app(
        current_app._get_current_object(), host="127.0.0.1", port=port, workers=2,
        access_log=str(access_log) if access_log else None, log_level="info" if verbose else "warning",
    )
