"""Rankings: landing sites for a project, the projects best suited to a site, and the industry chains they use."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from matching.types import Weights
from models.chain_service import list_chains, replace_chains
from models.project_service import get_project_or_raise
from models.site_service import get_site_or_raise
from models.user import Role
from services.rankings import rank_projects_for_site, rank_sites_for_project
from services.weights import weights_history

from ..common import ID, Blueprint

from ..context import db_session, match_weights, rankings
from ..security import ANY_ROLE, STAFF, current_user, incubator_scope, roles
from .schemas import (
    ChainsSchema,
    MatchWeightsSchema,
    ProjectMatchListSchema,
    RankingQuerySchema,
    SiteMatchListSchema,
    SiteMatchQuerySchema,
)

blp = Blueprint("rankings", __name__, url_prefix="/api/v1", description="匹配：为项目找落地空间，为空间找项目")


def _weights_out(weights: Weights) -> dict:
    industry, space, locality = weights.normalised()
    return {"industry": industry, "space": space, "locality": locality}


@blp.route(f"/projects/<{ID}:project_id>/site-matches")
class SiteMatches(MethodView):
    @roles(*ANY_ROLE, own="project")
    @blp.arguments(SiteMatchQuerySchema, location="query")
    @blp.response(200, SiteMatchListSchema)
    def get(self, args, project_id):
        """The best offers for a project, best first, each with its factors and reasons."""
        user = current_user()
        session = db_session()
        project = get_project_or_raise(project_id, session=session, incubator_scope=incubator_scope(user))
        weights = match_weights(args)
        district = args.get("district")
        items = rank_sites_for_project(
            project, session=session, rankings=rankings(), weights=weights, limit=args["limit"], kind=args.get("kind"),
            district=district, include_infeasible=args["include_infeasible"],
        )
        return {"items": items, "weights": _weights_out(weights)}


@blp.route(f"/sites/<{ID}:site_id>/project-matches")
class ProjectMatches(MethodView):
    @roles(*STAFF)
    @blp.arguments(RankingQuerySchema, location="query")
    @blp.response(200, ProjectMatchListSchema)
    def get(self, args, site_id):
        """The graduated projects best suited to this site's offers, best first (staff only)."""
        session = db_session()
        site = get_site_or_raise(site_id, session=session)
        weights = match_weights(args)
        items = rank_projects_for_site(site, session=session, weights=weights, limit=args["limit"],
                                       include_infeasible=args["include_infeasible"])
        return {"items": items, "weights": _weights_out(weights)}


@blp.route("/industry-chains")
class IndustryChains(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, ChainsSchema)
    def get(self):
        """The industry chains (upstream → downstream links) the matching uses."""
        return {"chains": list_chains(session=db_session())}

    @roles(Role.admin)
    @blp.arguments(ChainsSchema)
    @blp.response(200, ChainsSchema)
    def put(self, data):
        """Replace the industry chains (admins)."""
        session = db_session()
        replace_chains(data["chains"], session=session)
        session.commit()
        return {"chains": list_chains(session=session)}


@blp.route("/match-weights")
class MatchWeightsView(MethodView):
    @roles(*STAFF)
    @blp.response(200, MatchWeightsSchema)
    def get(self):
        """The ranking weights in force and every adoption, newest first (staff only).

        Weights are learned from signed and dropped proposals with `matchmaker weights fit`
        and take effect only when a person adopts them (`matchmaker weights adopt`).
        """
        return weights_history(db_session(), default=current_app.config["MATCH_WEIGHTS"])
