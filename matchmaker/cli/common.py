"""What every command needs: the app's database, the user a change is recorded as, domain errors as messages."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

from models.errors import DomainError
from models.user import Role, User

from ..database import EXTENSION


def database():
    """The app's database wiring (engine and session)."""
    return current_app.extensions[EXTENSION]


def fail(error: DomainError) -> None:
    """Stop the command with the domain error's message (and its field errors)."""
    message = error.detail
    if getattr(error, "errors", None):
        message += "\n" + "\n".join(f"  {k}: {'；'.join(v)}" for k, v in error.errors.items())
    raise click.ClickException(message)


def cli_user(username: str | None) -> User:
    """The user an import is recorded as: the named one, or the first active admin."""
    session = database().session
    query = sa.select(User).where(User.active.is_(True))
    query = query.where(User.username == username) if username else query.where(User.role == Role.admin)
    user = session.scalars(query.order_by(User.id)).first()
    if user is None:
        raise click.ClickException(
            f"no active user {username}" if username else "no admin user yet: create one with `matchmaker users create`"
        )
    return user
