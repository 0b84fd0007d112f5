"""Signing in and out of the staff pages (sessions; the API keeps its bearer tokens)."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from api.limits import RateLimitExceeded, lockout_policy, login_limit, retry_after_seconds
from models.errors import LockedOut
from models.user import User
from models.user_service import end_sessions, sign_in

from .common import StaffUser, bp, form_text
from .common import session as db
from .session_cookie import start_session


def is_local_path(target: str) -> bool:
    """A path on this service: no scheme, no host, no `//`, no backslash, no control character.

    Checked on the decoded text and once more decoded: browsers drop tabs and newlines
    (`?next=/%09/evil.example` would lead to `//evil.example`), and some proxies decode twice.
    """
    for text in (target, unquote(target)):
        if not text.startswith("/") or text.startswith("//") or "\\" in text:
            return False
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch.isspace() for ch in text):
            return False
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return False
    return True


def _safe_next(target: str | None) -> str:
    # Only a path on this service: never send a user on to another site after signing in.
    if target and is_local_path(target):
        return target
    return url_for("web.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@login_limit  # the same budget as the API's token endpoint: switching does not double the attempts
def login():
    """The sign-in form; a wrong name or password gives the same message."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("web.dashboard"))
    error = None
    username = ""
    if request.method == "POST":
        username = form_text("username")
        try:
            user = sign_in(username, request.form.get("password", ""), session=db(), lockout=lockout_policy())
        except LockedOut as exc:
            page = render_template("web/login.html", error=exc.detail, username=username)
            return page, 429, {"Retry-After": str(exc.retry_after)}
        db().commit()  # a failure counts towards the lockout even though the login fails
        if user is None:
            error = "用户名或密码错误"
        else:
            next_url = _safe_next(request.args.get("next"))
            session.clear()  # a new session on sign-in: no fixation of an old one
            login_user(StaffUser(user.id, user.username, user.role, user.incubator_id))
            start_session(user)
            return redirect(next_url)
    status = 401 if error else 200
    return render_template("web/login.html", error=error, username=username), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (a POST with the CSRF token, so no other site can sign a user out).

    Every session of the user ends with it, on the server side: a copy of the cookie is void.
    """
    if current_user.is_authenticated:
        user = db().get(User, current_user.id)
        if user is not None:
            end_sessions(user)
            db().commit()
    logout_user()
    session.clear()
    return redirect(url_for("web.login"))


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(error: RateLimitExceeded):
    """The login page again, saying how long to wait, instead of the API's problem+json."""
    seconds = retry_after_seconds()
    error_text = f"登录尝试过于频繁，请 {seconds} 秒后再试"
    page = render_template("web/login.html", error=error_text, username=form_text("username"))
    return page, 429, {"Retry-After": str(seconds)}
