"""`matchmaker users`: accounts and API tokens."""

from __future__ import annotations

import sys
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from models.errors import DomainError
from models.user import Role
from models.user_service import create_user, get_user_by_name_or_raise, issue_token

from .common import database, fail


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
@click.option("--email", help="where `matchmaker alerts --mail` sends the user's digest")
@with_appcontext
def users_create(name: str, role: str, incubator_id: int | None, email: str | None) -> None:
    """Create a user NAME; the password is read from standard input."""
    session = database().session
    try:
        user = create_user(name, _read_password(), Role(role), incubator_id=incubator_id, email=email,
                           session=session)
    except DomainError as exc:
        fail(exc)
    session.commit()
    click.echo(f"created user {user.username} ({user.role.value}), id {user.id}")


@users_group.command("token")
@click.argument("name")
@with_appcontext
def users_token(name: str) -> None:
    """Print a new API token for user NAME."""
    session = database().session
    try:
        user = get_user_by_name_or_raise(name, session=session)
    except DomainError as exc:
        fail(exc)
    plain, _ = issue_token(user, ttl=timedelta(hours=current_app.config["TOKEN_TTL_HOURS"]), session=session)
    session.commit()
    click.echo(plain)
