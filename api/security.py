"""Who is calling: bearer tokens and role checks."""

from __future__ import annotations

from flask import abort, g, request

from models.audit import set_actor
from models.errors import Forbidden
from models.user import Role, User, user_for_token

from .context import db_session


def current_user() -> User:
    """The user of the request's bearer token; a 401 when it is missing, unknown, expired or revoked."""
    if "current_user" in g:
        return g.current_user
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, "缺少令牌：请在 Authorization 头中提供 Bearer 令牌")
    found = user_for_token(token.strip(), session=db_session())
    if found is None:
        abort(401, "令牌无效、已过期或已撤销")
    g.current_user, g.current_token = found
    set_actor(db_session(), g.current_user.username)
    return g.current_user


def require_role(*roles: Role) -> User:
    """The current user, if it has one of `roles`; otherwise 401 or 403."""
    user = current_user()
    if user.role not in roles:
        raise Forbidden("当前角色无权执行此操作")
    return user


def incubator_scope(user: User) -> int | None:
    """The only incubator whose projects this user may see, or None for staff."""
    return user.incubator_id if user.role is Role.incubator else None


ANY_ROLE = tuple(Role)
STAFF = (Role.admin, Role.promotion)
