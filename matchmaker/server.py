"""Production serving through gunicorn, started from our own CLI."""

from __future__ import annotations

import gc
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from .database import EXTENSION
from services.maps import build_map


class _Gunicorn(BaseApplication):
    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


class _BodyTimeout:
    """Give each connection's socket a timeout while the request runs, so a client that stops
    sending its body halfway frees the thread after `seconds` (the read fails, the answer is 408)."""

    def __init__(self, wsgi_app: Any, seconds: float) -> None:
        self.wsgi_app, self.seconds = wsgi_app, seconds

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        sock = environ.get("gunicorn.socket")
        if sock is not None:
            sock.settimeout(self.seconds)
        return self.wsgi_app(environ, start_response)


def serve_app(
    app: Flask, *, host: str, port: int, workers: int, threads: int = 4, timeout: int = 60,
    access_log: str | None = "-", log_level: str = "info",
) -> None:
    """Serve `app` with `workers` gunicorn processes of `threads` threads until interrupted.

    `access_log` is a file, "-" for stderr, or None for none; `log_level` is gunicorn's own.
    """
    engine = app.extensions[EXTENSION].engine
    app.wsgi_app = _BodyTimeout(app.wsgi_app, app.config["BODY_TIMEOUT_S"])

    def post_fork(server: Any, worker: Any) -> None:
        # Connections opened before the fork must not be shared between workers.
        engine.dispose(close=False)

    build_map()  # before the workers fork, so they share it and no request waits for it
    engine.dispose()
    # The master's ~270k objects (modules, app, map) live for good: frozen, a full collection in a
    # worker no longer walks them. Unfrozen, each took 200-240 ms with the worker's GIL held, and
    # the requests caught behind it were the load test's p99. Fewer young collections, too: the
    # default (every 700 allocations) cost a worker about 1 s of CPU a minute under load.
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": access_log,
            "loglevel": log_level,
            "post_fork": post_fork,
            "timeout": timeout,  # a worker silent this long (stuck) is restarted
            # No gunicornc socket in $HOME: several servers may run on one machine.
            "control_socket_disable": True,
        },
    ).run()
