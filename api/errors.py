"""The one place where errors become RFC 9457 problem+json responses."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from models.errors import Conflict, DomainError, Forbidden, InvalidInput, LockedOut, NotFound
from services.validation import flatten_errors

from .context import db_session
from .limits import RateLimitExceeded, retry_after_seconds

log = logging.getLogger(__name__)

PROBLEM_TYPE = "about:blank"
PROBLEM_MIMETYPE = "application/problem+json"

_TITLES = {
    400: "请求格式错误",
    401: "未登录或令牌无效",
    403: "无权执行此操作",
    404: "未找到",
    405: "不支持的请求方法",
    409: "与当前状态冲突",
    413: "请求体过大",
    415: "不支持的内容类型",
    422: "输入有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂不可用",
}

# The one table of domain errors to HTTP statuses, for the API and the pages alike.
DOMAIN_STATUS: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    LockedOut: 429,
}


def domain_status(error: DomainError) -> int:
    """The status of a domain error: that of its nearest class in `DOMAIN_STATUS` (500 if none has one)."""
    return next((DOMAIN_STATUS[cls] for cls in type(error).__mro__ if cls in DOMAIN_STATUS), 500)

def _strip_location(messages: Mapping[str, Any]) -> dict[str, list[str]]:
    # webargs keys errors by location; JSON body fields are named plainly,
    # query/path parameters keep their location so they cannot be confused.
    flat: dict[str, list[str]] = {}
    for location, value in messages.items():
        prefix = "" if location in ("json", "form", "files") else location
        flat.update(flatten_errors(value, prefix))
    return flat


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE,
        "title": title or _TITLES.get(status, "请求无法完成"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = dict(errors)
    # A lone surrogate quoted from the input cannot be UTF-8: replaced, never a 500.
    text = json.dumps(body, ensure_ascii=False).encode("utf-8", "replace")
    response = Response(text, status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _rollback() -> None:
    try:
        db_session().rollback()
    except Exception:  # the session may be unusable; closing at teardown still cleans up
        log.exception("rollback after an error failed")


def handle_http_exception(error: HTTPException) -> Response:
    """Werkzeug and webargs errors, including 404/405 on unknown paths and malformed JSON."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if status == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if status == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="matchmaker"')
    errors = None
    if "messages" in data:
        errors = _strip_location(data["messages"])
    if status == 400 and errors and "json" in (data.get("messages") or {}):
        return problem(400, "请求体不是合法的 JSON", errors=None, headers=headers)
    if status >= 500:
        _rollback()
    detail = data.get("message") or _detail_for(status, error, errors)
    return problem(status, detail, errors=errors, headers=headers)


def _detail_for(status: int, error: HTTPException, errors: Mapping[str, Any] | None) -> str:
    if status == 422 and errors:
        return "；".join(f"{field}：{'，'.join(msgs)}" for field, msgs in errors.items())
    return {
        404: "请求的地址或资源不存在",
        405: "此地址不支持该请求方法",
        413: "请求体超过允许的大小",
        415: "不支持的内容类型",
    }.get(status, error.description or _TITLES.get(status, ""))


def handle_rate_limited(error: RateLimitExceeded) -> Response:
    """Too many login attempts: when to try again, in the header and in words."""
    seconds = retry_after_seconds()
    return problem(429, f"{error.description}（{seconds} 秒后可重试）", headers={"Retry-After": str(seconds)})


def handle_domain_error(error: DomainError) -> Response:
    """Domain errors raised by services, mapped to their HTTP status."""
    _rollback()
    status = domain_status(error)
    errors = error.errors if isinstance(error, InvalidInput) else None
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, LockedOut) else None
    return problem(status, error.detail, title=error.title, errors=errors, headers=headers)


def handle_integrity_error(error: IntegrityError) -> Response:
    """A constraint the database enforced that the services did not see coming (a race)."""
    _rollback()
    log.warning("integrity error: %s", error.orig)
    return problem(409, "数据与已有记录冲突，请刷新后重试")


def handle_stale_data(error: StaleDataError) -> Response:
    """Someone else changed the row between our read and our write."""
    _rollback()
    return problem(409, "数据已被他人同时修改，请刷新后重试")


def handle_data_error(error: DataError) -> Response:
    """A value the database could not store, that validation should have caught first."""
    _rollback()
    log.warning("data error: %s", error.orig)
    return problem(422, "输入的值超出数据库允许的范围或格式")


def handle_operational_error(error: OperationalError) -> Response:
    """The database is unreachable or busy."""
    _rollback()
    log.error("database error: %s", error.orig)
    return problem(503, "数据库暂不可用，请稍后重试", headers={"Retry-After": "5"})


def handle_unexpected(error: Exception) -> Response:
    """Anything else: logged with its traceback, answered without internals."""
    _rollback()
    log.exception("unhandled error")
    return problem(500, "服务器内部错误，已记录，请稍后重试")


def register_error_handlers(app: Flask) -> None:
    """Every error, on every path, answers problem+json."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(RateLimitExceeded, handle_rate_limited)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(StaleDataError, handle_stale_data)
    app.register_error_handler(DataError, handle_data_error)
    app.register_error_handler(OperationalError, handle_operational_error)
    app.register_error_handler(Exception, handle_unexpected)
