"""Matching: ranked landing sites for a project, and the projects best suited to a site."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from matching.ranking import rank_projects
from matching.types import Match, Weights
from models.chain import list_chains, replace_chains
from models.errors import Conflict, InvalidInput
from models.project import Project
from models.project_service import get_project_or_raise
from models.site_service import get_site_or_raise
from models.user import Role

from ..common import ID, Blueprint
from ..context import db_session
from ..security import ANY_ROLE, STAFF, incubator_scope, require_role, roles
from .inventory import active_offer_records, graduated_needs, load_taxonomy, project_need, ranking_cache, today
from .schemas import ChainsSchema, MatchQuerySchema, ProjectMatchListSchema, SiteMatchListSchema, SiteMatchQuerySchema

blp = Blueprint("matching", __name__, url_prefix="/api/v1", description="匹配：为项目找落地空间，为空间找项目")


def weights_from(args: dict) -> Weights:
    """The configured default weights, overridden by the request's."""
    default = current_app.config["MATCH_WEIGHTS"]
    values = {name: args.pop(f"w_{name}", default[name]) for name in ("industry", "space", "locality")}
    try:
        return Weights(**values)
    except ValueError:
        raise InvalidInput({"query.w_industry": ["三项权重不能全为 0"]}) from None


def _common(match: Match, offer) -> dict:
    return {
        "offer_id": match.offer_id,
        "offer": {"space_type": offer.space_type, "available_area": offer.available_area, "rent": offer.rent,
                  "available_from": offer.available_from},
        "score": match.score,
        "factors": dict(match.factors),
        "reasons": list(match.reasons),
        "feasible": match.feasible,
        "violations": list(match.violations),
    }


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
        user = require_role(*ANY_ROLE)
        session = db_session()
        project = get_project_or_raise(project_id, session=session, incubator_scope=incubator_scope(user))
        need = project_need(project, project.incubator.district_code)
        if need is None:
            raise Conflict("项目尚未填写空间需求（空间类型和面积），无法匹配")
        weights = weights_from(args)
        ranking = ranking_cache().get(session=session)
        district = args.get("district")
        matches = ranking.index.rank(
            need, today=today(), limit=args["limit"], weights=weights, kind=args.get("kind"),
            district=district.strip() if district else None, include_infeasible=args["include_infeasible"],
        )
        items = []
        for match in matches:
            offer = ranking.offers[match.offer_id]
            items.append({**_common(match, offer), "site": {"id": offer.site_id, "name": offer.site_name,
                                                              "kind": offer.site_kind, "district": offer.district}})
        return {"items": items, "weights": _weights_out(weights)}


@blp.route(f"/sites/<{ID}:site_id>/project-matches")
class ProjectMatches(MethodView):
    @roles(*STAFF)
    @blp.arguments(MatchQuerySchema, location="query")
    @blp.response(200, ProjectMatchListSchema)
    def get(self, args, site_id):
        """The graduated projects best suited to this site's offers, best first (staff only)."""
        require_role(*STAFF)
        session = db_session()
        site = get_site_or_raise(site_id, session=session)
        weights = weights_from(args)
        offers = active_offer_records(session=session, site_ids=[site.id])
        needs = graduated_needs(session=session)
        matches = rank_projects(
            offers, needs, load_taxonomy(session=session), today=today(), limit=args["limit"],
            weights=weights, include_infeasible=args["include_infeasible"],
        ) if offers and needs else []
        by_offer = {o.id: o for o in offers}
        projects = {p.id: p for p in session.query(Project).filter(Project.id.in_([m.project_id for m in matches]))}
        items = []
        for match in matches:
            project = projects[match.project_id]
            items.append({**_common(match, by_offer[match.offer_id]), "project": {
                "id": project.id, "name": project.name, "incubator_id": project.incubator_id,
                "stage": project.stage.value, "status": project.status.value}})
        return {"items": items, "weights": _weights_out(weights)}


@blp.route("/industry-chains")
class IndustryChains(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, ChainsSchema)
    def get(self):
        """The industry chains (upstream → downstream links) the matching uses."""
        require_role(*ANY_ROLE)
        return {"chains": list_chains(session=db_session())}

    @roles(Role.admin)
    @blp.arguments(ChainsSchema)
    @blp.response(200, ChainsSchema)
    def put(self, data):
        """Replace the industry chains (admins)."""
        require_role(Role.admin)
        session = db_session()
        replace_chains(data["chains"], session=session)
        session.commit()
        return {"chains": list_chains(session=session)}



