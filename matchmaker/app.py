"""The app factory: wires configuration, database, API, pages and CLI together."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import init_api
from api.limits import init_limits
from services import solver_pool

from .config import load_settings
from .database import register_database
from .web import register_web


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the Flask app; `config` overrides settings from the environment."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_settings(app.instance_path, config))
    register_proxies(app)
    solver_pool.configure(app.config["SOLVER_PROCESSES"], nice=app.config["SOLVER_NICE"])
    app.json.ensure_ascii = False
    register_logging(app)
    register_database(app)
    init_limits(app)
    init_api(app)
    register_web(app)
    register_cli(app)
    return app


def register_proxies(app: Flask) -> None:
    """Trust the forwarding headers of `TRUSTED_PROXIES` reverse proxies, and only theirs."""
    if hops := app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_logging(app: Flask) -> None:
    """Log at the configured level to stderr."""
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def register_cli(app: Flask) -> None:
    """Add the `matchmaker` commands to the app's CLI."""
    from .cli import register_commands

    register_commands(app)
