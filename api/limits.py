"""Limits on hostile traffic: login attempts per client and user, and the size of JSON bodies.

Only signing in is rate limited; the rest of the API answers a signing-event morning's load
unthrottled. The counters live in `MATCHMAKER_RATELIMIT_STORAGE_URL`: `memory://` counts per
process, so several servers (or gunicorn workers) behind a proxy share one Redis instead
(`redis://127.0.0.1:6379/0`).
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from models.user_service import Lockout
from services.imports.limits import ImportLimits

__all__ = ["limiter", "login_limit", "init_limits", "import_limits", "lockout_policy", "retry_after_seconds",
           "RateLimitExceeded"]

# No default limits: a route is limited only when it says so.
limiter = Limiter(get_remote_address, key_prefix="matchmaker", in_memory_fallback_enabled=True)


def login_key() -> str:
    """The client's address and the username it tries, so one user's lockout spares the others."""
    username = ""
    if request.is_json:
        try:
            data = request.get_json(silent=True)
        except RecursionError:  # nested too deep to parse; the view answers 400
            data = None
        if isinstance(data, dict) and isinstance(data.get("username"), str):
            username = data["username"]
    else:
        username = request.form.get("username", "")
    return f"{get_remote_address()}/{username.strip().casefold()[:80]}"


def _login_limit_value() -> str:
    return current_app.config["LOGIN_LIMIT"]


# One shared limit: the API's token endpoint and the web login form count against the same
# budget, so switching between them does not double the attempts. Every attempt counts; only
# POSTs do, so showing the login page or revoking a token (same endpoint) is never limited.
login_limit = limiter.shared_limit(
    _login_limit_value,
    scope="login",
    key_func=login_key,
    methods=["POST"],
    error_message="登录尝试过于频繁，请稍后再试",
)


def lockout_policy() -> Lockout:
    """The failed-login lockout per username from the settings (counted in the database)."""
    config = current_app.config
    return Lockout(attempts=config["LOGIN_LOCKOUT_ATTEMPTS"], minutes=config["LOGIN_LOCKOUT_MINUTES"])


def import_limits() -> ImportLimits:
    """The caps on an import file, from the settings."""
    config = current_app.config
    return ImportLimits(max_rows=config["IMPORT_MAX_ROWS"], max_columns=config["IMPORT_MAX_COLUMNS"],
                        max_cell_chars=config["IMPORT_MAX_CELL_CHARS"], max_xlsx_bytes=config["IMPORT_MAX_XLSX_BYTES"])


def retry_after_seconds() -> int:
    """Whole seconds until the limit just breached lets the client in again."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.window.reset_time - time.time()))


def _limit_json_body() -> None:
    # Flask 3.1 lets a request carry its own limit: anything but a multipart upload is held to
    # the JSON limit, checked against Content-Length (or while reading a chunked body) before
    # a byte is parsed.
    if request.mimetype != "multipart/form-data":
        request.max_content_length = current_app.config["MAX_JSON_BYTES"]


def init_limits(app: Flask) -> None:
    """Body size limits and the login rate limit, configured from the app's settings."""
    app.before_request(_limit_json_body)
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URL"]
    limiter.init_app(app)
