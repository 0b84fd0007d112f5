"""Outcome figures for programme leaders: stages, graduations, signings, landings, operator ranking."""

from __future__ import annotations

from flask.views import MethodView

from services.evaluation import outcomes_with_evaluation

from ..common import Blueprint
from ..context import db_session, evaluation_weights
from ..security import STAFF, roles
from .schemas import OutcomeQuerySchema, OutcomeSchema

blp = Blueprint("outcomes", __name__, url_prefix="/api/v1", description="成果统计：阶段、毕业、签约、落地与运营评价")


@blp.route("/outcomes")
class Outcomes(MethodView):
    @roles(*STAFF)
    @blp.arguments(OutcomeQuerySchema, location="query")
    @blp.response(200, OutcomeSchema)
    def get(self, args):
        """Outcome figures overall, per district and per incubator (ranked), for a period."""
        return outcomes_with_evaluation(session=db_session(), since=args.get("since"), until=args.get("until"),
                                        weights=evaluation_weights())
