"""Who is calling: bearer tokens and role checks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, g, request

from models.audit import set_actor
from models.errors import Forbidden
from models.match_service import get_match_or_raise
from models.project_service import get_project_or_raise
from models.user import STAFF, Role, User
from models.user_service import user_for_token
from services.transfers import check_decider, get_transfer_or_raise

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


# What an incubator operator must own for `roles(own=...)`: the path parameter, and the check.
# Another incubator's project or match answers 404 (its existence is not revealed); incubators
# are listed for everyone, so changing another one is a plain 403.
_OWNED: dict[str, tuple[str, Callable[[int, User], Any]]] = {
    "project": ("project_id", lambda id_, user: get_project_or_raise(
        id_, session=db_session(), incubator_scope=user.incubator_id)),
    "match": ("match_id", lambda id_, user: get_match_or_raise(
        id_, session=db_session(), incubator_scope=user.incubator_id)),
    "incubator": ("incubator_id", lambda id_, user: _own_incubator_or_raise(id_, user)),
    # A transfer is decided by its receiver: a stranger gets a 404, the sender a 403 (it knows the transfer).
    "transfer": ("transfer_id", lambda id_, user: check_decider(
        get_transfer_or_raise(id_, session=db_session(), party=user.incubator_id), user)),
}


def _own_incubator_or_raise(incubator_id: int, user: User) -> None:
    if incubator_id != user.incubator_id:
        raise Forbidden("只能修改本孵化器的信息")


def roles(
    *allowed: Role,
    own: str | None = None,
    by_path: tuple[str, Mapping[str, tuple[Role, ...]]] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce who may call a view, before its input is parsed.

    The declaration goes into the OpenAPI operation (`x-roles`, `x-own`, `x-roles-by-path`), so
    clients and the access-matrix test read the same rule the server applies. `own` names the
    resource ("project", "match", "incubator") an incubator operator must own; `by_path` gives
    the roles per value of a path parameter (imports allow different roles per kind).
    """
    if own is not None and own not in _OWNED:
        raise ValueError(f"unknown owned resource {own!r}")
    names = [role.value for role in allowed]
    doc: dict[str, Any] = {"x-roles": names}
    if own:
        doc["x-own"] = own
    if by_path:
        param, table = by_path
        doc["x-roles-by-path"] = {param: {value: [r.value for r in rs] for value, rs in table.items()}}

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            permitted = by_path[1][kwargs[by_path[0]]] if by_path else allowed
            user = require_role(*permitted)
            if own and user.role is Role.incubator:
                param, check = _OWNED[own]
                check(kwargs[param], user)
            return view(*args, **kwargs)

        # flask-smorest reads the operation's extra documentation from `_apidoc["manual_doc"]`;
        # a copy, so the wrapped view's own dict is left as it was.
        apidoc = dict(getattr(view, "_apidoc", {}))
        apidoc["manual_doc"] = {**apidoc.get("manual_doc", {}), **doc}
        wrapper._apidoc = apidoc  # type: ignore[attr-defined]
        return wrapper

    return decorator
