"""Following matches from proposal to landing; signing reserves the space."""

from __future__ import annotations

from flask.views import MethodView

from models.match import MatchAction
from models.match_service import get_match_or_raise, list_matches, step_match, update_match
from services.matches import propose_scored_match

from ..common import ID, Blueprint, check_version, etag, paginate
from ..context import db_session, match_weights, rankings
from ..security import ANY_ROLE, STAFF, current_user, incubator_scope, roles
from .schemas import (
    MatchCreateSchema,
    MatchHistorySchema,
    MatchPageSchema,
    MatchQuerySchema,
    MatchSchema,
    MatchStepSchema,
    MatchTransitionSchema,
    MatchUpdateSchema,
)

blp = Blueprint("matches", __name__, url_prefix="/api/v1", description="匹配跟进：联系、考察、洽谈、签约、落地")


@blp.route("/matches")
class Matches(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(MatchQuerySchema, location="query")
    @blp.response(200, MatchPageSchema)
    def get(self, args):
        """Matches, newest first, filtered; an incubator operator sees those of its own projects."""
        user = current_user()
        session = db_session()
        page = {k: args.pop(k) for k in ("page", "per_page") if k in args}
        query = list_matches(session=session, incubator_scope=incubator_scope(user), **args)
        return paginate(query, page, session=session)

    @roles(*STAFF)
    @blp.arguments(MatchCreateSchema)
    @blp.response(201, MatchSchema)
    def post(self, data):
        """Propose an offer to a graduated project; the score and factors of the moment are kept."""
        user = current_user()
        session = db_session()
        match = propose_scored_match(data, actor=user.username, session=session, rankings=rankings(),
                                     weights=match_weights())
        session.commit()
        return match


@blp.route(f"/matches/<{ID}:match_id>")
class MatchById(MethodView):
    @roles(*ANY_ROLE, own="match")
    @blp.response(200, MatchSchema)
    def get(self, match_id):
        """One match."""
        user = current_user()
        match = get_match_or_raise(match_id, session=db_session(), incubator_scope=incubator_scope(user))
        return match, 200, etag(match)

    @roles(*STAFF)
    @blp.arguments(MatchUpdateSchema(partial=True))
    @blp.response(200, MatchSchema)
    def patch(self, data, match_id):
        """Change the ledger: area (until signing), note, owner, next action and its date (`version` or If-Match)."""
        session = db_session()
        match = get_match_or_raise(match_id, session=session)
        check_version(match, data)
        match = update_match(match, data, session=session)
        session.commit()
        return match, 200, etag(match)


@blp.route(f"/matches/<{ID}:match_id>/transitions")
class MatchTransitions(MethodView):
    @roles(*STAFF)
    @blp.arguments(MatchTransitionSchema)
    @blp.response(201, MatchStepSchema)
    @blp.alt_response(409, description="Not allowed from the current status, or the space is no longer there")
    def post(self, data, match_id):
        """Contact, visit, negotiate, sign (reserves the area; one per project), land, or drop (with its reason)."""
        user = current_user()
        session = db_session()
        match = get_match_or_raise(match_id, session=session)
        step = step_match(match, MatchAction(data["action"]), actor=user.username,
                          reason=data.get("note") or data.get("reason") or "", at=data.get("at"),
                          drop_reason=data.get("drop_reason"), replaces=data.get("replaces"), session=session)
        session.commit()
        return step


@blp.route(f"/matches/<{ID}:match_id>/history")
class MatchHistory(MethodView):
    @roles(*ANY_ROLE, own="match")
    @blp.response(200, MatchHistorySchema)
    def get(self, match_id):
        """Every step of the match, oldest first."""
        user = current_user()
        match = get_match_or_raise(match_id, session=db_session(), incubator_scope=incubator_scope(user))
        return {"items": match.history}
