"""Matchmaker: configuration, database, migrations, CLI and staff pages, wired by `create_app`.

The factory lives in `app.py` and is imported on first use, so that `matchmaker --help` and other
commands start without loading the API, the ranking engine and their libraries.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
