"""The staff pages' session cookie: its flags, its idle timeout, and its end on the server side.

The cookie is signed, not stored on the server, so a copy saved before logout would stay valid
on its own. Each session therefore carries the user's `session_generation` when it began and the
time of its last request; a bumped generation (logout, password reset, deactivation) or a
longer idle time than `SESSION_IDLE_MINUTES` ends it.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from models.user import User

GENERATION_KEY = "_gen"
SEEN_KEY = "_seen"
# The last-seen time is rewritten at most this often, so most responses need no new cookie.
_SEEN_RESOLUTION_S = 60
HSTS = "max-age=31536000"


def is_secure_transport(app: Flask) -> bool:
    """The request came over HTTPS (directly or via a trusted proxy), or the settings say it does."""
    if app.config["SECURE_COOKIES"] or app.config.get("SESSION_COOKIE_SECURE"):
        return True
    return has_request_context() and request.is_secure


class StaffSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, `Secure` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:  # type: ignore[override]
        return is_secure_transport(app)


def start_session(user: User) -> None:
    """Stamp a new session with the user's generation and the time."""
    session[GENERATION_KEY] = user.session_generation
    session[SEEN_KEY] = int(time.time())


def is_session_current(user: User, idle_minutes: int) -> bool:
    """The session still belongs to this user's current generation and has not idled out.

    Refreshes the last-seen time when it is.
    """
    if session.get(GENERATION_KEY) != user.session_generation:
        return False
    now = int(time.time())
    seen = session.get(SEEN_KEY)
    if not isinstance(seen, int) or now - seen > idle_minutes * 60:
        return False
    if now - seen >= _SEEN_RESOLUTION_S:
        session[SEEN_KEY] = now
    return True


def _strict_transport(response):
    if is_secure_transport(current_app):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register_session(app: Flask) -> None:
    """Cookie flags (SameSite=Lax, HttpOnly, Secure over HTTPS) and HSTS on every response over HTTPS."""
    # Flask defines these keys already (None / True), so setdefault would change nothing.
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.session_interface = StaffSessionInterface()
    app.after_request(_strict_transport)
