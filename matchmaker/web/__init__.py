"""The staff web pages (Simplified Chinese): Jinja2 on the server, htmx for the interactive parts.

They call the same domain and service functions as the API, in-process.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request, session
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from api import BLUEPRINTS
from api.context import db_session
from api.errors import domain_status
from models.audit import set_actor
from models.errors import DomainError
from models.user import User

from . import (  # noqa: F401  (routes)
    auth,
    carriers,
    compare,
    dashboard,
    evaluation,
    events,
    exports,
    finding,
    imports,
    industries,
    inventory,
    ledger,
    next_carrier,
    performance,
    projects,
    sites,
    spacemap,
)
from .common import StaffUser, bp
from .filters import register_filters
from .session_cookie import is_session_current, register_session

# Everything from the service itself; htmx needs no eval and no inline style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "web.login"
login_manager.login_message = "请先登录"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The session's user, if it still exists and is active."""
    if not user_id.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    if user is None or not user.active:
        return None
    if not is_session_current(user, current_app.config["SESSION_IDLE_MINUTES"]):
        session.clear()  # logged out elsewhere, password reset, or idle too long
        return None
    return StaffUser(user.id, user.username, user.role, user.incubator_id)


@bp.before_request
def name_the_actor() -> None:
    # The audit trail records who made each change.
    if current_user.is_authenticated:
        set_actor(db_session(), current_user.username)


@bp.after_request
def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _error_page(status: int, title: str, detail: str):
    db_session().rollback()
    template = "web/_error.html" if request.headers.get("HX-Request") == "true" else "web/error.html"
    return render_template(template, status=status, title=title, detail=detail), status


@bp.errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    return _error_page(400, "表单已失效", "页面停留太久或来源不明，表单未提交。请刷新页面后重试。")


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    return _error_page(domain_status(error), error.title, error.detail)


@bp.errorhandler(StaleDataError)
def stale_data(error: StaleDataError):
    # Someone saved between our read and our write (the version check could not see it yet).
    return _error_page(409, "数据已被他人同时修改", "您的修改未保存。请刷新页面，在最新数据上重新修改。")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    titles = {403: "无权访问", 404: "页面不存在", 405: "不支持的请求方法", 413: "上传文件过大"}
    details = {403: "当前角色不能使用此页面。", 404: "请求的页面或记录不存在。", 413: "文件超过允许的大小。"}
    status = error.code or 500
    return _error_page(status, titles.get(status, "请求无法完成"), details.get(status, error.description or ""))


def register_web(app: Flask) -> None:
    """Add the staff pages, their sign-in and CSRF protection; the bearer-token API stays exempt."""
    register_session(app)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    csrf.init_app(app)
    for blueprint in BLUEPRINTS:
        csrf.exempt(blueprint)
    login_manager.init_app(app)
    register_filters(app)
    app.add_template_global(industries.industry_choices)
    app.add_template_global(industries.industry_names)
    app.register_blueprint(bp)
