"""User accounts, managed by administrators."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from models.errors import NotFound
from models.user import Role, User
from models.user_service import create_user, end_sessions, revoke_tokens

from ..common import ID, Blueprint, paginate
from ..context import db_session
from ..security import roles
from .schemas import UserCreateSchema, UserPageSchema, UserQuerySchema, UserSchema, UserUpdateSchema

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="用户管理（管理员）")


def _get_user_or_raise(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        raise NotFound(f"用户 {user_id} 不存在")
    return user


@blp.route("")
class Users(MethodView):
    @roles(Role.admin)
    @blp.arguments(UserQuerySchema, location="query")
    @blp.response(200, UserPageSchema)
    def get(self, args):
        """List users."""
        query = sa.select(User).order_by(User.id)
        if role := args.pop("role", None):
            query = query.where(User.role == role)
        return paginate(query, args, session=db_session())

    @roles(Role.admin)
    @blp.arguments(UserCreateSchema)
    @blp.response(201, UserSchema)
    def post(self, data):
        """Create a user; an incubator operator is bound to one incubator."""
        session = db_session()
        user = create_user(
            data["username"], data["password"], data["role"],
            incubator_id=data.get("incubator_id"), email=data.get("email"), session=session,
        )
        session.commit()
        return user


@blp.route(f"/<{ID}:user_id>")
class UserById(MethodView):
    @roles(Role.admin)
    @blp.response(200, UserSchema)
    def get(self, user_id):
        """One user."""
        return _get_user_or_raise(user_id)

    @roles(Role.admin)
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, data, user_id):
        """Reset a password or deactivate a user; either revokes the user's tokens and web sessions."""
        session = db_session()
        user = _get_user_or_raise(user_id)
        if "password" in data:
            user.set_password(data["password"])
        if "active" in data:
            user.active = data["active"]
        if "email" in data:  # where the digest goes: no reason to sign the user out
            user.email = data.pop("email") or None
        if data:
            revoke_tokens(user, session=session)
            end_sessions(user)
        session.commit()
        return user
