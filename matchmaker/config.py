"""Settings from `MATCHMAKER_*` environment variables, with defaults that need none."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from services.alerts import parse_alert_days
from services.evaluation import parse_weights

PREFIX = "MATCHMAKER_"

# name: (type, default); None means "derived below".
SETTINGS: dict[str, tuple[type, Any]] = {
    "DATABASE_URL": (str, None),
    # Reverse proxies in front (nginx: 1); their X-Forwarded-For/-Proto are then trusted, so the
    # login limiter and the logs see the client's address instead of the proxy's.
    "TRUSTED_PROXIES": (int, 0),
    "SECRET_KEY": (str, None),
    "TOKEN_TTL_HOURS": (int, 24 * 30),
    "MAX_CONTENT_LENGTH": (int, 32 * 1024 * 1024),
    # JSON (anything but a multipart upload) larger than this is a 413 before it is parsed.
    "MAX_JSON_BYTES": (int, 1024 * 1024),
    # Login attempts per client address and username; counters in memory:// (one process) or
    # redis://HOST:6379/0 (shared by several workers or servers).
    "LOGIN_LIMIT": (str, "10 per minute"),
    "RATELIMIT_STORAGE_URL": (str, "memory://"),
    # Failed logins per username before it is locked, and for how long (counted in the database,
    # so the lockout holds across workers and servers).
    "LOGIN_LOCKOUT_ATTEMPTS": (int, 10),
    "LOGIN_LOCKOUT_MINUTES": (int, 15),
    # Staff page sessions end after this long without a request.
    "SESSION_IDLE_MINUTES": (int, 8 * 60),
    # 1: cookies are Secure and HSTS is sent even when the request does not look like HTTPS
    # (TLS ends at a proxy that is not in TRUSTED_PROXIES).
    "SECURE_COOKIES": (int, 0),
    # Caps on an import file (XLSX: also the uncompressed size), refused before and while reading.
    "IMPORT_MAX_ROWS": (int, 250_000),
    "IMPORT_MAX_COLUMNS": (int, 100),
    "IMPORT_MAX_CELL_CHARS": (int, 10_000),
    "IMPORT_MAX_XLSX_BYTES": (int, 256 * 1024 * 1024),
    # Seconds a client may pause while sending a request body before the server gives up (408).
    "BODY_TIMEOUT_S": (int, 30),
    "LOG_LEVEL": (str, "INFO"),
    # Where site photos are kept (default: the instance folder's site_photos/); back it up with the database.
    "PHOTO_DIR": (str, None),
    # Default weights of the match score: industry fit, space fit, locality ("0.45,0.35,0.2").
    "MATCH_WEIGHTS": (str, "0.45,0.35,0.20"),
    # Supervision alerts: days before each becomes due ("unmatched=30,stalled=14,signed=90").
    "ALERT_DAYS": (str, ""),
    # Weights of the operators' evaluation, any subset ("landed_local=3,graduated=2,occupancy=1").
    "EVALUATION_WEIGHTS": (str, ""),
    # The morning digest: SMTP server (smtp://user:password@host:587, smtps://… for TLS from the
    # start; STARTTLS whenever the server offers it) with its sender, and a robot webhook URL.
    "SMTP_URL": (str, ""),
    "MAIL_FROM": (str, "matchmaker@localhost"),
    "ALERT_WEBHOOK": (str, ""),
    "ALERT_WEBHOOK_SECRET": (str, ""),  # a DingTalk robot's 加签 secret, if it has one
    # Processes that solve assignments (HTTP, pages, event reports), per web worker; 0 solves in
    # the request's thread, which holds the worker's other threads up for the whole solve.
    "SOLVER_PROCESSES": (int, 1),
    # How much lower their CPU priority is (nice), so that requests get the cores first.
    "SOLVER_NICE": (int, 10),
}


def _parse(kind: type, raw: str) -> Any:
    if kind is int:
        return int(raw)
    return raw


def load_settings(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Settings from defaults, then the environment, then `overrides` (used by tests)."""
    settings: dict[str, Any] = {name: default for name, (_, default) in SETTINGS.items()}
    for name, (kind, _) in SETTINGS.items():
        raw = os.environ.get(PREFIX + name)
        if raw not in (None, ""):
            try:
                settings[name] = _parse(kind, raw)
            except ValueError as exc:
                raise SystemExit(f"{PREFIX}{name}={raw!r} is not a valid {kind.__name__}") from exc
    settings.update(overrides or {})
    if isinstance(settings["MATCH_WEIGHTS"], str):
        try:
            industry, space, locality = (float(x) for x in settings["MATCH_WEIGHTS"].split(","))
        except ValueError as exc:
            raise SystemExit(f"{PREFIX}MATCH_WEIGHTS must be three numbers like 0.45,0.35,0.2") from exc
        settings["MATCH_WEIGHTS"] = {"industry": industry, "space": space, "locality": locality}
    if not isinstance(settings["ALERT_DAYS"], dict):
        try:
            settings["ALERT_DAYS"] = parse_alert_days(settings["ALERT_DAYS"])
        except ValueError as exc:
            raise SystemExit(f"{PREFIX}ALERT_DAYS: {exc}") from exc
    if not isinstance(settings["EVALUATION_WEIGHTS"], dict):
        try:
            settings["EVALUATION_WEIGHTS"] = parse_weights(settings["EVALUATION_WEIGHTS"])
        except ValueError as exc:
            raise SystemExit(f"{PREFIX}EVALUATION_WEIGHTS: {exc}") from exc
    instance = Path(instance_path)
    if not settings["DATABASE_URL"]:
        instance.mkdir(parents=True, exist_ok=True)
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'matchmaker.sqlite3'}"
    if not settings["PHOTO_DIR"]:
        settings["PHOTO_DIR"] = str(instance / "site_photos")
    if not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    return settings


def _instance_secret(path: Path) -> str:
    """A secret generated on first start and kept in the instance folder."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
