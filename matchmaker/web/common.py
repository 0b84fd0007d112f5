"""What every staff page shares: the blueprint, the signed-in user, role checks, paging."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Blueprint, abort, request
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from api.context import db_session
from models.errors import Conflict, InvalidInput
from models.user import STAFF, Role

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")

PER_PAGE = 25


@dataclass
class StaffUser:
    """The signed-in user as Flask-Login keeps it: plain values, no database session attached."""

    id: int
    username: str
    role: Role
    incubator_id: int | None
    is_active: bool = True
    is_authenticated: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @property
    def scope(self) -> int | None:
        """The only incubator whose projects this user sees, or None for staff."""
        return self.incubator_id if self.role is Role.incubator else None


def roles_required(*roles: Role) -> Callable:
    """Pages for signed-in users with one of `roles`; others get a 403 page."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def session() -> Session:
    """The request's database session (the same one the API uses)."""
    return db_session()


T = TypeVar("T")


def save(change: Callable[[], T], *, conflict_field: str | None = "_schema") -> tuple[T | None, dict[str, list[str]]]:
    """Run a form's change and commit it: (its result, {}), or (None, the errors by field) rolled back.

    A domain `Conflict` is shown under `conflict_field` (None lets it reach the error page).
    """
    db = session()
    try:
        result = change()
        db.commit()
    except InvalidInput as exc:
        db.rollback()
        return None, exc.errors
    except Conflict as exc:
        db.rollback()
        if conflict_field is None:
            raise
        return None, {conflict_field: [exc.detail]}
    return result, {}


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_number(name: str = "page") -> int:
    """The requested page, 1 when missing or nonsense."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), 1_000_000)


def paginate_query(query: sa.Select[Any], *, per_page: int = PER_PAGE, name: str = "page") -> Page:
    """One page of a query, and the count of the whole."""
    db = session()
    page = page_number(name)
    total = db.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    items = db.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(list(items), total, page, per_page)


def paginate_list(items: list[Any], *, per_page: int = PER_PAGE, name: str = "page") -> Page:
    """One page of a list already in memory (a report snapshot)."""
    page = page_number(name)
    return Page(items[(page - 1) * per_page: page * per_page], len(items), page, per_page)


def is_htmx() -> bool:
    """The request came from htmx and wants a fragment, not a whole page."""
    return request.headers.get("HX-Request") == "true"


def form_text(name: str) -> str:
    """A form field, stripped; '' when missing."""
    return (request.form.get(name) or "").strip()
