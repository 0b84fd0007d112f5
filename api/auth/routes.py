"""Signing in for a token, and giving it back."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from flask import abort, current_app, g, request
from flask.views import MethodView

from models.user_service import issue_token, sign_in

from ..common import Blueprint
from ..context import db_session
from ..limits import lockout_policy, login_limit
from ..security import ANY_ROLE, current_user, roles
from .schemas import MeSchema, TokenRequestSchema, TokenSchema

log = logging.getLogger(__name__)

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="登录与令牌")


@blp.route("/token")
class Token(MethodView):
    @login_limit
    @blp.doc(security=[])
    @blp.arguments(TokenRequestSchema)
    @blp.alt_response(429, description="Too many attempts for this client and username, or the username is "
                      "locked after repeated failures; see Retry-After")
    @blp.response(200, TokenSchema)
    def post(self, credentials):
        """Exchange a username and password for a bearer token."""
        session = db_session()
        user = sign_in(credentials["username"], credentials["password"], session=session, lockout=lockout_policy())
        session.commit()  # a failure counts towards the lockout even though the login fails
        if user is None:
            # Who tried from where, for whoever watches for guessing; never the password.
            log.warning("failed login for %r from %s", credentials["username"][:80], request.remote_addr)
            abort(401, "用户名或密码错误，或账号已停用")
        ttl = timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
        plain, token = issue_token(user, ttl=ttl, session=session)
        session.commit()
        log.info("token %d issued to %s from %s", token.id, user.username, request.remote_addr)
        return {"token": plain, "expires_at": token.expires_at}

    @roles(*ANY_ROLE)
    @blp.response(204)
    def delete(self):
        """Revoke the token used for this request."""
        current_user()
        g.current_token.revoked_at = datetime.now(UTC)
        db_session().commit()


@blp.route("/me")
class Me(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, MeSchema)
    def get(self):
        """The user the token belongs to."""
        return current_user()
