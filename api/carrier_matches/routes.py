"""寻找下一站: the carriers a team could move to next, and the teams a carrier could take in next."""

from __future__ import annotations

from flask.views import MethodView

from models.incubator_service import get_incubator_or_raise
from models.project_service import get_project_or_raise
from services.carrier_matches import (
    rank_carriers_for_project,
    rank_projects_for_carrier,
)

from ..common import ID, Blueprint
from ..context import db_session
from ..security import ANY_ROLE, STAFF, current_user, incubator_scope, roles
from .schemas import (
    CarrierMatchListSchema,
    CarrierMatchQuerySchema,
    ProjectMatchQuerySchema,
    TeamMatchListSchema,
)

blp = Blueprint("carrier_matches", __name__, url_prefix="/api/v1", description="接续：为项目找下一站载体，为载体找项目")


@blp.route(f"/projects/<{ID}:project_id>/carrier-matches")
class CarrierMatches(MethodView):
    @roles(*ANY_ROLE, own="project")
    @blp.arguments(CarrierMatchQuerySchema, location="query")
    @blp.response(200, CarrierMatchListSchema)
    def get(self, args, project_id):
        """The carriers best suited to take the project next, best first, each with its factors and reasons.

        Only carriers that host the target stage and have room for the team's need in one space
        are listed, unless `include_infeasible`; the team's current carrier never is.
        """
        session = db_session()
        project = get_project_or_raise(project_id, session=session, incubator_scope=incubator_scope(current_user()))
        return rank_carriers_for_project(project, session=session, stage=args.get("stage"), limit=args["limit"],
                                         include_infeasible=args["include_infeasible"])


@blp.route(f"/incubators/<{ID}:incubator_id>/project-matches")
class TeamMatches(MethodView):
    @roles(*STAFF)
    @blp.arguments(ProjectMatchQuerySchema, location="query")
    @blp.response(200, TeamMatchListSchema)
    def get(self, args, incubator_id):
        """The prospects and other carriers' teams this carrier could take in next, best first (staff only)."""
        session = db_session()
        incubator = get_incubator_or_raise(incubator_id, session=session)
        return {"items": rank_projects_for_carrier(incubator, session=session, limit=args["limit"],
                                                   include_infeasible=args["include_infeasible"])}
