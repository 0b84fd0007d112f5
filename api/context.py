"""What a view needs from the running app: its database session and settings."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

# Set by the app factory (matchmaker.database); api/ does not import the wiring itself.
DATABASE_EXTENSION = "matchmaker.db"


def db_session() -> Session:
    """The current request's database session."""
    return current_app.extensions[DATABASE_EXTENSION].session
